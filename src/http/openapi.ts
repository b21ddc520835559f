// Shared OpenAPI pieces: the envelope around any data schema and the error responses every route lists.
import { z } from "@hono/zod-openapi";

export function envelopeOf<T extends z.ZodType>(item: T, extra: z.ZodRawShape = {}) {
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

const error = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });

export const errors = {
  400: error("Validation error: `Invalid <name> parameter[: detail]`"),
  401: error("Missing, unknown or revoked API key"),
  403: error("Your tier does not allow this"),
  404: error("Not found"),
  409: error("Conflict"),
  413: error("Request body too large"),
  429: error("`Rate limit exceeded` or `Monthly credits exhausted`; see Retry-After"),
  500: error("Internal error"),
} as const;

export function pickErrors<K extends keyof typeof errors>(...codes: K[]) {
  return Object.fromEntries(codes.map((c) => [c, errors[c]])) as Pick<typeof errors, K>;
}

/** The item schema of envelopes whose data is always empty. */
export const Nothing = z.object({}).openapi({ description: "Always empty" });

export const apiKeySecurity: Record<string, string[]>[] = [{ ApiKey: [] }, { BearerKey: [] }];
export const adminSecurity: Record<string, string[]>[] = [{ AdminToken: [] }];
