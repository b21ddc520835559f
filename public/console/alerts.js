// Alerts: webhook subscriptions (/webhooks, docs/api.md#webhooks): list, create and edit with the
// filter builder, test, pause and resume, rotate the secret, and each one's delivery log with retry
// and replay.
import { api, qs } from "./api.js";
import { act, badge, confirmed, field, h, messageBox, replace, secretPanel, table, viewHeading, when } from "./dom.js";
import { describeFilters, filterBuilder, fromCanonical, handoff } from "./filters.js";

const FORMATS = ["json", "slack", "discord", "telegram"];
const EVENTS = [
  ["jobs.matched", "New matching jobs (always)"],
  ["jobs.updated", "Updates of jobs it was sent"],
  ["jobs.closed", "Closings of jobs it was sent"],
];
const OWNER_PAUSED = "Disabled by its owner";
const REFRESH_MS = 3000;

/**
 * @typedef {object} Subscription
 * @property {string} id
 * @property {string} url
 * @property {Record<string, unknown>} filters
 * @property {string} format
 * @property {string[]} events
 * @property {string | null} telegram_chat_id
 * @property {boolean} batch
 * @property {boolean} active
 * @property {string} description
 * @property {string} secret
 * @property {string | null} previous_secret_expires_at
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string | null} disabled_reason
 */

const label = (/** @type {Subscription} */ s) => s.description || s.url;
const state = (/** @type {Subscription} */ s) => (s.active ? "active" : s.disabled_reason === OWNER_PAUSED ? "paused" : "disabled");

