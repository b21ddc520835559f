// Shared OpenAPI pieces: the envelope around any data schema, the error bodies, and defineRoute, which
// lists every status an operation can answer.
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";

export function envelopeOf<T extends z.ZodType, E extends z.ZodRawShape = Record<never, never>>(item: T, extra: E = {} as E) {
  return z.object({
    success: z.literal(true),
    data: z.array(item),
    count: z.number().int(),
    last_updated: z.string().openapi({ example: "2024-10-24T12:00:32Z" }),
    ...extra,
  });
}

export const ErrorSchema = z
  .object({
    success: z.literal(false),
    message: z.string().openapi({ example: "Invalid budget_min parameter: expected a non-negative number" }),
    data: z.array(z.unknown()).max(0).openapi({ description: "Always empty on errors" }),
    count: z.literal(0),
    last_updated: z.string(),
  })
  .openapi("Error");

/** The hosted freelancer search API's error body: every error on /search_freelancers (docs/api.md#search_freelancers). */
const FreelancerSearchErrorSchema = z
  .object({
    status: z.literal("error"),
    message: z.string().openapi({ example: "Invalid per_page parameter: expected an integer from 1 to 50" }),
    data: z.null(),
  })
  .openapi("FreelancerSearchError");

const WHY = {
  400: "Validation error: `Invalid <name> parameter[: detail]` (unknown parameters included)",
  401: "Missing, unknown or revoked credentials",
  403: "Your tier does not allow this",
  404: "Not found",
  409: "Conflict",
  413: "Request body too large",
  415: "The body is not sent as `Content-Type: application/json`",
  429: "`Rate limit exceeded` or `Monthly credits exhausted`; see Retry-After",
  500: "Internal error, or `Invalid setting <NAME>: <why>` while the deployment's configuration is broken",
  503: "Database unreachable; see Retry-After",
} as const;
type ErrorStatus = keyof typeof WHY;

const response = (status: ErrorStatus, schema: z.ZodType) => ({ description: WHY[status], content: { "application/json": { schema } } });

const apiKeySecurity: Record<string, string[]>[] = [{ ApiKey: [] }, { BearerKey: [] }];
const adminSecurity: Record<string, string[]>[] = [{ AdminToken: [] }];

type Config = Omit<RouteConfig, "security"> & {
  /**
   * Who may call it: an API key (limits, credits), the admin token, or the token in a feed URL
   * (no header: metered as the feed owner's key, docs/api.md#reading-a-feed).
   */
  access: "api-key" | "admin" | "feed-token";
  /** The statuses this operation adds to the ones every operation of its kind can answer. */
  errors?: (403 | 404 | 409)[];
  /** /search_freelancers answers errors in the hosted API's shape. */
  errorShape?: "envelope" | "freelancer-search";
};

/**
 * createRoute, with every error status the operation can answer listed from what it is: any
 * operation 500; API-key ones 401, 429 and 503 (key lookup); feed-token ones 404, 429 and 503 (an
 * unknown token is 404, never 401); admin ones 401; input (query, path or body) 400; a body 413;
 * plus its own 403/404/409. The document then lists every possible status.
 */
export function defineRoute<const C extends Config>({ access, errors = [], errorShape = "envelope", ...route }: C) {
  const req: NonNullable<RouteConfig["request"]> = route.request ?? {};
  const codes: ErrorStatus[] = [500, ...errors];
  if (access === "feed-token") codes.push(404, 429, 503);
  else codes.push(401);
  if (access === "api-key") codes.push(429, 503);
  if (req.query || req.params || req.body) codes.push(400);
  if (req.body) codes.push(413, 415);
  const schema = errorShape === "freelancer-search" ? FreelancerSearchErrorSchema : ErrorSchema;
  const listed = Object.fromEntries(codes.map((code) => [code, response(code, schema)]));
  return createRoute({
    ...route,
    // A feed URL carries its credential in the path, which OpenAPI security schemes cannot name.
    security: access === "admin" ? adminSecurity : access === "api-key" ? apiKeySecurity : [],
    responses: { ...listed, ...route.responses },
  } as Omit<C, "access" | "errors" | "errorShape"> & { security: Record<string, string[]>[] });
}

/** The item schema of envelopes whose data is always empty. */
export const Nothing = z.object({}).openapi({ description: "Always empty" });

/** The freelancer search error body, as clients (and the tests) read it. */
export type FreelancerSearchErrorBody = z.infer<typeof FreelancerSearchErrorSchema>;
