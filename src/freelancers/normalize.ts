// Upstream freelancer search bodies → freelancer objects (docs/api.md#freelancer-object). Three shapes come in:
//   - the website's `visitorFreelancerSearchV2` (docs/upwork-source.md#freelancer-search, fixtures/visitor-search.json),
//   - the official API's `freelancerProfileSearchRecords` (edges { node }),
//   - the hosted `search_freelancers` answer (a relay, or another instance of this API).
// Upstream is loosely typed and drifts (JSS as a fraction or a percent, rates as strings or Money,
// badge spellings), so every field is read defensively and a bad profile is skipped, never fatal.
import { countryName } from "../lib/countries";
import { type Freelancer, FreelancerSchema } from "./model";

export interface NormalizedPage {
  freelancers: Freelancer[];
  /** Upstream's count of all matches, when it says. */
  total: number | null;
  /** One reason per upstream profile that was dropped (no ciphertext, unusable values). */
  skipped: string[];
  /** Official API only: where the next page starts (null on the last page). */
  nextCursor?: string | null;
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function str(v: unknown): string | null {
  if (typeof v === "string") {
    const t = v.trim();
    return t === "" ? null : t;
  }
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function bool(v: unknown): boolean {
  if (typeof v === "string") return ["true", "1", "yes", "verified"].includes(v.trim().toLowerCase());
  return v === true || v === 1;
}

/** A number from a number, a numeric string ("1,234.50", "$35.00/hr") or a Money-like object. */
function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") {
    const m = v.replace(/,/g, "").match(/-?\d+(\.\d+)?/);
    if (!m) return null;
    const n = Number(m[0]);
    return Number.isFinite(n) ? n : null;
  }
  const o = obj(v);
  if (o) return num(o.rawValue ?? o.amount ?? o.value ?? o.displayValue);
  return null;
}

/** Hourly rate as the hosted freelancer search API types it: a decimal string with at least one decimal ("35.0", "12.75"); null when unset. */
export function rateString(v: unknown): string | null {
  const n = num(v);
  if (n === null || n <= 0) return null; // Upwork's minimum rate is above 0: 0 means "not set"
  const rounded = Math.round(n * 100) / 100;
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
}

/** Job Success Score as a 0-1 fraction. Upwork's nSS100BwScore is already a fraction; other sources give percent (96). */
export function jobSuccess(v: unknown): number | null {
  const n = num(v);
  if (n === null || n < 0 || n > 100) return null;
  const fraction = n > 1 ? n / 100 : n;
  return Math.round(fraction * 10000) / 10000;
}

function badgeWord(v: unknown, whenTrue: string): string {
  if (v === true) return whenTrue; // some relays send booleans instead of the status strings
  return typeof v === "string" ? v.toLowerCase().replace(/[^a-z]/g, "") : "";
}

/**
 * The hosted API's badge pair. Top Rated Plus freelancers are also Top Rated (as in its sample answer);
 * "hipo" (rising talent), "none" and anything unknown are no badge.
 */
export function badges(topRatedStatus: unknown, topRatedPlusStatus: unknown): Pick<Freelancer, "top_rated" | "top_rated_plus"> {
  const rated = badgeWord(topRatedStatus, "toprated");
  const plus = rated === "topratedplus" || badgeWord(topRatedPlusStatus, "topratedplus") === "topratedplus";
  return { top_rated: plus || rated === "toprated" ? "top_rated" : null, top_rated_plus: plus ? "top_rated_plus" : null };
}

function skillName(v: unknown): string | null {
  const s = str(v);
  if (s) return s;
  const o = obj(v);
  if (!o) return null;
  return (
    str(o.prettyName) ??
    str(o.preferredLabel) ??
    str(o.prefLabel) ??
    str(o.name) ??
    str(o.skill) ??
    skillName(o.ontologySkill) ??
    skillName(o.node)
  );
}

function skillList(v: unknown): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of arr(v)) {
    const name = skillName(item);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name.slice(0, 100));
    if (out.length === 50) break;
  }
  return out;
}

function intOrNull(v: unknown): number | null {
  const n = num(v);
  return n === null || n < 0 ? null : Math.round(n);
}

function nonNegative(v: unknown): number | null {
  const n = num(v);
  return n === null || n < 0 ? null : n;
}

const CIPHERTEXT = /^~[0-9a-z]{6,64}$/i;

