// Event bodies: our JSON envelope, Slack's / Discord's native incoming-webhook messages, or a
// Telegram sendMessage call. Each renders every event type readably (docs/api.md#events).
import { budgetText, clientText, money } from "../jobs/describe";
import type { JobView } from "../jobs/model";
import { clipText } from "../lib/text";
import type { EventType, Format, JobChanges } from "./types";

export interface EventInput {
  type: EventType;
  subscriptionId: string;
  jobs: JobView[];
  /** Lifecycle events: what changed since the job's previous event. */
  changes?: JobChanges;
  /** When the event was created: fixed, so every retry sends the same bytes. */
  createdAt: string;
  /** format = telegram: the chat to post to. */
  telegramChatId?: string | null;
}

export function eventBody(format: Format, e: EventInput): string {
  if (format === "slack") return JSON.stringify(slackMessage(e));
  if (format === "discord") return JSON.stringify(discordMessage(e));
  if (format === "telegram") return JSON.stringify(telegramMessage(e));
  return JSON.stringify({
    success: true,
    type: e.type,
    subscription_id: e.subscriptionId,
    data: e.jobs,
    count: e.jobs.length,
    ...(e.changes ? { changes: e.changes } : {}),
    last_updated: e.createdAt,
  });
}

// Slack mrkdwn and Discord markdown treat these as markup; job titles are user text.
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const discordEscape = (s: string) => s.replace(/([\\*_~`|>[\]()])/g, "\\$1");

function headline(e: EventInput): string {
  if (e.type === "webhook.test") return "Test event from upwork-jobs-api";
  if (e.type === "jobs.updated") return `Job updated: ${e.jobs[0]?.title ?? ""}`;
  if (e.type === "jobs.closed") return `Job closed: ${e.jobs[0]?.title ?? ""}`;
  return e.jobs.length === 1 ? `New Upwork job: ${e.jobs[0]!.title}` : `${e.jobs.length} new Upwork jobs`;
}

const CHANGE_LABELS: Record<string, string> = {
  status: "Status",
  "client_activity.total_applicants": "Applicants",
  "client_activity.total_hired": "Hired",
  "client_activity.total_invited_to_interview": "Interviewing",
  budget: "Budget",
  hourly_budget: "Hourly rate",
  title: "Title",
  description: "Description",
};

function changeValue(field: string, v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (field === "status") return v === 2 ? "closed" : v === 1 ? "open" : String(v);
  if (field === "budget") {
    const b = v as { fixed_amount?: number | null; currency?: string };
    return b.fixed_amount === null || b.fixed_amount === undefined ? "none" : money(b.fixed_amount, b.currency ?? "USD");
  }
  if (field === "hourly_budget") {
    const h = v as { min?: number | null; max?: number | null };
    if (h.min === null || h.min === undefined) return "not given";
    return h.max === null || h.max === undefined || h.max === h.min
      ? `${money(h.min, "USD")}/hr`
      : `${money(h.min, "USD")}–${money(h.max, "USD")}/hr`;
  }
  return clipText(String(v), 120);
}

/** One plain-text line per change ("Applicants: 5 → 12", "Description changed"). */
function changeLines(changes: JobChanges | undefined): string[] {
  if (!changes) return [];
  return Object.entries(changes).map(([field, c]) =>
    "changed" in c
      ? `${CHANGE_LABELS[field] ?? field} changed`
      : `${CHANGE_LABELS[field] ?? field}: ${changeValue(field, c.from)} → ${changeValue(field, c.to)}`,
  );
}

const SLACK_MAX_JOBS = 20; // Slack allows 50 blocks per message; two per job plus a footer

function slackMessage(e: EventInput) {
  const shown = e.jobs.slice(0, SLACK_MAX_JOBS);
  const blocks: unknown[] = [];
  if (e.type === "webhook.test") blocks.push({ type: "section", text: { type: "mrkdwn", text: "*Test event* from upwork-jobs-api" } });
  if (e.type === "jobs.updated" || e.type === "jobs.closed") {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: e.type === "jobs.closed" ? "*Job closed*" : "*Job updated*" } });
  }
  for (const j of shown) {
    const lines = [
      `*<${j.url}|${slackEscape(clipText(j.title, 150))}>*`,
      ...changeLines(e.changes).map((l) => `🔄 ${slackEscape(l)}`),
      `💰 ${budgetText(j)}   🌍 ${slackEscape(clientText(j, "chat"))}`,
      j.skills.length ? `🛠 ${slackEscape(clipText(j.skills.join(", "), 300))}` : "",
    ].filter(Boolean);
    blocks.push({ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } });
    blocks.push({ type: "divider" });
  }
  if (e.jobs.length > shown.length) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `…and ${e.jobs.length - shown.length} more` }] });
  }
  return { text: clipText(headline(e), 300), blocks };
}

const DISCORD_MAX_EMBEDS = 10;

function discordMessage(e: EventInput) {
  const shown = e.jobs.slice(0, DISCORD_MAX_EMBEDS);
  const more = e.jobs.length - shown.length;
  return {
    content: clipText(`${headline(e)}${more > 0 ? ` (showing ${shown.length}, ${more} more)` : ""}`, 2000),
    embeds: shown.map((j) => ({
      title: clipText(j.title, 256),
      url: j.url,
      description: clipText(discordEscape(j.description), 600),
      timestamp: j.posted_on,
      fields: [
        ...(e.changes ? [{ name: "Changes", value: clipText(discordEscape(changeLines(e.changes).join("\n")), 1024), inline: false }] : []),
        { name: "Budget", value: clipText(budgetText(j), 1024), inline: true },
        { name: "Client", value: clipText(clientText(j, "chat"), 1024), inline: true },
        ...(j.skills.length ? [{ name: "Skills", value: clipText(discordEscape(j.skills.join(", ")), 1024), inline: false }] : []),
      ],
    })),
    allowed_mentions: { parse: [] as string[] }, // job text must never ping anyone
  };
}

const TELEGRAM_MAX_CHARS = 4096;
// Telegram's HTML parse mode: these four are the only characters that must be escaped in text and attributes.
const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function telegramJob(j: JobView, e: EventInput): string {
  const applicants = j.client_activity.total_applicants;
  return [
    `<a href="${htmlEscape(j.url)}"><b>${htmlEscape(clipText(j.title, 200))}</b></a>`,
    ...changeLines(e.changes).map((l) => `🔄 ${htmlEscape(l)}`),
    `💰 ${htmlEscape(budgetText(j))}`,
    `🌍 ${htmlEscape(clientText(j, "chat"))}`,
    `👥 ${applicants === null || applicants === undefined ? "applicants unknown" : `${applicants} applicant${applicants === 1 ? "" : "s"}`}`,
    j.skills.length ? `🛠 ${htmlEscape(clipText(j.skills.join(", "), 300))}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** A sendMessage call: HTML parse mode, every text escaped, within Telegram's 4,096 characters, no link previews. */
function telegramMessage(e: EventInput) {
  const head = `<b>${htmlEscape(e.type === "jobs.matched" ? (e.jobs.length === 1 ? "New Upwork job" : `${e.jobs.length} new Upwork jobs`) : headline(e).split(":")[0]!)}</b>`;
  let text = head;
  let shown = 0;
  for (const j of e.jobs) {
    const block = `\n\n${telegramJob(j, e)}`;
    const rest = e.jobs.length - shown - 1;
    const tail = rest > 0 ? `\n\n…and ${rest} more` : "";
    if (text.length + block.length + tail.length > TELEGRAM_MAX_CHARS) break;
    text += block;
    shown++;
  }
  if (shown < e.jobs.length) text += `\n\n…and ${e.jobs.length - shown} more`;
  return {
    chat_id: e.telegramChatId ?? "",
    text: text.slice(0, TELEGRAM_MAX_CHARS),
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
  };
}
