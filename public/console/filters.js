// The filter builder: one control per job filter of GET /jobs (docs/api.md#job-filters), writing the
// same names and values as the query string. Values are sent as typed, so the API validates them and
// its message is what the user sees; nothing is dropped or rewritten here.
import { api } from "./api.js";
import { describeError, field, h, nextId } from "./dom.js";

/** @typedef {Record<string, string>} Filters the /jobs query parameters, as strings */
/**
 * @typedef {object} FieldDef
 * @property {string} name
 * @property {string} label
 * @property {"text" | "select" | "multi" | "bool"} kind
 * @property {string} [hint]
 * @property {[string, string][]} [options] value, label
 * @property {boolean} [numeric]
 * @property {string} [list] datalist source: "category_group" or "category"
 */

/** @type {{ legend: string, fields: FieldDef[] }[]} */
const GROUPS = [
  {
    legend: "What",
    fields: [
      { name: "q", label: "Keywords", kind: "text", hint: 'e.g. react OR vue, "exact phrase", -wordpress' },
      { name: "skills", label: "Skills", kind: "text", hint: "comma list, any of them: typescript,react" },
      { name: "tags", label: "Tags or skills", kind: "text", hint: "comma list, any of them" },
      { name: "category_group", label: "Category group", kind: "text", hint: "slugs, comma list", list: "category_group" },
      { name: "category", label: "Category", kind: "text", hint: "slugs, comma list", list: "category" },
    ],
  },
  {
    legend: "Type and budget",
    fields: [
      {
        name: "job_type",
        label: "Job type",
        kind: "select",
        options: [
          ["", "Any"],
          ["hourly", "Hourly"],
          ["fixed", "Fixed price"],
        ],
      },
      { name: "budget_min", label: "Fixed budget from", kind: "text", numeric: true, hint: "USD; fixed-price jobs only" },
      { name: "budget_max", label: "Fixed budget up to", kind: "text", numeric: true, hint: "USD; fixed-price jobs only" },
      { name: "hourly_min", label: "Hourly rate from", kind: "text", numeric: true, hint: "USD/h; hourly jobs only" },
      { name: "hourly_max", label: "Hourly rate up to", kind: "text", numeric: true, hint: "USD/h; hourly jobs only" },
      {
        name: "contractor_tier",
        label: "Experience level",
        kind: "multi",
        options: [
          ["entry", "Entry"],
          ["intermediate", "Intermediate"],
          ["expert", "Expert"],
        ],
      },
      {
        name: "engagement",
        label: "Engagement",
        kind: "multi",
        options: [
          ["full-time", "Full-time"],
          ["part-time", "Part-time"],
          ["as-needed", "As needed"],
        ],
      },
    ],
  },
  {
    legend: "Client",
    fields: [
      { name: "payment_verified", label: "Payment verified", kind: "bool" },
      { name: "country", label: "Client country", kind: "text", hint: "ISO codes, comma list: US,GB" },
      { name: "exclude_country", label: "Exclude countries", kind: "text", hint: "ISO codes, comma list" },
      { name: "min_total_spent", label: "Client spent at least", kind: "text", numeric: true, hint: "USD" },
      { name: "min_hires", label: "Client hires at least", kind: "text", numeric: true },
    ],
  },
  {
    legend: "Listing",
    fields: [
      {
        name: "status",
        label: "Status",
        kind: "select",
        options: [
          ["open", "Open"],
          ["closed", "Closed"],
          ["any", "Any"],
        ],
      },
      { name: "max_applicants", label: "Applicants at most", kind: "text", numeric: true },
      { name: "is_private", label: "Private listing", kind: "bool" },
      { name: "posted_after", label: "Posted after", kind: "text", hint: "2024-10-24 or 2024-10-24T08:00:00Z" },
      { name: "posted_before", label: "Posted before", kind: "text", hint: "a bare date means the end of that day" },
    ],
  },
];
const FIELDS = GROUPS.flatMap((g) => g.fields);
const ORDER = FIELDS.map((f) => f.name);

const JOB_TYPES = /** @type {Record<string, string>} */ ({ 1: "hourly", 2: "fixed" });
const TIERS = /** @type {Record<string, string>} */ ({ 1: "entry", 2: "intermediate", 3: "expert" });

/**
 * Canonical filters (a subscription's or feed's `filters`, or /filters/from-url's: arrays, numbers,
 * job_type 1/2) → the query-string form the builder shows. Unknown names are kept as they are.
 * @param {Record<string, unknown>} canonical
 * @returns {Filters}
 */
export function fromCanonical(canonical) {
  /** @type {Filters} */
  const out = {};
  for (const [k, v] of Object.entries(canonical ?? {})) {
    if (v === undefined || v === null) continue;
    const list = Array.isArray(v) ? v : [v];
    const words = list.map((x) => {
      const s = String(x);
      if (k === "job_type") return JOB_TYPES[s] ?? s;
      if (k === "contractor_tier") return TIERS[s] ?? s;
      return s;
    });
    out[k] = words.join(",");
  }
  return out;
}

/** Filters as a /jobs query string, in the builder's order, without `status=open` (the default). */
export function toQuery(/** @type {Filters} */ filters) {
  const p = new URLSearchParams();
  const names = [...ORDER, ...Object.keys(filters).filter((k) => !ORDER.includes(k))];
  for (const k of names) {
    const v = filters[k];
    if (v === undefined || v.trim() === "") continue;
    if (k === "status" && v === "open") continue;
    p.set(k, v);
  }
  return p.toString();
}

