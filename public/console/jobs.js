// Jobs: the filter builder with its GET /jobs URL and live count (POST /filters/preview,
// docs/api.md#filter-preview), Upwork search URLs translated (GET /filters/from-url,
// docs/api.md#filter-from-an-upwork-url), results with cursor paging, a job and its history
// (docs/api.md#jobs).
import { api, qs } from "./api.js";
import { act, field, h, messageBox, replace, table, viewHeading, when } from "./dom.js";
import { filterBuilder, fromCanonical, handoff, toQuery } from "./filters.js";

const PREVIEW_DELAY_MS = 700;
const PAGE_SIZE = 20;

/** @type {import("./filters.js").Filters} */
let remembered = {};

/** @param {HTMLElement} main */
export function renderJobs(main) {
  const urlOut = h("code", { class: "url", id: "jobs-url" });
  const preview = h("div", { id: "preview", role: "status", "aria-live": "polite", "aria-label": "Preview" });
  const previewBox = messageBox();
  let previewTimer = 0;
  let previewSeq = 0;

  function showUrl(/** @type {import("./filters.js").Filters} */ f) {
    const q = toQuery(f);
    urlOut.textContent = `${location.origin}/jobs${q ? `?${q}` : ""}`;
  }

  function schedulePreview(/** @type {import("./filters.js").Filters} */ f) {
    clearTimeout(previewTimer);
    const seq = ++previewSeq;
    preview.textContent = "Counting…";
    previewTimer = window.setTimeout(async () => {
      previewBox.clear();
      try {
        const r = await api("POST", "/filters/preview", { body: { filters: f } });
        if (seq !== previewSeq) return;
        const p = r.data[0];
        replace(
          preview,
          h("strong", { class: "count", text: String(p.counts.last_24h) }),
          ` matching jobs received in the last 24 h · ${p.counts.last_7d} in 7 days · ${p.counts.last_30d} in 30 days. `,
          `An alert with this filter would have sent about ${Number(p.alerts_per_day).toFixed(1)} a day.`,
          p.newest.length
            ? h(
                "ul",
                { class: "hint" },
                p.newest.map((/** @type {any} */ j) => h("li", { text: j.title })),
              )
            : null,
        );
      } catch (err) {
        if (seq !== previewSeq) return;
        preview.textContent = "";
        previewBox.show(err);
      }
    }, PREVIEW_DELAY_MS);
  }

  const builder = filterBuilder({
    initial: remembered,
    onChange: (f) => {
      remembered = f;
      showUrl(f);
      schedulePreview(f);
    },
  });

  // Paste an Upwork search URL.
  const upworkUrl = h("input", {
    type: "url",
    name: "upwork-url",
    placeholder: "https://www.upwork.com/nx/search/jobs/?q=react",
    spellcheck: "false",
  });
  const translateBtn = h("button", { type: "submit", text: "Translate" });
  const translateBox = messageBox();
  const notes = h("div");
  const translate = h(
    "form",
    {
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        act(translateBtn, translateBox, async () => {
          notes.replaceChildren();
          const r = await api("GET", `/filters/from-url${qs({ url: upworkUrl.value.trim() })}`);
          const t = r.data[0];
          builder.set(fromCanonical(t.filters));
          /** @param {string} title @param {{ param: string, value: string, reason: string }[]} list */
          const noteList = (title, list) =>
            list.length
              ? h(
                  "div",
                  null,
                  h("h4", { text: title }),
                  h(
                    "ul",
                    null,
                    list.map((n) => h("li", null, h("code", { text: `${n.param}=${n.value}` }), `: ${n.reason}`)),
                  ),
                )
              : null;
          replace(
            notes,
            h("p", { class: "notice", role: "status", text: `Translated into: ${t.query || "(no filters: all open jobs)"}` }),
            noteList("Approximated", t.approximated),
            noteList("Not translated", t.untranslated),
          );
        });
      },
    },
    field("Upwork search URL", upworkUrl, "Its filters replace the ones below (free: GET /filters/from-url)"),
    h("div", { class: "row" }, translateBtn),
    translateBox,
    notes,
  );

  // Results.
  const results = h("div", null, h("p", { class: "muted", text: "Search to list the matching jobs, newest first (one credit per page)." }));
  const resultsBox = messageBox();
  const pager = h("div", { class: "row" });
  const detail = h("section", { class: "card", hidden: true, "aria-label": "Job detail" });
  const searchBtn = h("button", { type: "button", text: "Search jobs" });
  /** @type {string[]} cursors of the pages before the current one */
  let trail = [];
  /** @type {string | undefined} */
  let cursor;

  async function load() {
    const f = builder.value();
    const q = toQuery(f);
    const sep = q ? "&" : "";
    const r = await api("GET", `/jobs?${q}${sep}limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const rows = r.data.map((/** @type {any} */ j) =>
      h(
        "tr",
        null,
        h("td", null, h("button", { type: "button", class: "link", text: j.title, onclick: () => openJob(j) })),
        h("td", { text: j.job_type === 1 ? `Hourly ${rate(j.hourly_budget)}` : `Fixed ${money(j.budget?.fixed_amount)}` }),
        h("td", {
          text: [
            j.buyer?.country ?? "?",
            `spent ${money(j.buyer?.total_spent)}`,
            j.buyer?.payment_verified ? "verified" : "unverified",
          ].join(" · "),
        }),
        h("td", { class: "num", text: String(j.client_activity?.total_applicants ?? "—") }),
        h("td", { text: when(j.posted_on) }),
      ),
    );
    replace(
      results,
      h("p", { class: "hint", text: `Page ${trail.length + 1}: ${r.count} job${r.count === 1 ? "" : "s"}` }),
      table(
        "Jobs",
        ["Title", "Type and budget", "Client", { label: "Applicants", num: true }, "Posted"],
        rows,
        "No job matches these filters.",
      ),
    );
    const next = r.next_cursor;
    replace(
      pager,
      trail.length
        ? h("button", {
            type: "button",
            class: "secondary",
            text: "First page",
            onclick: (/** @type {MouseEvent} */ e) => {
              trail = [];
              cursor = undefined;
              act(/** @type {HTMLButtonElement} */ (e.currentTarget), resultsBox, load);
            },
          })
        : null,
      next
        ? h("button", {
            type: "button",
            class: "secondary",
            text: "Next page",
            onclick: (/** @type {MouseEvent} */ e) => {
              trail.push(cursor ?? "");
              cursor = next;
              act(/** @type {HTMLButtonElement} */ (e.currentTarget), resultsBox, load);
            },
          })
        : null,
    );
  }
  searchBtn.addEventListener("click", () => {
    trail = [];
    cursor = undefined;
    act(searchBtn, resultsBox, load);
  });

  async function openJob(/** @type {any} */ j) {
    const box = messageBox();
    const history = h("div", null, h("p", { class: "hint", text: "Loading history…" }));
    replace(
      detail,
      h("h3", { text: j.title, tabindex: "-1" }),
      h(
        "dl",
        { class: "kv" },
        kv("Job id", j.id),
        kv("On Upwork", h("a", { href: j.url, rel: "noopener noreferrer", target: "_blank", text: j.url })),
        kv("Status", j.status === 1 ? "open" : "closed"),
        kv("Type", j.job_type === 1 ? `hourly ${rate(j.hourly_budget)}` : `fixed ${money(j.budget?.fixed_amount)}`),
        kv("Category", [j.category?.group, j.category?.name].filter(Boolean).join(" › ") || "—"),
        kv("Skills", (j.skills ?? []).join(", ") || "—"),
        kv(
          "Client",
          `${j.buyer?.country ?? "?"}, spent ${money(j.buyer?.total_spent)}, ${j.buyer?.total_jobs_with_hires ?? 0} jobs with hires`,
        ),
        kv("Posted", when(j.posted_on)),
        kv("Received", when(j.received_at)),
      ),
      h("div", { class: "desc", text: j.description || "(no description)" }),
      h("h4", { text: "History" }),
      box,
      history,
      h("div", { class: "row" }, h("button", { type: "button", class: "secondary", text: "Close", onclick: () => (detail.hidden = true) })),
    );
    detail.hidden = false;
    /** @type {HTMLElement | null} */ (detail.querySelector("h3"))?.focus();
    try {
      const r = await api("GET", `/jobs/${encodeURIComponent(j.id)}/history`);
      replace(
        history,
        r.data.length
          ? h(
              "ol",
              null,
              r.data.map((/** @type {{ at: string, changes: Record<string, any> }} */ e) =>
                h(
                  "li",
                  null,
                  h("strong", { text: when(e.at) }),
                  h(
                    "ul",
                    null,
                    Object.entries(e.changes).map(([k, v]) => h("li", { text: change(k, v) })),
                  ),
                ),
              ),
            )
          : h("p", { class: "muted", text: "No change recorded since this job was stored." }),
      );
    } catch (err) {
      history.replaceChildren();
      box.show(err);
    }
  }

  const toAlert = h("button", {
    type: "button",
    class: "secondary",
    text: "Create an alert from this filter",
    onclick: () => {
      handoff.filters = builder.value();
      location.hash = "#alerts";
    },
  });
  const toFeed = h("button", {
    type: "button",
    class: "secondary",
    text: "Create a feed from this filter",
    onclick: () => {
      handoff.filters = builder.value();
      location.hash = "#feeds";
    },
  });

  replace(
    main,
    viewHeading("Jobs"),
    h(
      "section",
      { class: "card", "aria-labelledby": "h-paste" },
      h("h3", { id: "h-paste", text: "Paste an Upwork search URL" }),
      translate,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "h-filter" },
      h("h3", { id: "h-filter", text: "Filter" }),
      builder.el,
      h("h4", { id: "h-url", text: "The same as" }),
      h("div", { role: "group", "aria-labelledby": "h-url" }, urlOut),
      h("h4", { text: "Preview (one credit per count)" }),
      preview,
      previewBox,
      h("div", { class: "row" }, searchBtn, toAlert, toFeed),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "h-results" },
      h("h3", { id: "h-results", text: "Results" }),
      resultsBox,
      results,
      pager,
    ),
    detail,
  );
  if (handoff.filters) {
    builder.set(handoff.filters);
    handoff.filters = undefined;
  }
  return () => clearTimeout(previewTimer);
}

/** @param {string} k @param {import("./dom.js").Child} v */
const kv = (k, v) => [h("dt", { text: k }), h("dd", null, v)];

/** "$1,500", "$84,500", "$12.50": whole dollars unless cents matter. */
const money = (/** @type {number | null | undefined} */ n) => {
  if (n === null || n === undefined) return "—";
  const cents = !Number.isInteger(n) && n < 1000;
  return `$${new Intl.NumberFormat("en-US", { minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: cents ? 2 : 0 }).format(n)}`;
};
const rate = (/** @type {{ min: number | null, max: number | null } | null} */ r) =>
  r && (r.min !== null || r.max !== null) ? `${money(r.min)}–${money(r.max)}/h` : "(no rate)";

/** One line of a job's history: "client_activity.total_applicants: 3 → 15". */
function change(/** @type {string} */ field, /** @type {any} */ v) {
  if (v && typeof v === "object" && "from" in v) return `${field}: ${short(v.from)} → ${short(v.to)}`;
  if (v && typeof v === "object" && v.changed) return `${field} changed`;
  return `${field}: ${short(v)}`;
}
const short = (/** @type {unknown} */ v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
