// An Upwork job-search URL (what users saved on upwork.com) → the equivalent GET /jobs parameters
// (the /jobs names: docs/api.md#job-filters). Every URL parameter ends up in exactly one place: a
// /jobs parameter, `approximated` (translated, with a stated difference) or `untranslated` (with
// why): nothing is dropped silently. Pure: the route validates the result like any /jobs query.
import { countryCode } from "../lib/countries";
import { groupByUid } from "./categories";

interface UrlNote {
  param: string;
  value: string;
  reason: string;
}

export interface TranslatedSearch {
  /** /jobs parameter → value, as a query string carries it. */
  params: Record<string, string>;
  approximated: UrlNote[];
  untranslated: UrlNote[];
}

const SEARCH_PATHS = [
  /^\/nx\/search\/jobs\/?$/,
  /^\/nx\/jobs\/search\/?$/,
  /^\/ab\/jobs\/search\/?$/,
  /^\/search\/jobs\/?$/,
  /^\/ab\/feed\/jobs\/(rss|atom)\/?$/,
];

/** The URL as an Upwork job search, or why it is not one. */
export function parseUpworkSearchUrl(input: string): URL | string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return "not a URL";
  }
  if (!/^(www\.)?upwork\.com$/i.test(url.hostname) || !/^https?:$/.test(url.protocol)) return "expected an upwork.com URL";
  if (!SEARCH_PATHS.some((p) => p.test(url.pathname)))
    return "expected an Upwork job search URL (https://www.upwork.com/nx/search/jobs/?q=…)";
  return url;
}

/** Parameters that only page or track a search: not filters, listed as such. */
const NOT_FILTERS = new Set([
  "page",
  "per_page",
  "paging",
  "nbs",
  "from_recent_search",
  "api_params",
  "securitytoken",
  "useruid",
  "orguid",
  "search_id",
  "highlight",
]);
/** Upwork's location filter also takes regions, which no country list replaces. */
const REGIONS = new Set(["americas", "europe", "asia", "africa", "oceania", "antarctica", "middle east"]);

interface Range {
  min: number | null;
  max: number | null;
}

/** "500-999" / "5000-" / "-100" / "0" → a range; null when not one. */
function range(s: string): Range | null {
  const m = /^(\d+(?:\.\d+)?)?-(\d+(?:\.\d+)?)?$/.exec(s.trim()) ?? /^(\d+(?:\.\d+)?)$/.exec(s.trim());
  if (!m) return null;
  if (m.length === 2) return { min: Number(m[1]), max: Number(m[1]) };
  return { min: m[1] === undefined ? null : Number(m[1]), max: m[2] === undefined ? null : Number(m[2]) };
}

/** Several ranges as the one range covering them all, and whether that covers more than they do (a gap). */
function hull(ranges: Range[]): { range: Range; widened: boolean } {
  const sorted = [...ranges].sort((a, b) => (a.min ?? 0) - (b.min ?? 0));
  let widened = false;
  for (let i = 1; i < sorted.length; i++) {
    const prevMax = sorted[i - 1]!.max;
    // Upwork's buckets are 0-4, 5-9 …: the next starts one above the previous end.
    if (prevMax !== null && (sorted[i]!.min ?? 0) > prevMax + 1) widened = true;
  }
  const min = sorted.some((r) => r.min === null) ? null : Math.min(...sorted.map((r) => r.min!));
  const max = sorted.some((r) => r.max === null) ? null : Math.max(...sorted.map((r) => r.max!));
  return { range: { min, max }, widened };
}