/** @param {HTMLElement} main */
export function renderAlerts(main) {
  const listBox = messageBox();
  const list = h("div", null, h("p", { class: "hint", text: "Loading…" }));
  const panel = h("div");
  /** @type {Subscription[]} */
  let subs = [];
  /** @type {(() => void) | undefined} */
  let stopPanel;

  /** @param {HTMLElement} el @param {() => void} [stop] what to do when another panel replaces this one */
  function openPanel(el, stop) {
    stopPanel?.();
    stopPanel = stop;
    replace(panel, el);
    /** @type {HTMLElement | null} */ (el.querySelector("h3"))?.focus();
  }

  async function loadList() {
    const r = await api("GET", "/webhooks");
    subs = r.data;
    const rows = subs.map((s) => {
      const st = state(s);
      const rowBox = messageBox();
      const name = label(s);
      /** @param {string} text @param {string} aria @param {(b: HTMLButtonElement) => Promise<unknown>} fn @param {string} [cls] */
      const button = (text, aria, fn, cls = "secondary") => {
        const b = h("button", { type: "button", class: cls, text, "aria-label": `${aria}: ${name}` });
        b.addEventListener("click", () => act(b, rowBox, () => fn(b)));
        return b;
      };
      return h(
        "tr",
        { "data-id": s.id },
        h("td", null, h("strong", { text: name }), h("div", { class: "hint mono", text: s.url }), rowBox),
        h("td", { text: describeFilters(s.filters) }),
        h("td", { text: s.format + (s.batch ? " (batch)" : "") }),
        h("td", { text: s.events.join(", ") }),
        h("td", null, badge(st), s.active || st === "paused" ? null : h("div", { class: "hint", text: s.disabled_reason ?? "" })),
        h(
          "td",
          null,
          h(
            "div",
            { class: "row" },
            button("Deliveries", "Deliveries", async () => openDeliveries(s)),
            button("Send test", "Send a test event", async () => {
              const d = (await api("POST", `/webhooks/${s.id}/test`)).data[0];
              openPanel(
                h(
                  "section",
                  { class: "card", "aria-label": "Test result" },
                  h("h3", { text: `Test event to ${name}`, tabindex: "-1" }),
                  h(
                    "p",
                    null,
                    "Status: ",
                    badge(d.status),
                    d.last_status_code ? ` HTTP ${d.last_status_code}` : "",
                    d.last_error ? ` · ${d.last_error}` : "",
                  ),
                  attemptTable(d.attempt_log),
                ),
              );
            }),
            button("Edit", "Edit", async () => openForm(s)),
            button(s.active ? "Pause" : "Resume", s.active ? "Pause" : "Resume", async () => {
              await api("PATCH", `/webhooks/${s.id}`, { body: { active: !s.active } });
              await loadList();
            }),
            button("Rotate secret", "Rotate the signing secret", async () => {
              const n = (await api("POST", `/webhooks/${s.id}/rotate-secret`)).data[0];
              openPanel(
                secretPanel(
                  `New signing secret for ${name}`,
                  `Shown once here: copy it into your receiver. Until ${n.previous_secret_expires_at ?? "the grace period ends"} deliveries carry signatures by both the new and the previous secret.`,
                  [{ label: "Signing secret", value: n.secret }],
                ),
              );
            }),
            button(
              "Delete",
              "Delete",
              async () => {
                if (!confirmed(`Delete the alert "${name}" and its delivery log? Nothing more will be sent to it.`)) return;
                await api("DELETE", `/webhooks/${s.id}`);
                panel.replaceChildren();
                await loadList();
              },
              "danger",
            ),
          ),
        ),
      );
    });
    replace(list, table("Alerts", ["Alert", "Filters", "Format", "Events", "State", "Actions"], rows, "No alert yet: use New alert."));
  }

  /** The create form (no subscription) or the edit form. @param {Subscription} [sub] @param {import("./filters.js").Filters} [filters] */
  function openForm(sub, filters) {
    const box = messageBox();
    const url = h("input", {
      type: "text",
      inputmode: "url",
      name: "url",
      value: sub?.url ?? "",
      autocomplete: "off",
      spellcheck: "false",
    });
    const description = h("input", { type: "text", name: "description", value: sub?.description ?? "", maxlength: "500" });
    const format = h(
      "select",
      { name: "format" },
      FORMATS.map((f) => h("option", { value: f, text: f })),
    );
    format.value = sub?.format ?? "json";
    const chat = h("input", { type: "text", name: "telegram_chat_id", value: sub?.telegram_chat_id ?? "", autocomplete: "off" });
    const chatField = field("Telegram chat id", chat, "a numeric chat id or @channelusername");
    const showChat = () => (chatField.hidden = format.value !== "telegram");
    format.addEventListener("change", showChat);
    showChat();
    const events = EVENTS.map(([v, l]) => {
      const box = h("input", {
        type: "checkbox",
        name: "events",
        value: v,
        checked: v === "jobs.matched" || (sub?.events ?? []).includes(v),
        disabled: v === "jobs.matched",
      });
      return { v, box, el: h("label", null, box, l) };
    });
    const batch = h("input", { type: "checkbox", name: "batch", checked: sub?.batch ?? false });
    const initialFilters = filters ?? fromCanonical(sub?.filters ?? {});
    const builder = filterBuilder({ initial: initialFilters, label: "Alert filters" });
    const startFilters = JSON.stringify(builder.value());
    const submit = h("button", { type: "submit", text: sub ? "Save changes" : "Create alert" });

    function body() {
      /** @type {Record<string, unknown>} */
      const b = {
        url: url.value.trim(),
        description: description.value.trim(),
        format: format.value,
        events: events.filter((e) => e.box.checked).map((e) => e.v),
        batch: batch.checked,
        filters: builder.value(),
      };
      if (format.value === "telegram") b.telegram_chat_id = chat.value.trim();
      if (!sub) return b;
      // PATCH only what changed: a masked Telegram URL or untouched filters stay as they are.
      /** @type {Record<string, unknown>} */
      const patch = {};
      if (b.url !== sub.url) patch.url = b.url;
      if (b.description !== sub.description) patch.description = b.description;
      if (b.format !== sub.format) patch.format = b.format;
      if (JSON.stringify(b.events) !== JSON.stringify([...sub.events].sort(byEventOrder))) patch.events = b.events;
      if (b.batch !== sub.batch) patch.batch = b.batch;
      if (JSON.stringify(b.filters) !== startFilters) patch.filters = b.filters;
      if (format.value === "telegram" && b.telegram_chat_id !== (sub.telegram_chat_id ?? "")) patch.telegram_chat_id = b.telegram_chat_id;
      return patch;
    }

    const form = h(
      "form",
      {
        class: "card",
        novalidate: true,
        "aria-label": sub ? "Edit alert" : "New alert",
        onsubmit: (/** @type {Event} */ e) => {
          e.preventDefault();
          act(submit, box, async () => {
            if (sub) {
              await api("PATCH", `/webhooks/${sub.id}`, { body: body() });
              await loadList();
              box.note("Saved.");
              return;
            }
            const created = (await api("POST", "/webhooks", { body: body() })).data[0];
            await loadList();
            openPanel(
              secretPanel(
                `Alert created: ${label(created)}`,
                "Its signing secret is shown once here: copy it into your receiver to verify deliveries (Standard Webhooks). Rotating it later shows a new one.",
                [{ label: "Signing secret", value: created.secret }],
              ),
            );
          });
        },
      },
      h("h3", { text: sub ? `Edit ${label(sub)}` : "New alert", tabindex: "-1" }),
      h(
        "div",
        { class: "grid" },
        field("Receiver URL", url, "https URL that receives the POSTs (Slack/Discord webhook URL, Telegram bot URL, your endpoint)"),
        field("Description", description, "your note, optional"),
        field("Format", format),
        chatField,
      ),
      h(
        "fieldset",
        null,
        h("legend", { text: "Events" }),
        h(
          "div",
          { class: "checks" },
          events.map((e) => e.el),
        ),
      ),
      h("div", { class: "checks" }, h("label", null, batch, "Batch: up to 100 jobs per delivery")),
      builder.el,
      box,
      h(
        "div",
        { class: "row" },
        submit,
        h("button", { type: "button", class: "secondary", text: "Cancel", onclick: () => panel.replaceChildren() }),
      ),
    );
    openPanel(form);
  }

  /** The delivery log of one subscription, with retry and replay. @param {Subscription} sub */
  function openDeliveries(sub) {
    const box = messageBox(); // what the user did: retry, replay
    const loadBox = messageBox(); // loading the log, auto-refresh included
    const rowsEl = h("div", null, h("p", { class: "hint", text: "Loading…" }));
    const status = h(
      "select",
      { name: "status" },
      [
        ["", "All"],
        ["pending", "Pending"],
        ["delivered", "Delivered"],
        ["failed", "Failed"],
      ].map(([v, l]) => h("option", { value: v, text: l })),
    );
    const refresh = h("button", { type: "button", class: "secondary", text: "Refresh" });
    const older = h("button", { type: "button", class: "secondary", text: "Older deliveries", hidden: true });
    const auto = h("p", { class: "hint", role: "status" });
    /** @type {string | null} */
    let nextCursor = null;
    /** @type {any[]} */
    let shown = [];
    let timer = 0;
    let stopped = false;

    async function load(/** @type {boolean} */ more = false) {
      clearTimeout(timer);
      const r = await api(
        "GET",
        `/webhooks/${sub.id}/deliveries${qs({ status: status.value, limit: 20, cursor: more ? nextCursor : undefined })}`,
      );
      shown = more ? [...shown, ...r.data] : r.data;
      nextCursor = r.next_cursor ?? null;
      older.hidden = !nextCursor;
      render();
      const pending = shown.some((d) => d.status === "pending");
      auto.textContent = pending ? `Pending deliveries: refreshing every ${REFRESH_MS / 1000} s.` : "";
      if (pending && !stopped && !more) timer = window.setTimeout(() => act(null, loadBox, () => load()), REFRESH_MS);
    }

    function render() {
      const rows = shown.flatMap((d) => {
        const retry = h("button", { type: "button", class: "secondary", text: "Retry", "aria-label": `Retry delivery ${d.id}` });
        retry.addEventListener("click", () =>
          act(retry, box, async () => {
            await api("POST", `/webhooks/${sub.id}/deliveries/${d.id}/retry`);
            box.note(`Delivery ${d.id} is pending again.`);
            await load();
          }),
        );
        return [
          h(
            "tr",
            { "data-delivery": d.id },
            h("td", null, h("span", { class: "mono", text: d.id }), h("div", { class: "hint", text: when(d.created_at) })),
            h("td", { text: d.type }),
            h("td", null, badge(d.status), d.next_attempt_at ? h("div", { class: "hint", text: `next ${when(d.next_attempt_at)}` }) : null),
            h("td", { class: "num", text: String(d.attempts) }),
            h("td", { class: "num", text: d.last_status_code === null ? "—" : String(d.last_status_code) }),
            h("td", { text: d.last_error ?? "" }),
            h("td", null, retry),
          ),
          h(
            "tr",
            { class: "attempts" },
            h(
              "td",
              { colspan: "7" },
              h(
                "details",
                { open: d.status === "failed" ? true : null },
                h("summary", {
                  text: `Attempts of ${d.id} (${d.attempt_log.length})${jobList(d.job_ids)}`,
                }),
                attemptTable(d.attempt_log),
              ),
            ),
          ),
        ];
      });
      replace(
        rowsEl,
        table(
          "Deliveries",
          ["Delivery", "Type", "Status", { label: "Attempts", num: true }, { label: "Last HTTP", num: true }, "Last error", "Actions"],
          rows,
          status.value ? `No ${status.value} delivery.` : "No delivery yet: deliveries appear when new jobs match, or after a test.",
        ),
      );
    }

    const since = h("input", { type: "datetime-local", name: "since", step: "1", value: localInput(Date.now() - 86_400_000) });
    const replayBtn = h("button", { type: "submit", text: "Replay failed deliveries" });
    const replay = h(
      "form",
      {
        novalidate: true,
        onsubmit: (/** @type {Event} */ e) => {
          e.preventDefault();
          act(replayBtn, box, async () => {
            const iso = since.value ? new Date(since.value).toISOString().replace(/\.\d{3}Z$/, "Z") : "";
            const r = (await api("POST", `/webhooks/${sub.id}/replay`, { body: { since: iso } })).data[0];
            box.note(`Replayed ${r.replayed} failed deliver${r.replayed === 1 ? "y" : "ies"} created since ${r.since}.`);
            await load();
          });
        },
      },
      h("div", { class: "row" }, field("Replay failed deliveries created since (your local time)", since), replayBtn),
    );

    status.addEventListener("change", () => act(null, loadBox, () => load()));
    refresh.addEventListener("click", () => act(refresh, loadBox, () => load()));
    older.addEventListener("click", () => act(older, loadBox, () => load(true)));

    openPanel(
      h(
        "section",
        { class: "card", "aria-label": "Deliveries" },
        h("h3", { text: `Deliveries of ${label(sub)}`, tabindex: "-1" }),
        h("div", { class: "row" }, field("Status", status), refresh),
        auto,
        loadBox,
        box,
        rowsEl,
        h("div", { class: "row" }, older),
        replay,
      ),
      () => {
        stopped = true;
        clearTimeout(timer);
      },
    );
    act(null, loadBox, () => load());
  }

  const newBtn = h("button", { type: "button", text: "New alert", onclick: () => openForm() });
  replace(
    main,
    viewHeading("Alerts"),
    h("p", {
      class: "hint",
      text: "Webhook subscriptions: matching new jobs are POSTed to the receiver, signed (Standard Webhooks). Each call costs one credit.",
    }),
    h(
      "div",
      { class: "row" },
      newBtn,
      h("button", {
        type: "button",
        class: "secondary",
        text: "Reload",
        onclick: (/** @type {MouseEvent} */ e) => act(/** @type {HTMLButtonElement} */ (e.currentTarget), listBox, loadList),
      }),
    ),
    listBox,
    list,
    panel,
  );
  act(null, listBox, loadList).then(() => {
    if (!listBox.hidden) list.replaceChildren();
  });
  if (handoff.filters) {
    openForm(undefined, handoff.filters);
    handoff.filters = undefined;
  }
  return () => stopPanel?.();
}

