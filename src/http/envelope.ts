// The response envelope of API.md and the one error type every layer throws.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isoSeconds } from "../db/client";

export function envelope<T>(data: T[], extra: Record<string, unknown> = {}) {
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

/** Paths that answer seed 004's error shape instead of the envelope (API.md: the one exception). */
const SEED_004_PATHS = new Set(["/search_freelancers"]);

export function sendError(c: Context, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  if (SEED_004_PATHS.has(c.req.path)) return c.json({ status: "error", message: err.message, data: null }, err.status);
  return c.json(errorEnvelope(err.message), err.status);
}