/** A short human reading of canonical filters, e.g. for a list: "skills=typescript&budget_min=1000". */
export function describeFilters(/** @type {Record<string, unknown>} */ canonical) {
  const q = toQuery(fromCanonical(canonical));
  return q ? decodeURIComponent(q.replace(/\+/g, " ")).replace(/&/g, " & ") : "all open jobs";
}

/** @type {Promise<{ slug: string, name: string, open_jobs: number, categories: { slug: string, name: string, open_jobs: number }[] }[]> | undefined} */
let categories;
/** GET /categories once per page load (one credit); the builder works without it (a failure is shown, and retried next time). */
function loadCategories() {
  categories ??= api("GET", "/categories").then(
    (r) => r.data,
    (err) => {
      categories = undefined;
      throw err;
    },
  );
  return categories;
}

/**
 * A filter builder. `onChange` runs after every edit with the current filters.
 * @param {{ initial?: Filters, onChange?: (f: Filters) => void, label?: string }} [opts]
 */
export function filterBuilder(opts = {}) {
  /** @type {Map<string, () => string>} */
  const getters = new Map();
  /** @type {Map<string, (v: string) => void>} */
  const setters = new Map();
  /** @type {Filters} */
  let extra = {};
  const changed = () => opts.onChange?.(value());
  const groupLists = { category_group: nextId("dl"), category: nextId("dl") };
  const lists = {
    category_group: h("datalist", { id: groupLists.category_group }),
    category: h("datalist", { id: groupLists.category }),
  };

  /** @param {FieldDef} f */
  function control(f) {
    if (f.kind === "select" || f.kind === "bool") {
      const options = f.options ?? [
        ["", "Either"],
        ["true", "Yes"],
        ["false", "No"],
      ];
      const sel = h(
        "select",
        { name: f.name, onchange: changed },
        options.map(([v, l]) => h("option", { value: v, text: l })),
      );
      getters.set(f.name, () => sel.value);
      setters.set(f.name, (v) => {
        if (v && !options.some(([o]) => o === v)) sel.append(h("option", { value: v, text: v }));
        sel.value = v || options[0]?.[0] || "";
      });
      return field(f.label, sel, f.hint);
    }
    if (f.kind === "multi") {
      const boxes = (f.options ?? []).map(([v, l]) => {
        const box = h("input", { type: "checkbox", name: f.name, value: v, onchange: changed });
        return { v, box, label: h("label", null, box, l) };
      });
      getters.set(f.name, () =>
        boxes
          .filter((b) => b.box.checked)
          .map((b) => b.v)
          .join(","),
      );
      setters.set(f.name, (v) => {
        const on = v.split(",").map((s) => s.trim().toLowerCase());
        for (const b of boxes) b.box.checked = on.includes(b.v);
      });
      return h(
        "fieldset",
        { class: "field" },
        h("legend", { text: f.label }),
        h(
          "div",
          { class: "checks" },
          boxes.map((b) => b.label),
        ),
      );
    }
    const input = h("input", {
      type: "text",
      name: f.name,
      inputmode: f.numeric ? "decimal" : null,
      autocomplete: "off",
      spellcheck: "false",
      list: f.list ? groupLists[/** @type {"category" | "category_group"} */ (f.list)] : null,
      oninput: changed,
    });
    getters.set(f.name, () => input.value.trim());
    setters.set(f.name, (v) => {
      input.value = v;
    });
    return field(f.label, input, f.hint);
  }

  /** @returns {Filters} */
  function value() {
    /** @type {Filters} */
    const out = { ...extra };
    for (const [name, get] of getters) {
      const v = get();
      if (v !== "") out[name] = v;
    }
    return out;
  }

  /** @param {Filters} filters */
  function set(filters) {
    extra = {};
    for (const [k, v] of Object.entries(filters)) if (!setters.has(k)) extra[k] = v;
    for (const [name, put] of setters) put(filters[name] ?? (name === "status" ? "open" : ""));
    changed();
  }

  const note = h("p", { class: "hint", hidden: true });
  const el = h(
    "div",
    { class: "filters", role: "group", "aria-label": opts.label ?? "Job filters" },
    GROUPS.map((g, i) =>
      i === 0
        ? h("fieldset", null, h("legend", { text: g.legend }), h("div", { class: "grid" }, g.fields.map(control)))
        : h(
            "details",
            { open: i === 1 ? true : null },
            h("summary", { text: `${g.legend} filters` }),
            h("fieldset", null, h("legend", { text: g.legend }), h("div", { class: "grid" }, g.fields.map(control))),
          ),
    ),
    lists.category_group,
    lists.category,
    note,
  );
  set(opts.initial ?? {});

  // Suggestions for the slugs (GET /categories); typing any slug still works without them.
  loadCategories().then(
    (groups) => {
      lists.category_group.replaceChildren(...groups.map((g) => h("option", { value: g.slug, text: `${g.name} (${g.open_jobs} open)` })));
      lists.category.replaceChildren(
        ...groups.flatMap((g) => g.categories.map((c) => h("option", { value: c.slug, text: `${c.name} (${c.open_jobs} open)` }))),
      );
    },
    (err) => {
      note.textContent = `No category suggestions: ${describeError(err)}`;
      note.hidden = false;
    },
  );

  return { el, value, set };
}

/** Filters handed from one view to another ("Create an alert from this filter"); read once. */
export const handoff = { filters: /** @type {Filters | undefined} */ (undefined) };
