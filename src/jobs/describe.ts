// A job's budget and client in words, for every place that shows a job to a person: chat messages
// and Telegram (src/push/format.ts) and feed summaries (src/feeds/summary.ts). Pure.
import { COUNTRY_NAMES } from "../lib/countries";
import type { JobView } from "./model";

export const money = (n: number, currency: string) => {
  const symbol = currency === "USD" ? "$" : `${currency} `;
  return `${symbol}${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
};

/** $950, $12.5k, $1.2M: client spend in a notification. */
const compactMoney = (n: number) =>
  n >= 1_000_000
    ? `$${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`
    : n >= 1_000
      ? `$${(n / 1_000).toFixed(1).replace(/\.0$/, "")}k`
      : `$${Math.round(n)}`;

/** "Fixed price: $1,500", "Hourly: $25–$40/hr", "Hourly". */
export function budgetText(j: Pick<JobView, "job_type" | "budget" | "hourly_budget">): string {
  const c = j.budget.currency;
  if (j.job_type === 2) return j.budget.fixed_amount === null ? "Fixed price" : `Fixed price: ${money(j.budget.fixed_amount, c)}`;
  const h = j.hourly_budget;
  if (!h || h.min === null) return "Hourly";
  return h.max === null || h.max === h.min ? `Hourly: ${money(h.min, c)}/hr` : `Hourly: ${money(h.min, c)}–${money(h.max, c)}/hr`;
}

/**
 * "DE · $25k spent · payment verified ✅" in a chat message; "Germany · $25,000 spent · payment
 * verified" in a feed, where there is room for the country's name.
 */
export function clientText(j: Pick<JobView, "buyer">, style: "chat" | "feed"): string {
  const b = j.buyer;
  if (style === "chat") {
    return [
      b.country ?? "country unknown",
      `${compactMoney(b.total_spent)} spent`,
      b.payment_verified ? "payment verified ✅" : "payment not verified",
    ].join(" · ");
  }
  const country = b.country ? (COUNTRY_NAMES[b.country] ?? b.country) : "Country unknown";
  return [country, `${money(b.total_spent, "USD")} spent`, b.payment_verified ? "payment verified" : "payment not verified"].join(" · ");
}
