// Every zod/OpenAPI schema of the freelancer routes: the query strings (validated, unknown names
// rejected by strictObject) and both response shapes (our envelope; the hosted freelancer search API's own).
import { z } from "@hono/zod-openapi";
import { FreelancerSchema } from "../../freelancers/model";
import { jobSuccess } from "../../freelancers/normalize";
import { type FreelancerQuery, SORTS } from "../../freelancers/query";
import { envelopeOf } from "../../http/openapi";
import { parseKeywordQuery } from "../../jobs/keyword";
import { countryCode } from "../../lib/countries";
import { boolField, choice, field, InvalidValue, list, listField, numberField, single, words } from "../../lib/params";

const MAX_QUERY = 500;
const query = field((v) => single(v) ?? "", {
  type: "string",
  maxLength: MAX_QUERY,
  example: "react developer",
  description:
    "Keywords, matched as whole words in name, title, description and skills and ranked by relevance (bm25). " +
    'Words are AND-ed; `"exact phrase"`, `a OR b`, `-exclude` and `prefix*` work as in /jobs `q`.',
}).transform((s, ctx) => {
  if (s !== undefined && s.length > MAX_QUERY) ctx.addIssue({ code: "custom", message: `at most ${MAX_QUERY} characters` });
  return s ?? "";
});

const MAX_PAGE = 100_000;
const DEFAULT_PER_PAGE = 10;
const page = numberField({ min: 1, max: MAX_PAGE, integer: true }, { default: 1, description: "Page number (1-based)." }).transform(
  (n) => n ?? 1,
);
const perPage = numberField(
  { min: 1, max: 50, integer: true },
  { default: DEFAULT_PER_PAGE, description: "Results per page (1-50)." },
).transform((n) => n ?? DEFAULT_PER_PAGE);

const MAX_RATE = 100_000;
const rate = (description: string) => numberField({ min: 0, max: MAX_RATE }, { description });

/** At most 20 names of at most 100 characters: the skills filter does one index lookup per name. */
function shortList(value: unknown): string[] | undefined {
  const items = list(value, 20);
  if (items?.some((i) => i.length > 100)) throw new InvalidValue("at most 20 comma-separated values of at most 100 characters");
  return items;
}

/** GET /search_freelancers: the hosted API's three parameters, nothing else. */
export const SearchFreelancersQuery = z.strictObject({ page, query, per_page: perPage });

/** GET /freelancers: the same three plus the filters the hosted API lacks. */
export const ListFreelancersQuery = z
  .strictObject({
    query,
    page,
    per_page: perPage,
    country: listField(
      (v) => {
        const items = shortList(v);
        if (!items) return undefined;
        const codes: string[] = [];
        const names: string[] = [];
        for (const item of items) {
          const code = countryCode(item);
          if (code) codes.push(code);
          else if (/^[a-z]{2}$/i.test(item)) throw new InvalidValue(`'${item}' is not an ISO 3166-1 alpha-2 country code`);
          else names.push(item.toLowerCase());
        }
        return [{ codes, names }];
      },
      { type: "string", minLength: 1, maxLength: 100 },
      {
        maxItems: 20,
        example: "Ukraine,PL",
        description: "Country: full name as shown in results or ISO 3166-1 alpha-2 code, case-insensitive; comma list = any of them.",
      },
    ).transform((l) => l?.[0]),
    hourly_rate_min: rate("Minimum hourly rate (inclusive). Profiles without a rate never match."),
    hourly_rate_max: rate("Maximum hourly rate (inclusive). Profiles without a rate never match."),
    skills: listField(
      (v) => shortList(v)?.map((s) => s.toLowerCase()),
      { type: "string", minLength: 1, maxLength: 100 },
      { maxItems: 20, example: "React,Node.js", description: "Comma list of skill names (case-insensitive, exact names)." },
    ),
    skills_match: field((v) => choice(v, words(["any", "all"]), "any or all"), {
      type: "string",
      enum: ["any", "all"],
      default: "any",
      description: "`any`: at least one of `skills`; `all`: every one of them.",
    }).transform((m) => m ?? "any"),
    min_job_success: field(
      (v) => {
        const s = single(v);
        if (s === undefined) return undefined;
        const n = /^\d{1,3}(\.\d{1,4})?$/.test(s) ? jobSuccess(Number(s)) : null;
        if (n === null) throw new InvalidValue("expected a score from 0 to 100 (percent) or 0 to 1 (fraction)");
        return n;
      },
      {
        type: "number",
        minimum: 0,
        maximum: 100,
        example: 90,
        description:
          "Minimum Job Success Score: a percent (90) or a fraction (0.9); values up to 1 are fractions. Hidden or missing scores never match.",
      },
    ),
    top_rated: boolField({ description: "true: Top Rated or Top Rated Plus; false: neither." }),
    sort: field((v) => choice(v, words(SORTS), `one of ${SORTS.join(", ")}`), {
      type: "string",
      enum: [...SORTS],
      default: "relevance",
      description:
        "relevance: best keyword match first (without `query`: the order profiles were first stored). " +
        "hourly_rate (default ascending), job_success and earnings (default descending). Missing values sort last.",
    }).transform((v) => v ?? "relevance"),
    order: field((v) => choice(v, words(["asc", "desc"]), "asc or desc"), {
      type: "string",
      enum: ["asc", "desc"],
      description: "Direction for sort=hourly_rate, job_success or earnings.",
    }),
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

/** The hosted search_freelancers API's success body. */
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

/** Response shapes, as clients (and the tests) read them. */
export type FreelancerPaging = Omit<z.infer<typeof FreelancerListResponse>, "success" | "data" | "count" | "last_updated">;
export type SearchFreelancersBody = z.infer<typeof SearchFreelancersResponse>;
