// Upstream items → the job object (docs/api.md#job-object). Pure functions: no I/O, no clock (callers pass `now`).
// Shapes and quirks are in docs/upwork-source.md#data-quirks: decimal strings for money, `+0000` offsets,
// countries as full names or alpha-3 codes, nulls and missing fields anywhere, no job-type field on
// the search node. Every result is checked against JobSchema, so what is stored is always valid.

import { groupBySlug, groupByUid } from "../jobs/categories";
import { type Job, JobSchema } from "../jobs/model";
import { countryCode } from "../lib/countries";
import { plainLine, plainText } from "../lib/text";
import { isoSeconds } from "../lib/time";

export type Normalized = { ok: true; job: Job } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/** A number from a number, a decimal string ("1500.0") or Money {rawValue}; null otherwise. */
export function num(v: unknown): number | null {
  if (isObj(v)) return num(v.rawValue ?? v.amount);
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

const int = (v: unknown): number => {
  const n = num(v);
  return n === null || n < 0 ? 0 : Math.round(n);
};

/** Any ISO-like timestamp ("2025-10-16T06:06:47+0000", "...Z", "...+05:30", ms or not) → `YYYY-MM-DDTHH:MM:SSZ`. */
export function isoTime(v: unknown): string | null {
  const s = str(v);
  if (!s || !/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  // `+0000` has no colon; not every runtime's Date.parse accepts that, so add it.
  const t = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(t) ? null : isoSeconds(t);
}

/** "30+ hrs/week" → full-time, "Less than 30 hrs/week" → part-time, plus the enum spellings. */
export function engagement(v: unknown): Job["engagement"] {
  const s = (str(v) ?? "").toLowerCase().replace(/_/g, " ");
  if (!s) return "";
  if (/less than 30|part.?time/.test(s)) return "part-time";
  if (/30\+|more than 30|full.?time/.test(s)) return "full-time";
  if (/as.?needed|to be determined/.test(s)) return "as-needed";
  return "";
}

export function contractorTier(v: unknown): Job["contractor_tier"] {
  const s = (str(v) ?? "").toUpperCase();
  if (s.startsWith("EXPERT") || s === "3") return 3;
  if (s.startsWith("INTERMEDIATE") || s === "2") return 2;
  // ENTRY_LEVEL, and NONE / missing (the client set no level): the lowest requirement.
  return 1;
}

/** snake_case or spaced upstream slugs → the kebab-case slugs the API filters on. */
export const slug = (v: unknown): string =>
  (str(v) ?? "")
    .toLowerCase()
    .replace(/&/g, " ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** Upwork's occupation category for one of its category slugs (`web_mobile_software_dev`), as search nodes carry it. */
export function occupationCategory(upworkSlug: string): { id: string; prefLabel: string } | null {
  const group = groupBySlug(slug(upworkSlug));
  return group ? { id: group.uid, prefLabel: group.name } : null;
}

/** "web_mobile_design" → "Web Mobile Design" when upstream gave no label. */
const titleCase = (s: string) => s.replace(/-/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());

function category(node: Obj): Job["category"] {
  const occ = obj(node.occupations);
  const occGroup = obj(occ.category);
  const known = groupBySlug(slug(node.category)) ?? groupByUid(str(occGroup.id) ?? "");
  const groupSlug = slug(node.category) || known?.slug || slug(occGroup.prefLabel);
  const group = str(occGroup.prefLabel) ?? known?.name ?? titleCase(groupSlug);
  const sub = Array.isArray(occ.subCategories) ? obj(occ.subCategories[0]) : {};
  const catSlug = slug(node.subcategory) || slug(sub.prefLabel);
  const name = str(sub.prefLabel) ?? titleCase(catSlug);
  return { name, slug: catSlug, group, group_slug: groupSlug };
}

/** The contract type the detail query knows (HOURLY | FIXED | FIXED_PRICE), when present. */
function contractType(v: unknown): Job["job_type"] | null {
  const s = (str(v) ?? "").toUpperCase();
  if (s === "HOURLY") return 1;
  if (s.startsWith("FIXED")) return 2;
  return null;
}

/** Upstream text is cleaned here, once, as it arrives (docs/upwork-source.md#data-quirks): tags out, entities decoded. */
const cleanTitle = (v: unknown): string | null => (typeof v === "string" ? plainLine(v) || null : null);
const cleanDescription = (v: unknown): string | null => (typeof v === "string" && v.trim() ? plainText(v) : null);

const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];

function validated(job: Job): Normalized {
  const r = JobSchema.safeParse(job);
  if (r.success) return { ok: true, job: r.data };
  const issue = r.error.issues[0];
  return { ok: false, reason: `invalid ${issue?.path.join(".") || "job"}` };
}

/**
 * One `marketplaceJobPostingsSearch` edge node (or the edge itself) → a job.
 * Required: id, title, a publish or create time. Everything else has a documented fallback.
 */
export function normalizeSearchNode(input: unknown): Normalized {
  const node = isObj(input) && "node" in input ? input.node : input;
  if (!isObj(node)) return { ok: false, reason: "not an object" };
  const id = typeof node.id === "number" ? String(node.id) : str(node.id);
  if (!id) return { ok: false, reason: "missing id" };
  const title = cleanTitle(node.title);
  if (!title) return { ok: false, reason: "missing title" };
  const posted = isoTime(node.publishedDateTime) ?? isoTime(node.createdDateTime);
  if (!posted) return { ok: false, reason: "missing or invalid publishedDateTime" };

  const amount = obj(node.amount);
  const fixedAmount = num(amount);
  // No job-type field on the node (docs/upwork-source.md#evidence-about-the-live-graphql-schema): hourly
  // jobs say so in their hourly fields; anything else is fixed-price, an open budget ("0.0") included.
  const hourlySays = str(node.hourlyBudgetType) !== null || num(node.hourlyBudgetMin) !== null || num(node.hourlyBudgetMax) !== null;
  const jobType = contractType(obj(obj(node.job).contractTerms).contractType) ?? (hourlySays ? 1 : 2);
  const positive = (v: unknown) => {
    const n = num(v);
    return n !== null && n > 0 ? n : null;
  };
  const client = obj(node.client);
  const location = obj(client.location);
  const hires = int(client.totalHires);
  const occ = obj(node.occupations);

  return validated({
    id,
    title,
    description: cleanDescription(node.description) ?? "",
    url: `https://www.upwork.com/jobs/${str(node.ciphertext) ?? `~02${id}`}`,
    posted_on: posted,
    last_visited_at: isoTime(node.renewedDateTime) ?? posted,
    job_type: jobType,
    status: 1,
    contractor_tier: contractorTier(node.experienceLevel),
    category: category(node),
    budget: {
      fixed_amount: jobType === 2 ? (fixedAmount ?? 0) : null,
      currency: str(amount.currency) ?? str(obj(node.hourlyBudgetMin).currency) ?? "USD",
    },
    hourly_budget: jobType === 1 ? { min: positive(node.hourlyBudgetMin), max: positive(node.hourlyBudgetMax) } : null,
    buyer: {
      payment_verified: str(client.verificationStatus)?.toUpperCase() === "VERIFIED",
      country: countryCode(str(location.country)) ?? null,
      city: str(location.city),
      timezone: str(location.timezone),
      total_spent: num(client.totalSpent) ?? 0,
      total_assignments: hires,
      // The search node has hires and posted jobs, not jobs-with-hires: hires capped by posted jobs
      // is the closest bound; the detail refresh does not carry it either.
      total_jobs_with_hires: Math.min(hires, Math.max(int(client.totalPostedJobs), hires > 0 ? 1 : 0)),
    },
    skills: uniq((Array.isArray(node.skills) ? node.skills : []).map((s) => str(obj(s).prettyName) ?? str(obj(s).name))),
    tags: uniq([
      ...(Array.isArray(occ.subCategories) ? occ.subCategories.map((s) => str(obj(s).prefLabel)) : []),
      str(obj(occ.occupationService).prefLabel),
      node.enterprise === true ? "enterprise" : null,
      node.premium === true ? "premium" : null,
    ]),
    client_activity: {
      total_applicants: int(node.totalApplicants),
      total_hired: 0,
      total_invited_to_interview: 0,
      unanswered_invites: 0,
      invitations_sent: 0,
      last_buyer_activity: null,
    },
    duration_label: str(node.durationLabel) ?? str(obj(node.engagementDuration).label) ?? "",
    engagement: engagement(node.engagement),
    is_private: false,
    privacy_reason: "",
  });
}

export const PRIVATE_REASON = "This job is private or restricted";

/** What a detail query said about a known job. */
export type DetailOutcome =
  /** The job as it is now; `notes` name what was not understood (kept as the run's skip reasons). */
  | { kind: "job"; job: Job; notes: string[] }
  /** Upstream has no such job (now): the caller closes it only after two such answers in a row. */
  | { kind: "gone" }
  | { kind: "invalid"; reason: string };

// workFlowState.status values are not documented (docs/upwork-source.md#evidence-about-the-live-graphql-schema):
// only these change a job's status; any other value leaves it as it was and is reported.
const OPEN_STATES = new Set(["ACTIVE", "OPEN", "PUBLISHED", "POSTED"]);
const CLOSED_STATES = new Set(["CLOSED", "FILLED", "CANCELLED", "CANCELED", "EXPIRED", "DELETED", "ARCHIVED"]);

/**
 * Applies a detail answer to the stored job: status, client activity, payment verification and
 * title/description edits. Takes the official `marketplaceJobPosting` node or the website's
 * `jobPubDetails` body (the fixtures' shape); `null` means upstream has no such job any more.
 * `errors` are the GraphQL errors of that answer: an access error marks the job private.
 */
export function applyDetail(job: Job, detail: unknown, errors: unknown[] = []): DetailOutcome {
  const messages = errors.map((e) => str(obj(e).message) ?? "").join(" ");
  if (/private|restricted|not accessible|forbidden|403/i.test(messages)) {
    return { kind: "job", job: { ...job, is_private: true, privacy_reason: PRIVATE_REASON }, notes: [] };
  }
  if (detail === null || detail === undefined) {
    if (errors.length) return { kind: "invalid", reason: `detail error: ${messages.slice(0, 120) || "unknown"}` };
    return { kind: "gone" };
  }
  if (!isObj(detail)) return { kind: "invalid", reason: "detail is not an object" };
  const opening = obj(detail.opening);
  const content = obj(detail.content);
  const info = obj(opening.info);
  const activity = isObj(opening.clientActivity) ? opening.clientActivity : obj(obj(detail.activityStat).jobActivity);
  const wf = obj(detail.workFlowState);

  const notes: string[] = [];
  const state = (str(wf.status) ?? str(opening.status) ?? "").toUpperCase();
  // A close result is documented: it closes the job whatever the status says.
  const closed = CLOSED_STATES.has(state) || str(wf.closeResult) !== null;
  const open = !closed && OPEN_STATES.has(state);
  if (state && !closed && !open) notes.push(`unknown workFlowState ${state.slice(0, 40)}`);
  const jobType = contractType(obj(detail.contractTerms).contractType) ?? job.job_type;
  const verified =
    obj(obj(detail.clientCompanyPublic).paymentVerification).paymentVerified ?? obj(detail.buyerExtra).isPaymentMethodVerified;
  const count = (...vs: unknown[]) => {
    const v = vs.find((x) => num(x) !== null);
    return v === undefined ? null : int(v);
  };
  const ca = job.client_activity;
  const next: Job = {
    ...job,
    title: cleanTitle(content.title) ?? cleanTitle(info.title) ?? job.title,
    description: cleanDescription(content.description) ?? cleanDescription(opening.description) ?? job.description,
    status: closed ? 2 : open ? 1 : job.status,
    // The contract type, when the detail says it, settles hourly versus fixed (the search node has no such field).
    job_type: jobType,
    budget: { ...job.budget, fixed_amount: jobType === 2 ? (job.budget.fixed_amount ?? 0) : null },
    hourly_budget: jobType === 1 ? (job.hourly_budget ?? { min: null, max: null }) : null,
    buyer: { ...job.buyer, payment_verified: typeof verified === "boolean" ? verified : job.buyer.payment_verified },
    client_activity: {
      total_applicants: count(activity.totalApplicants) ?? ca.total_applicants,
      total_hired: count(activity.totalHired) ?? ca.total_hired,
      total_invited_to_interview: count(activity.totalInvitedToInterview) ?? ca.total_invited_to_interview,
      unanswered_invites: count(activity.unansweredInvites, activity.totalUnansweredInvites) ?? ca.unanswered_invites,
      invitations_sent: count(activity.invitationsSent, activity.invitesSent) ?? ca.invitations_sent,
      last_buyer_activity: isoTime(activity.lastBuyerActivity ?? activity.lastClientActivity) ?? ca.last_buyer_activity,
    },
  };
  // last_visited_at is the client's most recent activity (docs/api.md#job-object).
  next.last_visited_at = next.client_activity.last_buyer_activity ?? job.last_visited_at;
  const r = validated(next);
  return r.ok ? { kind: "job", job: r.job, notes } : { kind: "invalid", reason: r.reason };
}

/**
 * A job from another instance of this API (the relay source): already in our shape, but checked
 * and tidied the same way (country codes, timestamps, engagement), never trusted blindly.
 */
export function normalizeRelayJob(input: unknown): Normalized {
  if (!isObj(input)) return { ok: false, reason: "not an object" };
  const id = typeof input.id === "number" ? String(input.id) : str(input.id);
  if (!id) return { ok: false, reason: "missing id" };
  const title = cleanTitle(input.title);
  if (!title) return { ok: false, reason: "missing title" };
  const posted = isoTime(input.posted_on);
  if (!posted) return { ok: false, reason: "missing or invalid posted_on" };
  const buyer = obj(input.buyer);
  const ca = obj(input.client_activity);
  const candidate = {
    ...input,
    id,
    title,
    description: cleanDescription(input.description) ?? input.description,
    posted_on: posted,
    last_visited_at: isoTime(input.last_visited_at) ?? posted,
    engagement: engagement(input.engagement),
    buyer: { ...buyer, country: countryCode(str(buyer.country)) ?? null, total_spent: num(buyer.total_spent) ?? 0 },
    client_activity: { ...ca, last_buyer_activity: isoTime(ca.last_buyer_activity) },
  };
  return validated(candidate as Job);
}
