// THE job filter: one zod definition for GET /jobs query strings and webhook subscription filters.
// `filterToSql` (filter-sql.ts) and `matchesJob` (filter-match.ts) both read the JobFilter it produces.
import { z } from "@hono/zod-openapi";
import { COUNTRY_NAMES } from "../lib/countries";
import { boolField, choice, field, InvalidValue, list, listField, MAX_NUMBER, numberField, single } from "../lib/params";
import { isoSeconds } from "../lib/time";
import { type KeywordQuery, parseKeywordQuery } from "./keyword";
import { CONTRACTOR_TIER, ENGAGEMENTS, JOB_TYPE } from "./model";

export interface JobFilter {
  q?: { text: string; query: KeywordQuery };
  tags?: string[];
  skills?: string[];
  category?: string[];
  category_group?: string[];
  job_type?: 1 | 2;
  contractor_tier?: (1 | 2 | 3)[];
  status: "open" | "closed" | "any";
  engagement?: string[];
  is_private?: boolean;
  budget_min?: number;
  budget_max?: number;
  hourly_min?: number;
  hourly_max?: number;
  payment_verified?: boolean;
  country?: string[];
  exclude_country?: string[];
  min_total_spent?: number;
  min_hires?: number;
  max_applicants?: number;
  posted_after?: string;
  posted_before?: string;
}

const quote = (s: string) => `'${s.slice(0, 40)}'`;