function ciphertextFrom(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    const s = str(c);
    if (!s) continue;
    if (CIPHERTEXT.test(s)) return s;
    const inUrl = s.match(/\/freelancers\/(?:[^/?#]*_)?(~[0-9a-z]{6,64})/i)?.[1];
    if (inUrl) return inUrl;
  }
  return null;
}

function profileUrl(given: unknown, ciphertext: string): string {
  const s = str(given);
  if (s && /^https:\/\/(www\.)?upwork\.com\//.test(s)) return s;
  return `https://www.upwork.com/freelancers/${ciphertext}`;
}

function portraitUrl(v: unknown): string | null {
  const s = str(v);
  if (s) return s;
  const o = obj(v);
  if (!o) return null;
  return str(o.portrait150) ?? str(o.portrait100) ?? str(o.portrait) ?? str(o.portrait500) ?? str(o.url) ?? null;
}

/** Applies the privacy rules last, so no shape can leak a hidden score or total. */
function finish(f: Freelancer): Freelancer {
  if (f.hide_jss) f.job_success_score = null;
  if (f.hide_earnings) f.total_earnings = null;
  return FreelancerSchema.parse(f);
}

// ---- visitorFreelancerSearchV2 ------------------------------------------------------------------

function fromVisitorProfile(p: Obj): Freelancer | null {
  const profile = obj(p.profile) ?? {};
  const personal = obj(profile.personalData) ?? {};
  const identity = obj(profile.identity) ?? {};
  const location = obj(personal.location) ?? {};
  const rate = obj(personal.chargeRate);
  const prefs = obj(profile.preferences) ?? {};
  const agg = obj(profile.profileAggregates) ?? {};
  const verifications = obj(profile.verifications) ?? {};
  const ciphertext = ciphertextFrom(identity.ciphertext, p.ciphertext, personal.profileUrl);
  if (!ciphertext) return null;
  const hourly = rateString(rate ?? personal.hourlyRate);
  const completed =
    intOrNull(p.totalCompletedJobs) ??
    (num(agg.totalHourlyJobs) !== null || num(agg.totalFixedJobs) !== null
      ? (intOrNull(agg.totalHourlyJobs) ?? 0) + (intOrNull(agg.totalFixedJobs) ?? 0)
      : null);
  return finish({
    name: [str(personal.firstName), str(personal.lastName)].filter(Boolean).join(" ") || (str(personal.name) ?? ""),
    title: str(personal.title) ?? "",
    description: str(personal.description) ?? "",
    profile_url: profileUrl(personal.profileUrl, ciphertext),
    portrait_url: portraitUrl(personal.portrait),
    hourly_rate: hourly,
    currency: hourly ? (str(rate?.currency) ?? "USD") : null,
    country: countryName(str(location.country)),
    city: str(location.city),
    state: str(location.state),
    timezone: str(location.timezone),
    skills: skillList(profile.skills),
    job_success_score: jobSuccess(agg.nSS100BwScore),
    total_earnings: nonNegative(p.individualTotalEarnings ?? agg.totalEarnings),
    total_hours: nonNegative(agg.totalHours),
    total_completed_jobs: completed,
    ...badges(agg.topRatedStatus, agg.topRatedPlusStatus),
    vetted: bool(p.vetted),
    id_verified: bool(verifications.idVerified) || str(verifications.idBadgeStatus)?.toUpperCase() === "VERIFIED",
    hide_jss: bool(prefs.hideJss),
    hide_earnings: bool(prefs.hideEarnings),
    ciphertext,
  });
}

/** A `visitorFreelancerSearchV2` answer (full GraphQL body, the inner object, or just its profiles). */
export function normalizeVisitorSearch(body: unknown): NormalizedPage {
  const root = obj(body);
  const inner =
    obj(obj(obj(obj(root?.data)?.search)?.universalSearchNuxt)?.visitorFreelancerSearchV2) ??
    obj(obj(root?.data)?.visitorFreelancerSearchV2) ??
    root;
  const paging = obj(inner?.pagingInfo);
  return collect(Array.isArray(body) ? body : arr(inner?.profiles), fromVisitorProfile, intOrNull(paging?.total));
}

// ---- official freelancerProfileSearchRecords ----------------------------------------------------

function fromOfficialNode(n: Obj): Freelancer | null {
  const ciphertext = ciphertextFrom(n.ciphertext, n.profileUrl);
  if (!ciphertext) return null;
  const location = obj(n.location) ?? {};
  const rate = n.hourlyRate;
  const hourly = rateString(rate);
  const hourlyJobs = intOrNull(n.totalHourlyJobs);
  const fixedJobs = intOrNull(n.totalFixedPriceJobs ?? n.totalFixedJobs);
  const hideEarnings = bool(n.hideEarnings);
  const hideJss = bool(n.hideJss);
  return finish({
    name: str(n.shortName) ?? str(n.name) ?? "",
    title: str(n.title) ?? "",
    description: str(n.description) ?? "",
    profile_url: profileUrl(n.profileUrl, ciphertext),
    portrait_url: portraitUrl(n.portrait),
    hourly_rate: hourly,
    currency: hourly ? (str(obj(rate)?.currency) ?? str(obj(rate)?.currencyCode) ?? str(obj(rate)?.isoCurrencyCode) ?? "USD") : null,
    country: countryName(str(location.country)),
    city: str(location.city),
    state: str(location.state),
    timezone: str(location.timezone),
    skills: skillList(n.skills),
    // The official record carries no JSS and no earnings total (avgFeedbackScore is a 0-5 rating, not a JSS).
    job_success_score: jobSuccess(n.jobSuccessScore),
    total_earnings: nonNegative(n.totalEarnings),
    total_hours: nonNegative(n.totalHours),
    total_completed_jobs: hourlyJobs === null && fixedJobs === null ? null : (hourlyJobs ?? 0) + (fixedJobs ?? 0),
    ...badges(n.topRatedStatus, n.topRatedPlusStatus),
    vetted: bool(n.vetted),
    id_verified: bool(n.idVerified),
    hide_jss: hideJss,
    hide_earnings: hideEarnings,
    ciphertext,
  });
}

/** An official `freelancerProfileSearchRecords` answer (full GraphQL body or the connection itself). */
export function normalizeOfficialSearch(body: unknown): NormalizedPage {
  const root = obj(body);
  const conn = obj(obj(root?.data)?.freelancerProfileSearchRecords) ?? root;
  const nodes = arr(conn?.edges).map((e) => obj(e)?.node);
  const pageInfo = obj(conn?.pageInfo);
  const page = collect(nodes, fromOfficialNode, intOrNull(conn?.totalCount));
  const hasNext = pageInfo?.hasNextPage === true;
  page.nextCursor = hasNext ? (str(pageInfo?.endCursor) ?? null) : null;
  return page;
}

// ---- the hosted search_freelancers --------------------------------------------------------------

function fromSeedObject(f: Obj): Freelancer | null {
  const ciphertext = ciphertextFrom(f.ciphertext, f.profile_url);
  if (!ciphertext) return null;
  const hourly = rateString(f.hourly_rate);
  return finish({
    name: str(f.name) ?? "",
    title: str(f.title) ?? "",
    description: str(f.description) ?? "",
    profile_url: profileUrl(f.profile_url, ciphertext),
    portrait_url: portraitUrl(f.portrait_url),
    hourly_rate: hourly,
    currency: hourly ? (str(f.currency) ?? "USD") : null,
    country: countryName(str(f.country)),
    city: str(f.city),
    state: str(f.state),
    timezone: str(f.timezone),
    skills: skillList(f.skills),
    job_success_score: jobSuccess(f.job_success_score),
    total_earnings: nonNegative(f.total_earnings),
    total_hours: nonNegative(f.total_hours),
    total_completed_jobs: intOrNull(f.total_completed_jobs),
    ...badges(f.top_rated, f.top_rated_plus),
    vetted: bool(f.vetted),
    id_verified: bool(f.id_verified),
    hide_jss: bool(f.hide_jss),
    hide_earnings: bool(f.hide_earnings),
    ciphertext,
  });
}

/** A hosted `search_freelancers` answer: `{"data":{…,"freelancers":[…]},"status":"success"}`. */
export function normalizeSeedSearch(body: unknown): NormalizedPage {
  const root = obj(body);
  const data = obj(root?.data) ?? root;
  return collect(arr(data?.freelancers), fromSeedObject, intOrNull(data?.total_results));
}

function collect(items: unknown[], one: (o: Obj) => Freelancer | null, total: number | null): NormalizedPage {
  const freelancers: Freelancer[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    const o = obj(item);
    if (!o) {
      skipped.push("profile is not an object");
      continue;
    }
    try {
      const f = one(o);
      if (f) freelancers.push(f);
      else skipped.push("profile without a ciphertext");
    } catch (err) {
      // A profile that still fails the schema is dropped rather than failing the page.
      skipped.push(`invalid profile: ${(err instanceof Error ? err.message : String(err)).slice(0, 120)}`);
    }
  }
  return { freelancers, total, skipped };
}