const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Upwork's keyword syntax (AND, OR, NOT, quotes, parentheses) → ours (words AND-ed, OR, -word, "phrases"). */
function keywords(q: string): { q: string; approximated: string | null } {
  const out = q
    .replace(/\bNOT\s+/g, "-")
    .replace(/\bAND\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return {
    q: out.replace(/[()]/g, "").trim(),
    approximated: /[()]/.test(out) ? "parentheses are not grouped in /jobs keyword search: the words are kept, the grouping is not" : null,
  };
}

export function translateUpworkSearch(url: URL): TranslatedSearch {
  const params: Record<string, string> = {};
  const approximated: UrlNote[] = [];
  const untranslated: UrlNote[] = [];
  const values = new Map<string, string>();
  for (const [k, v] of url.searchParams)
    values.set(k.toLowerCase(), values.has(k.toLowerCase()) ? `${values.get(k.toLowerCase())},${v}` : v);

  // The job types the search shows: `t` (0 hourly, 1 fixed) or the older `job_type`.
  const types = new Set<string>();
  for (const t of list(values.get("t") ?? "")) types.add(t === "0" ? "hourly" : t === "1" ? "fixed" : `?${t}`);
  for (const t of list(values.get("job_type") ?? "")) types.add(t.toLowerCase());
  const hourlyShown = types.size === 0 || types.has("hourly");
  const fixedShown = types.size === 0 || types.has("fixed");
  const amount = values.get("amount") ?? values.get("budget");
  const rate = values.get("hourly_rate");

  for (const [param, value] of values) {
    const note = (reason: string) => untranslated.push({ param, value, reason });
    const approx = (reason: string) => approximated.push({ param, value, reason });
    switch (param) {
      case "q": {
        const k = keywords(value);
        if (k.q) params.q = k.q;
        if (k.approximated) approx(k.approximated);
        break;
      }
      case "sort":
        if (value !== "recency") note("/jobs lists newest first only");
        break;
      case "t":
      case "job_type": {
        const unknown = [...types].filter((t) => t !== "hourly" && t !== "fixed");
        if (unknown.length) note(`unknown job type ${unknown.join(", ")}`);
        else if (types.size === 1) params.job_type = [...types][0]!;
        break;
      }
      case "contractor_tier": {
        const tiers = list(value).filter((t) => ["1", "2", "3"].includes(t));
        if (tiers.length !== list(value).length) note("experience levels are 1, 2 and 3");
        else if (tiers.length && tiers.length < 3) params.contractor_tier = tiers.join(",");
        break;
      }
      case "amount":
      case "budget": {
        const ranges = list(value).map(range);
        if (!ranges.length || ranges.some((r) => r === null)) note("not a list of ranges like 500-999,5000-");
        else if (rate !== undefined)
          note("/jobs cannot combine a fixed-price budget with an hourly rate (each filter leaves the other job type out)");
        else {
          const h = hull(ranges as Range[]);
          if (h.range.min !== null && h.range.min > 0) params.budget_min = String(h.range.min);
          if (h.range.max !== null) params.budget_max = String(h.range.max);
          const why = [
            h.widened ? `the ranges have gaps: /jobs takes ${h.range.min ?? 0}-${h.range.max ?? ""} as one range` : "",
            hourlyShown ? "hourly jobs are left out (a /jobs budget matches fixed-price jobs only)" : "",
          ].filter(Boolean);
          if (why.length) approx(why.join("; "));
        }
        break;
      }
      case "hourly_rate": {
        const r = range(value);
        if (!r) note("not a range like 25-50 or 35-");
        else if (amount !== undefined)
          note("/jobs cannot combine a fixed-price budget with an hourly rate (each filter leaves the other job type out)");
        else {
          if (r.min !== null && r.min > 0) params.hourly_min = String(r.min);
          if (r.max !== null) params.hourly_max = String(r.max);
          if (fixedShown) approx("fixed-price jobs are left out (a /jobs hourly rate matches hourly jobs only)");
        }
        break;
      }
      case "payment_verified":
      case "verified_payment_only":
        if (value === "1" || value === "true") params.payment_verified = "true";
        else note("expected 1");
        break;
      case "proposals": {
        const ranges = list(value).map(range);
        if (!ranges.length || ranges.some((r) => r === null)) note("not a list of ranges like 0-4,5-9");
        else {
          const h = hull(ranges as Range[]);
          if ((h.range.min ?? 0) > 0) note("/jobs has a maximum of applicants (max_applicants), no minimum");
          else if (h.range.max !== null) {
            params.max_applicants = String(h.range.max);
            if (h.widened) approx(`the ranges have gaps: /jobs takes at most ${h.range.max}`);
          }
        }
        break;
      }
      case "client_hires": {
        const ranges = list(value).map(range);
        if (!ranges.length || ranges.some((r) => r === null)) note("not a list of ranges like 1-9,10-");
        else {
          const h = hull(ranges as Range[]);
          if (h.range.max !== null) note("/jobs has a minimum of client hires (min_hires), no maximum");
          else if ((h.range.min ?? 0) > 0) {
            params.min_hires = String(h.range.min);
            if (h.widened) approx(`the ranges have gaps: /jobs takes ${h.range.min} or more`);
          }
        }
        break;
      }
      case "location": {
        const codes: string[] = [];
        const left: string[] = [];
        for (const place of list(value)) {
          const code = REGIONS.has(place.toLowerCase()) ? undefined : countryCode(place);
          if (code) codes.push(code);
          else left.push(place);
        }
        if (codes.length) params.country = [...new Set(codes)].join(",");
        if (left.length) {
          const reason = `${left.join(", ")}: not a country (/jobs filters by country; regions are not expanded)`;
          if (codes.length) approx(reason);
          else note(reason);
        }
        break;
      }
      case "category2_uid": {
        const slugs = list(value).map((uid) => groupByUid(uid)?.slug);
        if (slugs.some((s) => !s)) note("unknown Upwork category id");
        else params.category_group = slugs.join(",");
        break;
      }
      case "workload": {
        const map: Record<string, string> = { full_time: "full-time", part_time: "part-time", as_needed: "as-needed" };
        const mapped = list(value).map((w) => map[w]);
        if (mapped.some((w) => !w)) note("workload values are as_needed, part_time and full_time");
        else params.engagement = mapped.join(",");
        break;
      }
      case "subcategory2_uid":
        note("Upwork subcategory ids have no /jobs equivalent: use category=<slug> (GET /categories lists them)");
        break;
      case "duration_v3":
      case "duration":
        note("/jobs has no project-length filter");
        break;
      case "contract_to_hire":
      case "previous_clients":
      case "user_location_match":
      case "ontology_skill_uid":
      case "freelancers_needed":
      case "connect_price":
        note("/jobs has no such filter");
        break;
      default:
        note(NOT_FILTERS.has(param) ? "pages or tracks the search, not a filter" : "not a known Upwork search parameter");
    }
  }
  return { params, approximated, untranslated };
}