function enumList<T>(value: unknown, names: Record<string, T>, expected: string): T[] | undefined {
  const items = list(value);
  if (!items) return undefined;
  const out: T[] = [];
  for (const item of items) {
    const v = Object.hasOwn(names, item.toLowerCase()) ? names[item.toLowerCase()] : undefined;
    if (v === undefined) throw new InvalidValue(`${quote(item)} is not one of ${expected}`);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
function slugList(value: unknown): string[] | undefined {
  const items = list(value)?.map((s) => s.toLowerCase());
  const bad = items?.find((s) => !SLUG.test(s));
  if (bad !== undefined) throw new InvalidValue(`${quote(bad)} is not a slug (lower-case letters, digits and '-')`);
  return items;
}

function termList(value: unknown): string[] | undefined {
  const items = list(value)?.map((s) => s.toLowerCase());
  if (items?.some((s) => s.length > 100)) throw new InvalidValue("each value is at most 100 characters");
  return items;
}

function countryList(value: unknown): string[] | undefined {
  const items = list(value)?.map((s) => s.toUpperCase());
  const bad = items?.find((s) => !Object.hasOwn(COUNTRY_NAMES, s));
  if (bad !== undefined)
    throw new InvalidValue(`${quote(bad)} is not an ISO 3166-1 alpha-2 country code${bad === "UK" ? " (the United Kingdom is GB)" : ""}`);
  return items;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO 8601 → 'YYYY-MM-DDTHH:MM:SSZ'. A bare date means the start of that day (UTC), or its end for an upper bound. */
function isoInstant(value: unknown, endOfDay: boolean): string | undefined {
  const s = single(value);
  if (s === undefined) return undefined;
  let text = s;
  if (ISO_DATE.test(s)) text = `${s}T${endOfDay ? "23:59:59" : "00:00:00"}Z`;
  else if (!ISO_DATETIME.test(s)) throw new InvalidValue("expected an ISO 8601 date or date-time, e.g. 2024-10-24T08:00:00Z");
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) text = `${s}Z`; // no offset: UTC
  const ms = Date.parse(text.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (Number.isNaN(ms) || !sameCalendarDate(text, ms)) throw new InvalidValue("not a valid date");
  return isoSeconds(ms);
}

/** Date.parse rolls 2025-02-30 over to March; a date that does not exist is an error instead. */
function sameCalendarDate(text: string, ms: number): boolean {
  const [y, m, d] = text.slice(0, 10).split("-").map(Number);
  const probe = new Date(Date.UTC(y!, m! - 1, d!));
  return probe.getUTCMonth() === m! - 1 && probe.getUTCDate() === d && Number.isFinite(ms);
}

const JOB_TYPES: Record<string, 1 | 2> = { hourly: JOB_TYPE.hourly, fixed: JOB_TYPE.fixed, "1": 1, "2": 2 };
const TIERS: Record<string, 1 | 2 | 3> = { ...CONTRACTOR_TIER, "1": 1, "2": 2, "3": 3 };
const ENGAGEMENT_NAMES = Object.fromEntries(ENGAGEMENTS.map((e) => [e, e]));
const STATUSES = { open: "open", closed: "closed", any: "any" } as const;
const AMOUNT = { min: 0, max: MAX_NUMBER };
const COUNT = { min: 0, max: MAX_NUMBER, integer: true };

const SLUG_SCHEMA = { type: "string", pattern: SLUG.source };
const TERM_SCHEMA = { type: "string", minLength: 1, maxLength: 100 };
const COUNTRY_SCHEMA = { type: "string", enum: Object.keys(COUNTRY_NAMES) };
const INSTANT_SCHEMA = {
  anyOf: [
    { type: "string", format: "date-time" },
    { type: "string", format: "date" },
  ],
};
/** Every filter, by its public /jobs name. */
export const jobFilterFields = {
  q: field(
    (v) => {
      const text = single(v);
      if (text === undefined) return undefined;
      if (text.length > 500) throw new InvalidValue("at most 500 characters");
      return { text, query: parseKeywordQuery(text) };
    },
    {
      type: "string",
      maxLength: 500,
      description: 'Keywords over title, description, skills and tags. Words are AND-ed; "quoted phrase"; a OR b; -exclude; prefix*.',
      example: '"cloudflare workers" typescript -wordpress',
    },
  ),
  tags: listField(termList, TERM_SCHEMA, {
    description: "Comma list; any equal (case-insensitive) to one of the job's tags or skills.",
    example: "newsletter,saas",
  }),
  skills: listField(termList, TERM_SCHEMA, {
    description: "Comma list; any equal (case-insensitive) to one of the job's skills.",
    example: "typescript",
  }),
  category: listField(slugList, SLUG_SCHEMA, { description: "Category slugs, comma list.", example: "web-development" }),
  category_group: listField(slugList, SLUG_SCHEMA, {
    description: "Category group slugs, comma list.",
    example: "web-mobile-software-dev",
  }),
  job_type: field((v) => choice(v, JOB_TYPES, "hourly, fixed, 1 or 2"), {
    type: "string",
    enum: Object.keys(JOB_TYPES),
    description: "hourly or fixed (1 or 2).",
    example: "fixed",
  }),
  contractor_tier: listField(
    (v) => enumList(v, TIERS, "entry, intermediate, expert, 1, 2, 3"),
    { type: "string", enum: Object.keys(TIERS) },
    { description: "entry, intermediate, expert (or 1-3), comma list.", example: "intermediate,expert" },
  ),
  // Absent: toJobFilter applies the default (open).
  status: field((v) => choice(v, STATUSES, "open, closed or any"), {
    type: "string",
    enum: Object.keys(STATUSES),
    default: "open",
    description: "open (default), closed or any.",
    example: "open",
  }),
  engagement: listField(
    (v) => enumList(v, ENGAGEMENT_NAMES, ENGAGEMENTS.join(", ")),
    { type: "string", enum: [...ENGAGEMENTS] },
    { description: "full-time, part-time, as-needed; comma list.", example: "full-time" },
  ),
  is_private: boolField({ description: "true or false.", example: "false" }),
  budget_min: numberField(AMOUNT, { description: "Fixed-price jobs with fixed_amount ≥ this (hourly jobs never match).", example: "1000" }),
  budget_max: numberField(AMOUNT, { description: "Fixed-price jobs with fixed_amount ≤ this (hourly jobs never match).", example: "5000" }),
  hourly_min: numberField(AMOUNT, { description: "Hourly jobs whose range reaches this rate (fixed jobs never match).", example: "40" }),
  hourly_max: numberField(AMOUNT, { description: "Hourly jobs whose range starts at or below this rate.", example: "100" }),
  payment_verified: boolField({ description: "Buyer's payment method verified: true or false.", example: "true" }),
  country: listField(countryList, COUNTRY_SCHEMA, { description: "Buyer country, ISO 3166-1 alpha-2, comma list.", example: "US,GB" }),
  exclude_country: listField(countryList, COUNTRY_SCHEMA, {
    description: "Exclude buyers from these countries (ISO alpha-2).",
    example: "IN",
  }),
  min_total_spent: numberField(AMOUNT, { description: "Buyer's total spend ≥ this.", example: "10000" }),
  min_hires: numberField(COUNT, { description: "buyer.total_jobs_with_hires ≥ this.", example: "5" }),
  max_applicants: numberField(COUNT, { description: "client_activity.total_applicants ≤ this.", example: "10" }),
  posted_after: field((v) => isoInstant(v, false), {
    ...INSTANT_SCHEMA,
    description: "Posted at or after (ISO 8601).",
    example: "2024-10-24T00:00:00Z",
  }),
  posted_before: field((v) => isoInstant(v, true), {
    ...INSTANT_SCHEMA,
    description: "Posted at or before (ISO 8601; a bare date means the end of that day).",
    example: "2024-10-25",
  }),
};

type FilterFields = typeof jobFilterFields;
type Parsed = { [K in keyof FilterFields]?: z.output<FilterFields[K]> };

/** Bounds that must be ordered; reported against the upper bound's name. */
const RANGES = [
  ["budget_min", "budget_max"],
  ["hourly_min", "hourly_max"],
  ["posted_after", "posted_before"],
] as const;

export function checkRanges(f: Partial<Parsed>, ctx: z.RefinementCtx): void {
  for (const [lo, hi] of RANGES) {
    const a = f[lo];
    const b = f[hi];
    if (a !== undefined && b !== undefined && a > b) {
      ctx.addIssue({ code: "custom", path: [hi], message: `must not be below ${lo}` });
    }
  }
}

export function toJobFilter(p: Parsed): JobFilter {
  const out: Record<string, unknown> = { status: "open" };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out as unknown as JobFilter;
}

/** Subscription filters (JSON): the same fields, nothing else. */
export const JobFilterSchema = z.strictObject(jobFilterFields).superRefine(checkRanges).transform(toJobFilter);

/** The filter as plain JSON under its public names; parsing it again yields the same filter. */
export function canonicalFilter(f: JobFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined) continue;
    out[k] = k === "q" ? (v as JobFilter["q"])!.text : v;
  }
  return out;
}
