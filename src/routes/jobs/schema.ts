import { z } from "@hono/zod-openapi";
import { checkRanges, jobFilterFields } from "../../jobs/filter";
import { decodeCursor } from "../../jobs/cursor";
import { JobSchema } from "../../jobs/model";
import { envelopeOf } from "../../http/openapi";

function singleString(v: unknown, ctx: z.RefinementCtx): string | undefined {
  if (Array.isArray(v)) {
    if (v.length !== 1) {
      ctx.addIssue({ code: "custom", message: "expected a single value, got several" });
      return z.NEVER;
    }
    v = v[0];
  }
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string") {
    ctx.addIssue({ code: "custom", message: "expected a string" });
    return z.NEVER;
  }
  return v.trim();
}

const DEFAULT_LIMIT = 10;

/** GET /jobs query: the job filter plus paging and the webhook switch. */
export const ListJobsQuery = z
  .strictObject({
    ...jobFilterFields,
    limit: z
      .unknown()
      .transform((v, ctx) => {
        const s = singleString(v, ctx);
        if (s === undefined) return DEFAULT_LIMIT;
        if (!/^\d{1,3}$/.test(s) || Number(s) < 1 || Number(s) > 100) {
          ctx.addIssue({ code: "custom", message: "expected an integer from 1 to 100" });
          return z.NEVER;
        }
        return Number(s);
      })
      .default(DEFAULT_LIMIT)
      .openapi({ type: "integer", minimum: 1, maximum: 100, default: DEFAULT_LIMIT, description: "Page size (1-100)." }),
    cursor: z
      .unknown()
      .transform((v, ctx) => {
        const s = singleString(v, ctx);
        if (s === undefined) return undefined;
        const cursor = decodeCursor(s);
        if (!cursor) {
          ctx.addIssue({ code: "custom", message: "not a cursor returned by this API (use next_cursor as given)" });
          return z.NEVER;
        }
        return cursor;
      })
      .optional()
      .openapi({ type: "string", description: "The previous page's next_cursor." }),
    webhook: z
      .unknown()
      .transform((v, ctx) => {
        const s = singleString(v, ctx)?.toLowerCase();
        if (s === undefined || s === "false" || s === "0") return false;
        if (s === "true" || s === "1") return true;
        ctx.addIssue({ code: "custom", message: "expected true or false" });
        return z.NEVER;
      })
      .default(false)
      .openapi({ type: "boolean", description: "true: register a push subscription for these filters (with webhook_url)." }),
    webhook_url: z
      .unknown()
      .transform((v, ctx) => singleString(v, ctx))
      .optional()
      .openapi({ type: "string", description: "https URL that receives pushed jobs (with webhook=true)." }),
  })
  .superRefine(checkRanges);

export const JobIdParam = z.object({
  id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "2090000000000000101" }),
});

export const JobListResponse = envelopeOf(JobSchema, {
  next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page." }),
});
export const JobResponse = envelopeOf(JobSchema);
