// Source (admin): GET /health's source block (docs/api.md#health), the last 24 hours as charts, the
// live poller (GET/POST /admin/poller) and the recent ingestion runs (GET /admin/runs, POST
// /admin/scrape; docs/api.md#admin-api).
//
// The API keeps no 24-hour series of lag or arrivals: /health reports the last hour only. The charts
// derive them: with an API key, from the jobs themselves (GET /jobs, received_at − posted_on, a few
// credits); with the admin token only, arrivals from the runs' `new` counts (poll ticks are not runs,
// so jobs the poller found are missing there) and no lag.
import { api, qs, session } from "./api.js";
import { barChart, lagChart } from "./chart.js";
import { act, badge, duration, h, messageBox, num, replace, table, viewHeading, when } from "./dom.js";

const HOUR = 3_600_000;
const JOB_PAGES = 5;
const RUNS = 100;

/** @param {HTMLElement} main */
export function renderSource(main) {
  const healthBox = messageBox();
  const health = h("div");
  const chartsBox = messageBox();
  const charts = h("div", null, h("p", { class: "hint", text: "Loading…" }));
  const pollerBox = messageBox();
  const poller = h("div");
  const runsBox = messageBox();
  const runs = h("div", null, h("p", { class: "hint", text: "Loading…" }));
  /** @type {any[]} */
  let runList = [];

  async function loadHealth() {
    if (!session.key) {
      replace(
        health,
        h("p", {
          class: "muted",
          text: "GET /health needs an API key (the admin token is refused there): sign in with a key as well to see the source's health.",
        }),
      );
      return;
    }
    const r = await api("GET", "/health");
    const s = r.source ?? {};
    replace(
      health,
      h("p", null, "Source ", h("strong", { text: s.name ?? "?" }), ": ", badge(s.status ?? "unknown"), ` · ${r.message ?? ""}`),
      h(
        "dl",
        { class: "stats" },
        stat("Lag p50 (last hour)", s.lag_seconds ? duration(s.lag_seconds.p50) : "—"),
        stat("Lag p95 (last hour)", s.lag_seconds ? duration(s.lag_seconds.p95) : "—"),
        stat("Jobs in the last hour", num(s.jobs_last_hour)),
        stat("Upstream requests", `${num(s.requests_last_minute)} / min`, `${num(s.requests_today)} today`),
      ),
      h(
        "dl",
        { class: "kv" },
        kv("Last success", when(s.last_success_at)),
        kv("Last successful run", when(r.last_successful_run)),
        kv("Failures in a row", String(s.consecutive_failures ?? 0)),
        kv("Poll interval", s.poll_interval_seconds ? `${s.poll_interval_seconds} s` : "poller off or stopped"),
        kv("Next poll", when(s.next_poll_at)),
        kv("Last error", s.last_error ? `${s.last_error.class}: ${s.last_error.message} (${when(s.last_error.at)})` : "none"),
      ),
    );
  }

  async function loadPoller() {
    const p = (await api("GET", "/admin/poller")).data[0];
    const start = h("button", { type: "button", text: "Start the poller" });
    const stop = h("button", { type: "button", class: "secondary", text: "Stop the poller" });
    /** @param {HTMLButtonElement} b @param {"start" | "stop"} action */
    const send = (b, action) =>
      act(b, pollerBox, async () => {
        await api("POST", "/admin/poller", { body: { action } });
        await loadPoller();
        pollerBox.note(`Poller ${action === "start" ? "started" : "stopped"}.`);
      });
    start.addEventListener("click", () => send(start, "start"));
    stop.addEventListener("click", () => send(stop, "stop"));
    replace(
      poller,
      h(
        "p",
        null,
        "State: ",
        badge(p.state),
        p.stretched ? ` · stretched to ${p.effective_interval_seconds} s to fit the daily budget` : "",
      ),
      h(
        "dl",
        { class: "kv" },
        kv("Interval", `${p.interval_seconds} s (effective ${p.effective_interval_seconds} s)`),
        kv("Last tick", `${when(p.last_tick_at)}${p.last_result ? ` · ${p.last_result}` : ""}`),
        kv("Next tick", when(p.next_tick_at)),
        kv(
          "Ticks",
          `${num(p.ticks)} · ${num(p.jobs_new)} new jobs · ${num(p.failures)} failures (${num(p.consecutive_failures)} in a row)`,
        ),
        kv("Last error", p.last_error ?? "none"),
      ),
      h("div", { class: "row" }, p.state === "running" ? stop : start),
    );
  }

  async function loadRuns() {
    runList = (await api("GET", `/admin/runs${qs({ limit: RUNS })}`)).data;
    const rows = runList.map((r) =>
      h(
        "tr",
        null,
        h("td", { class: "num", text: String(r.id) }),
        h("td", null, badge(r.status)),
        h("td", { text: r.trigger }),
        h("td", { text: when(r.started_at) }),
        h("td", {
          class: "num",
          text: r.finished_at ? duration((Date.parse(r.finished_at) - Date.parse(r.started_at)) / 1000) : "running",
        }),
        h("td", { class: "num", text: String(r.fetched) }),
        h("td", { class: "num", text: String(r.new) }),
        h("td", { class: "num", text: String(r.updated) }),
        h("td", { class: "num", text: String(r.closed) }),
        h("td", { class: "num", text: String(r.skipped) }),
        h("td", { class: "num", text: String(r.requests) }),
        h("td", { text: r.error ?? "" }),
      ),
    );
    replace(
      runs,
      table(
        "Runs",
        [
          "Run",
          "Status",
          "Trigger",
          "Started",
          { label: "Took", num: true },
          { label: "Fetched", num: true },
          { label: "New", num: true },
          { label: "Updated", num: true },
          { label: "Closed", num: true },
          { label: "Skipped", num: true },
          { label: "Requests", num: true },
          "Error",
        ],
        rows,
        "No ingestion run yet.",
      ),
    );
  }

  async function loadCharts() {
    const now = Date.now();
    const first = Math.floor(now / HOUR) * HOUR - 23 * HOUR;
    const labels = Array.from({ length: 24 }, (_, i) => new Date(first + i * HOUR).toISOString().slice(11, 13) + ":00");
    const bucket = (/** @type {number} */ t) => (t >= first ? Math.floor((t - first) / HOUR) : -1);
    if (session.key) {
      /** @type {number[][]} lags in seconds per hour */
      const lags = labels.map(() => []);
      let cursor;
      let pages = 0;
      let read = 0;
      do {
        const r = await api("GET", `/jobs${qs({ status: "any", posted_after: iso(now - 48 * HOUR), limit: 100, cursor })}`);
        pages++;
        read += r.count;
        for (const j of r.data) {
          const received = Date.parse(j.received_at);
          const i = bucket(received);
          if (i >= 0 && i < 24) lags[i]?.push(Math.max(0, (received - Date.parse(j.posted_on)) / 1000));
        }
        cursor = r.next_cursor ?? undefined;
      } while (cursor && pages < JOB_PAGES);
      const note = `Derived from GET /jobs (jobs posted in the last 48 h, ${read} read, ${pages} credit${pages === 1 ? "" : "s"}${cursor ? `; stopped after ${pages * 100}: earlier hours may be incomplete` : ""}), bucketed by received_at. The API keeps no 24 h series: /health reports the last hour.`;
      replace(
        charts,
        barChart(
          "Jobs received per hour (UTC)",
          lags.map((l, i) => ({ label: labels[i] ?? "", value: l.length })),
          note,
        ),
        lagChart(
          "Lag per hour: received_at − posted_on",
          lags.map((l, i) => ({ label: labels[i] ?? "", p50: percentile(l, 0.5), p95: percentile(l, 0.95) })),
          "Same jobs as above.",
          duration,
        ),
      );
      return;
    }
    if (!runList.length) await loadRuns();
    const counts = labels.map(() => 0);
    for (const r of runList) {
      const i = bucket(Date.parse(r.started_at));
      if (i >= 0 && i < 24) counts[i] = (counts[i] ?? 0) + r.new;
    }
    replace(
      charts,
      barChart(
        "New jobs per hour from ingestion runs (UTC)",
        counts.map((v, i) => ({ label: labels[i] ?? "", value: v })),
        `From the last ${RUNS} runs' "new" counts. Poll ticks are not runs, so jobs the live poller found are not in it; sign in with an API key as well for arrivals and lag derived from the jobs themselves.`,
      ),
    );
  }

  const scrape = h("button", { type: "button", text: "Run an ingestion now" });
  scrape.addEventListener("click", () =>
    act(scrape, runsBox, async () => {
      const r = (await api("POST", "/admin/scrape")).data[0];
      await loadRuns();
      runsBox.note(`Run ${r.id} ${r.status}: fetched ${r.fetched}, new ${r.new}, updated ${r.updated}${r.error ? ` · ${r.error}` : ""}.`);
      act(null, healthBox, loadHealth);
    }),
  );
  const reload = h("button", { type: "button", class: "secondary", text: "Reload everything" });
  const loadAll = () =>
    Promise.all([
      act(null, healthBox, loadHealth),
      act(null, pollerBox, loadPoller),
      act(null, runsBox, loadRuns).then(() => act(null, chartsBox, loadCharts)),
    ]);
  reload.addEventListener("click", async () => {
    reload.disabled = true;
    await loadAll();
    reload.disabled = false;
  });

  replace(
    main,
    viewHeading("Source"),
    h("div", { class: "row" }, reload),
    h(
      "section",
      { class: "card", "aria-labelledby": "h-health" },
      h("h3", { id: "h-health", text: "Health (GET /health)" }),
      healthBox,
      health,
    ),
    h("section", { class: "card", "aria-labelledby": "h-24h" }, h("h3", { id: "h-24h", text: "Last 24 hours" }), chartsBox, charts),
    h("section", { class: "card", "aria-labelledby": "h-poller" }, h("h3", { id: "h-poller", text: "Live poller" }), pollerBox, poller),
    h(
      "section",
      { class: "card", "aria-labelledby": "h-runs" },
      h("h3", { id: "h-runs", text: "Recent runs" }),
      h("div", { class: "row" }, scrape),
      runsBox,
      runs,
    ),
  );
  loadAll().then(() => {
    if (!runsBox.hidden && !runList.length) runs.replaceChildren();
    if (!chartsBox.hidden) charts.replaceChildren();
  });
}

/** Nearest-rank percentile, or null for no values. @param {number[]} values @param {number} p */
function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

const iso = (/** @type {number} */ t) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

/** @param {string} k @param {string} v */
const kv = (k, v) => [h("dt", { text: k }), h("dd", { text: v })];

/** @param {string} label @param {string} value @param {string} [detail] */
const stat = (label, value, detail) =>
  h("div", { class: "stat" }, h("dt", { text: label }), h("dd", null, value, detail ? h("small", { text: ` ${detail}` }) : null));
