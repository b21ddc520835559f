// Every zod/OpenAPI schema of the freelancer routes: the query strings (validated, unknown names
// rejected by strictObject) and both response shapes (our envelope; seed 004's own).
import { z } from "@hono/zod-openapi";
import { countryCode } from "../../lib/countries";
import { FreelancerSchema } from "../../freelancers/model";
import { jobSuccess } from "../../freelancers/normalize";
import { type FreelancerQuery, SORTS } from "../../freelancers/query";
import { envelopeOf } from "../../http/openapi";
import { parseKeywordQuery } from "../../jobs/keyword";

type Ctx = z.RefinementCtx;

/**
 * A query string value: a string, or an array when repeated (an error here). Empty = absent.
 * After an issue it returns undefined, not z.NEVER: zod v4 runs the caller on, and z.NEVER is no
 * string (`sort=&sort=` crashed on .toLowerCase with a 500). The issue alone fails validation.
 */
function single(v: unknown, ctx: Ctx): string | undefined {
  if (Array.isArray(v)) {
    if (v.length !== 1) {
      ctx.addIssue({ code: "custom", message: "expected a single value, got several" });
      return undefined;
    }
    v = v[0];
  }
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") {
    ctx.addIssue({ code: "custom", message: "expected a string" });
    return undefined;
  }
  const t = v.trim();
  return t === "" ? undefined : t;
}

