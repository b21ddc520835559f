// The job filters a Zap can set: the main GET /jobs filters (docs/api.md#job-filters), with the
// same names, so one set of values serves the webhook subscription (JSON `filters`) and the
// sample list (the /jobs query string).

const inputFields = [
  {
    key: "q",
    label: "Keywords",
    type: "string",
    helpText:
      'Words that must all appear in the title, description, skills or tags. `"exact phrase"`, `react OR vue`, `-wordpress` and `type*` work as on the API.',
  },
  {
    key: "skills",
    label: "Skills",
    type: "string",
    list: true,
    helpText: "Jobs that require any of these skills (whole names, any case), e.g. `React`.",
  },
  {
    key: "category_group",
    label: "Category Group",
    type: "string",
    list: true,
    dynamic: "category_group.id.name",
    helpText: "Jobs in any of these Upwork category groups, e.g. Web, Mobile & Software Dev.",
  },
  {
    key: "category",
    label: "Category",
    type: "string",
    list: true,
    dynamic: "category.id.name",
    helpText: "Jobs in any of these Upwork categories, e.g. Web Development. The list shows the categories of stored jobs.",
  },
  {
    key: "job_type",
    label: "Job Type",
    type: "string",
    choices: [
      { value: "hourly", sample: "hourly", label: "Hourly" },
      { value: "fixed", sample: "fixed", label: "Fixed price" },
    ],
    helpText: "Leave empty for both.",
  },
  {
    key: "budget_min",
    label: "Minimum Fixed Budget",
    type: "number",
    helpText: "Fixed-price jobs paying at least this (hourly jobs never match).",
  },
  {
    key: "budget_max",
    label: "Maximum Fixed Budget",
    type: "number",
    helpText: "Fixed-price jobs paying at most this (hourly jobs never match).",
  },
  {
    key: "hourly_min",
    label: "Minimum Hourly Rate",
    type: "number",
    helpText: "Hourly jobs whose rate range reaches this (fixed-price jobs never match).",
  },
  {
    key: "hourly_max",
    label: "Maximum Hourly Rate",
    type: "number",
    helpText: "Hourly jobs whose rate range starts at or below this (fixed-price jobs never match).",
  },
  {
    key: "payment_verified",
    label: "Payment Verified Clients Only",
    type: "boolean",
    helpText: "Yes: only clients with a verified payment method. No: only unverified ones. Empty: both.",
  },
  {
    key: "country",
    label: "Client Country",
    type: "string",
    list: true,
    helpText: "Two-letter ISO codes of the client's country, e.g. `US`, `GB`, `DE`.",
  },
  { key: "min_total_spent", label: "Client Spent at Least", type: "number", helpText: "The client's total spend on Upwork, in USD." },
  {
    key: "max_applicants",
    label: "At Most This Many Proposals",
    type: "integer",
    helpText: "Jobs with at most this many proposals so far.",
  },
];

const KEYS = inputFields.map((f) => f.key);
const LISTS = new Set(inputFields.filter((f) => f.list).map((f) => f.key));

/** A Zapier boolean as the API spells it ("true"/"false"), or undefined for "no preference". */
function booleanValue(v) {
  if (typeof v === "boolean") return String(v);
  const s = String(v).trim().toLowerCase();
  if (["true", "yes", "1", "on"].includes(s)) return "true";
  if (["false", "no", "0", "off"].includes(s)) return "false";
  return undefined;
}

/** A list field's values: trimmed strings, empty ones dropped (one text may also hold a comma list). */
function listValue(v) {
  const items = Array.isArray(v) ? v : [v];
  return items
    .flatMap((item) => String(item ?? "").split(","))
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The filters set in the Zap, as { name: string | string[] }: empty fields are left out (the API
 * treats them as "no filter" anyway), lists are arrays, everything else a string.
 */
function filtersFrom(inputData = {}) {
  const filters = {};
  for (const key of KEYS) {
    const raw = inputData[key];
    if (raw === undefined || raw === null || raw === "") continue;
    if (LISTS.has(key)) {
      const values = listValue(raw);
      if (values.length) filters[key] = values;
    } else if (key === "payment_verified") {
      const b = booleanValue(raw);
      if (b !== undefined) filters[key] = b;
    } else {
      const s = String(raw).trim();
      if (s) filters[key] = s;
    }
  }
  return filters;
}

/** The same filters as /jobs query parameters: lists comma-joined. */
function queryFrom(filters) {
  const params = {};
  for (const [k, v] of Object.entries(filters)) params[k] = Array.isArray(v) ? v.join(",") : v;
  return params;
}

module.exports = { inputFields, filtersFrom, queryFrom };