/** @param {{ at: string, status_code: number | null, duration_ms: number, error: string | null, response_body: string | null }[]} log */
function attemptTable(log) {
  return table(
    "Attempts",
    ["Time", { label: "HTTP status", num: true }, { label: "Duration", num: true }, "Error", "Response excerpt"],
    log.map((a) =>
      h(
        "tr",
        null,
        h("td", { text: when(a.at) }),
        h("td", { class: "num", text: a.status_code === null ? "no reply" : String(a.status_code) }),
        h("td", { class: "num", text: `${a.duration_ms} ms` }),
        h("td", { text: a.error ?? "" }),
        h("td", null, a.response_body ? h("pre", { text: a.response_body }) : ""),
      ),
    ),
    "No attempt yet.",
  );
}

/** " · jobs 1, 2, 3 and 97 more" (a batch carries up to 100). @param {string[]} ids */
const jobList = (ids) => (ids.length ? ` · jobs ${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ` and ${ids.length - 3} more` : ""}` : "");

const ORDER = EVENTS.map(([v]) => v);
const byEventOrder = (/** @type {string} */ a, /** @type {string} */ b) => ORDER.indexOf(a) - ORDER.indexOf(b);

/** A time as a datetime-local value (the user's local time, seconds). */
function localInput(/** @type {number} */ t) {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}
