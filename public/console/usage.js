// Usage (GET /usage, docs/api.md#usage): the key's tier, this month's credits, this minute's window,
// subscriptions and feeds against their caps. Free.
import { api } from "./api.js";
import { act, h, messageBox, num, replace, viewHeading, when } from "./dom.js";

/** @param {HTMLElement} main */
export function renderUsage(main) {
  const box = messageBox();
  const body = h("div", null, h("p", { class: "hint", text: "Loading…" }));
  const reload = h("button", { type: "button", class: "secondary", text: "Reload" });

  async function load() {
    const u = (await api("GET", "/usage")).data[0];
    replace(
      body,
      h(
        "dl",
        { class: "stats" },
        stat("Tier", u.tier),
        stat(
          "Credits left this month",
          num(u.credits.remaining),
          u.credits.limit === null ? "no monthly limit" : `of ${num(u.credits.limit)}, ${num(u.credits.used)} used`,
          u.credits.limit === null ? undefined : [u.credits.used, u.credits.limit],
        ),
        stat("Requests left this minute", num(u.rate.remaining), `of ${num(u.rate.limit)} per minute`, [
          u.rate.limit - u.rate.remaining,
          u.rate.limit,
        ]),
        stat(
          "Active alerts",
          num(u.subscriptions.active),
          u.subscriptions.limit === null
            ? "no cap"
            : u.subscriptions.limit === 0
              ? "no webhooks on this tier"
              : `of ${num(u.subscriptions.limit)}`,
          u.subscriptions.limit ? [u.subscriptions.active, u.subscriptions.limit] : undefined,
        ),
        stat("Feeds", num(u.feeds.count), `of ${num(u.feeds.limit)}`, [u.feeds.count, u.feeds.limit]),
      ),
      h("p", { class: "hint", text: `Credits reset ${when(u.credits.resets_at)}; the minute's window ${when(u.rate.resets_at)}.` }),
    );
  }

  reload.addEventListener("click", () => act(reload, box, load));
  replace(main, viewHeading("Usage"), h("div", { class: "row" }, reload), box, body);
  act(null, box, load).then(() => {
    if (!box.hidden) body.replaceChildren();
  });
}

/**
 * @param {string} label
 * @param {string} value
 * @param {string} [detail]
 * @param {[number, number]} [meter] used, limit
 */
function stat(label, value, detail, meter) {
  return h(
    "div",
    { class: "stat" },
    h("dt", { text: label }),
    h("dd", null, value, detail ? h("small", { text: ` ${detail}` }) : null),
    meter
      ? h(
          "dd",
          null,
          h("meter", {
            min: "0",
            max: String(meter[1]),
            value: String(Math.min(meter[0], meter[1])),
            "aria-label": `${label}: ${meter[0]} of ${meter[1]} used`,
          }),
        )
      : null,
  );
}
