// Event bodies: our JSON envelope, or Slack's / Discord's native incoming-webhook messages.
import type { Job, JobView } from "../jobs/model";
import type { EventType, Format } from "./types";

export interface EventInput {
  type: EventType;
  subscriptionId: string;
  jobs: JobView[];
  /** When the event was created: fixed, so every retry sends the same bytes. */
  createdAt: string;
}

export function eventBody(format: Format, e: EventInput): string {
  if (format === "slack") return JSON.stringify(slackMessage(e));
  if (format === "discord") return JSON.stringify(discordMessage(e));
  return JSON.stringify({
    success: true,
    type: e.type,
    subscription_id: e.subscriptionId,
    data: e.jobs,
    count: e.jobs.length,
    last_updated: e.createdAt,
  });
}

const money = (n: number, currency: string) => {
  const symbol = currency === "USD" ? "$" : `${currency} `;
  return `${symbol}${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
};

const compact = (n: number) =>
  n >= 1_000_000
    ? `$${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`
    : n >= 1_000
      ? `$${(n / 1_000).toFixed(1).replace(/\.0$/, "")}k`
      : `$${Math.round(n)}`;

function budgetText(j: Job): string {
  if (j.job_type === 2)
    return j.budget.fixed_amount === null ? "Fixed price" : `Fixed price: ${money(j.budget.fixed_amount, j.budget.currency)}`;
  const h = j.hourly_budget;
  if (!h || h.min === null) return "Hourly";
  const c = j.budget.currency;
  return h.max === null || h.max === h.min ? `Hourly: ${money(h.min, c)}/hr` : `Hourly: ${money(h.min, c)}–${money(h.max, c)}/hr`;
}

function clientText(j: Job): string {
  const b = j.buyer;
  return [
    b.country ?? "country unknown",
    `${compact(b.total_spent)} spent`,
    b.payment_verified ? "payment verified ✅" : "payment not verified",
  ].join(" · ");
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
// Slack mrkdwn and Discord markdown treat these as markup; job titles are user text.
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const discordEscape = (s: string) => s.replace(/([\\*_~`|>[\]()])/g, "\\$1");

function headline(e: EventInput): string {
  if (e.type === "webhook.test") return "Test event from upwork-jobs-api";
  return e.jobs.length === 1 ? `New Upwork job: ${e.jobs[0]!.title}` : `${e.jobs.length} new Upwork jobs`;
}

const SLACK_MAX_JOBS = 20; // Slack allows 50 blocks per message; two per job plus a footer

function slackMessage(e: EventInput) {
  const shown = e.jobs.slice(0, SLACK_MAX_JOBS);
  const blocks: unknown[] = [];
  if (e.type === "webhook.test") blocks.push({ type: "section", text: { type: "mrkdwn", text: "*Test event* from upwork-jobs-api" } });
  for (const j of shown) {
    const lines = [
      `*<${j.url}|${slackEscape(clip(j.title, 150))}>*`,
      `💰 ${budgetText(j)}   🌍 ${slackEscape(clientText(j))}`,
      j.skills.length ? `🛠 ${slackEscape(clip(j.skills.join(", "), 300))}` : "",
    ].filter(Boolean);
    blocks.push({ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } });
    blocks.push({ type: "divider" });
  }
  if (e.jobs.length > shown.length) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `…and ${e.jobs.length - shown.length} more` }] });
  }
  return { text: clip(headline(e), 300), blocks };
}

const DISCORD_MAX_EMBEDS = 10;

function discordMessage(e: EventInput) {
  const shown = e.jobs.slice(0, DISCORD_MAX_EMBEDS);
  const more = e.jobs.length - shown.length;
  return {
    content: clip(`${headline(e)}${more > 0 ? ` (showing ${shown.length}, ${more} more)` : ""}`, 2000),
    embeds: shown.map((j) => ({
      title: clip(j.title, 256),
      url: j.url,
      description: clip(discordEscape(j.description), 600),
      timestamp: j.posted_on,
      fields: [
        { name: "Budget", value: clip(budgetText(j), 1024), inline: true },
        { name: "Client", value: clip(clientText(j), 1024), inline: true },
        ...(j.skills.length ? [{ name: "Skills", value: clip(discordEscape(j.skills.join(", ")), 1024), inline: false }] : []),
      ],
    })),
    allowed_mentions: { parse: [] as string[] }, // job text must never ping anyone
  };
}