function integer(min: number, max: number, fallback: number) {
  return z
    .unknown()
    .transform((v, ctx) => {
      const s = single(v, ctx);
      if (s === undefined) return fallback;
      if (!/^\d{1,9}$/.test(s) || Number(s) < min || Number(s) > max) {
        ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return Number(s);
    })
    .default(fallback);
}

const MAX_RATE = 100_000;
function rate() {
  return z
    .unknown()
    .transform((v, ctx) => {
      const s = single(v, ctx);
      if (s === undefined) return undefined;
      if (!/^\d{1,9}(\.\d{1,4})?$/.test(s) || Number(s) > MAX_RATE) {
        ctx.addIssue({ code: "custom", message: `expected a number from 0 to ${MAX_RATE}` });
        return z.NEVER;
      }
      return Number(s);
    })
    .optional();
}

const MAX_QUERY = 500;
const query = z
  .unknown()
  .transform((v, ctx) => {
    const s = single(v, ctx) ?? "";
    if (s.length > MAX_QUERY) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_QUERY} characters` });
      return z.NEVER;
    }
    return s;
  })
  .default("")
  .openapi({
    type: "string",
    example: "react developer",
    description:
      "Keywords, matched as whole words in name, title, description and skills and ranked by relevance (bm25). " +
      'Words are AND-ed; `"exact phrase"`, `a OR b`, `-exclude` and `prefix*` work as in /jobs `q`.',
  });

const MAX_PAGE = 100_000;
export const DEFAULT_PER_PAGE = 10;
const page = integer(1, MAX_PAGE, 1).openapi({ type: "integer", minimum: 1, default: 1, description: "Page number (1-based)." });
const perPage = integer(1, 50, DEFAULT_PER_PAGE).openapi({
  type: "integer",
  minimum: 1,
  maximum: 50,
  default: DEFAULT_PER_PAGE,
  description: "Results per page (1-50).",
});

function list(v: unknown, ctx: Ctx, max: number): string[] | undefined {
  const s = single(v, ctx);
  if (s === undefined) return undefined;
  const items = [
    ...new Set(
      s
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
  if (items.length > max || items.some((i) => i.length > 100)) {
    ctx.addIssue({ code: "custom", message: `at most ${max} comma-separated values of at most 100 characters` });
    return undefined; // not z.NEVER: callers map over the result (see single)
  }
  return items.length ? items : undefined;
}

/** GET /search_freelancers: seed 004's three parameters, nothing else. */
export const SearchFreelancersQuery = z.strictObject({ page, query, per_page: perPage });

/** GET /freelancers: the same three plus the filters seed 004 lacks. */
export const ListFreelancersQuery = z
  .strictObject({
    query,
    page,
    per_page: perPage,
    country: z
      .unknown()
      .transform((v, ctx) => {
        const items = list(v, ctx, 20);
        if (!items) return undefined;
        const codes: string[] = [];
        const names: string[] = [];
        for (const item of items) {
          const code = countryCode(item);
          if (code) codes.push(code);
          else if (/^[a-z]{2}$/i.test(item)) {
            ctx.addIssue({ code: "custom", message: `'${item}' is not an ISO 3166-1 alpha-2 country code` });
            return z.NEVER;
          } else names.push(item.toLowerCase());
        }
        return { codes, names };
      })
      .optional()
      .openapi({
        type: "string",
        example: "Ukraine,PL",
        description: "Country: full name as shown in results or ISO 3166-1 alpha-2 code, case-insensitive; comma list = any of them.",
      }),
    hourly_rate_min: rate().openapi({
      type: "number",
      minimum: 0,
      description: "Minimum hourly rate (inclusive). Profiles without a rate never match.",
    }),
    hourly_rate_max: rate().openapi({
      type: "number",
      minimum: 0,
      description: "Maximum hourly rate (inclusive). Profiles without a rate never match.",
    }),
    skills: z
      .unknown()
      .transform((v, ctx) => list(v, ctx, 20)?.map((s) => s.toLowerCase()))
      .optional()
      .openapi({ type: "string", example: "React,Node.js", description: "Comma list of skill names (case-insensitive, exact names)." }),
    skills_match: z
      .unknown()
      .transform((v, ctx) => {
        const s = single(v, ctx)?.toLowerCase();
        if (s === undefined) return "any" as const;
        if (s === "any" || s === "all") return s;
        ctx.addIssue({ code: "custom", message: "expected any or all" });
        return z.NEVER;
      })
      .default("any")
      .openapi({
        type: "string",
        enum: ["any", "all"],
        default: "any",
        description: "`any`: at least one of `skills`; `all`: every one of them.",
      }),
    min_job_success: z
      .unknown()
      .transform((v, ctx) => {
        const s = single(v, ctx);
        if (s === undefined) return undefined;
        const n = /^\d{1,3}(\.\d{1,4})?$/.test(s) ? jobSuccess(Number(s)) : null;
        if (n === null) {
          ctx.addIssue({ code: "custom", message: "expected a score from 0 to 100 (percent) or 0 to 1 (fraction)" });
          return z.NEVER;
        }
        return n;
      })
      .optional()
      .openapi({
        type: "number",
        example: 90,
        description:
          "Minimum Job Success Score: a percent (90) or a fraction (0.9); values up to 1 are fractions. Hidden or missing scores never match.",
      }),
    top_rated: z
      .unknown()
      .transform((v, ctx) => {
        const s = single(v, ctx)?.toLowerCase();
        if (s === undefined) return undefined;
        if (s === "true" || s === "1") return true;
        if (s === "false" || s === "0") return false;
        ctx.addIssue({ code: "custom", message: "expected true or false" });
        return z.NEVER;
      })
      .optional()
      .openapi({ type: "boolean", description: "true: Top Rated or Top Rated Plus; false: neither." }),
    sort: z
      .unknown()
      .transform((v, ctx) => {
        const s = single(v, ctx)?.toLowerCase();
        if (s === undefined) return "relevance" as const;
        const sort = SORTS.find((x) => x === s);
        if (sort) return sort;
        ctx.addIssue({ code: "custom", message: `expected one of ${SORTS.join(", ")}` });
        return z.NEVER;
      })
      .default("relevance")
      .openapi({
        type: "string",
        enum: [...SORTS],
        default: "relevance",
        description:
          "relevance: best keyword match first (without `query`: the order profiles were first stored). " +
          "hourly_rate (default ascending), job_success and earnings (default descending). Missing values sort last.",
      }),
    order: z
      .unknown()
      .transform((v, ctx) => {
        const s = single(v, ctx)?.toLowerCase();
        if (s === undefined) return undefined;
        if (s === "asc" || s === "desc") return s;
        ctx.addIssue({ code: "custom", message: "expected asc or desc" });
        return z.NEVER;
      })
      .optional()
      .openapi({ type: "string", enum: ["asc", "desc"], description: "Direction for sort=hourly_rate, job_success or earnings." }),
  })
  .superRefine((q, ctx) => {
    if (q.hourly_rate_min !== undefined && q.hourly_rate_max !== undefined && q.hourly_rate_min > q.hourly_rate_max) {
      ctx.addIssue({ code: "custom", path: ["hourly_rate_min"], message: "must not exceed hourly_rate_max" });
    }
    if (q.order !== undefined && q.sort === "relevance") {
      ctx.addIssue({
        code: "custom",
        path: ["order"],
        message: "relevance is always best first; order applies to sort=hourly_rate, job_success or earnings",
      });
    }
  });

/** The validated query → the search to run. */
export function toFreelancerQuery(
  q: Partial<z.output<typeof ListFreelancersQuery>> & { query: string; page: number; per_page: number },
): FreelancerQuery {
  const keywords = q.query ? parseKeywordQuery(q.query) : undefined;
  return {
    keywords: keywords?.clauses.length ? keywords : undefined,
    country: q.country,
    hourly_rate_min: q.hourly_rate_min,
    hourly_rate_max: q.hourly_rate_max,
    skills: q.skills,
    skills_match: q.skills_match ?? "any",
    min_job_success: q.min_job_success,
    top_rated: q.top_rated,
    sort: q.sort ?? "relevance",
    order: q.order,
    page: q.page,
    per_page: q.per_page,
  };
}

const pagination = {
  page: z.number().int(),
  per_page: z.number().int(),
  total_pages: z.number().int(),
  results_count: z.number().int(),
  total_results: z.number().int(),
};

export const FreelancerListResponse = envelopeOf(FreelancerSchema, pagination);

/** Seed 004's success body. */
export const SearchFreelancersResponse = z
  .object({
    data: z.object({
      page: z.number().int(),
      query: z.string(),
      per_page: z.number().int(),
      freelancers: z.array(FreelancerSchema),
      total_pages: z.number().int(),
      results_count: z.number().int(),
      total_results: z.number().int(),
    }),
    status: z.literal("success"),
  })
  .openapi("SearchFreelancersResponse");

/** Seed 004's error body (every error on /search_freelancers, auth and rate limits included). */
export const SeedErrorSchema = z
  .object({
    status: z.literal("error"),
    message: z.string().openapi({ example: "Invalid per_page parameter: expected an integer from 1 to 50" }),
    data: z.null(),
  })
  .openapi("SeedError");

const seedError = (description: string) => ({ description, content: { "application/json": { schema: SeedErrorSchema } } });
export const seedErrors = {
  400: seedError("Validation error: `Invalid <name> parameter[: detail]`"),
  401: seedError("Missing, unknown or revoked API key"),
  429: seedError("`Rate limit exceeded` or `Monthly credits exhausted`; see Retry-After"),
} as const;
