// The response envelope (docs/api.md#envelope), the HTTP error type routes and middleware throw, and
// how domain errors (src/errors.ts) become HTTP answers.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DomainError } from "../errors";
import { isoSeconds } from "../lib/time";

export function envelope<T, E extends Record<string, unknown> = Record<never, never>>(data: T[], extra: E = {} as E) {
  return { success: true as const, data, count: data.length, last_updated: isoSeconds(), ...extra };
}

export function errorEnvelope(message: string) {
  return { success: false as const, message, data: [] as never[], count: 0 as const, last_updated: isoSeconds() };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const invalidParameter = (name: string, detail?: string) =>
  new ApiError(400, `Invalid ${name} parameter${detail ? `: ${detail}` : ""}`);

const STATUS_OF: Record<DomainError["kind"], ContentfulStatusCode> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 };

export function fromDomainError(err: DomainError): ApiError {
  if (err.kind === "invalid" && err.param !== undefined) return invalidParameter(err.param, err.message);
  return new ApiError(STATUS_OF[err.kind], err.message);
}

/** Paths that answer the hosted freelancer search API's error shape instead of the envelope (docs/api.md#search_freelancers). */
const FREELANCER_SEARCH_PATHS = new Set(["/search_freelancers"]);

export function sendError(c: Context, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  if (FREELANCER_SEARCH_PATHS.has(c.req.path)) return c.json({ status: "error", message: err.message, data: null }, err.status);
  return c.json(errorEnvelope(err.message), err.status);
}
