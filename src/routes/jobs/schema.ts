import { z } from "@hono/zod-openapi";
import { envelopeOf } from "../../http/openapi";
import { decodeCursor } from "../../jobs/cursor";
import { bool, checkRanges, field, InvalidValue, jobFilterFields, single } from "../../jobs/filter";
import { JobSchema } from "../../jobs/model";

const DEFAULT_LIMIT = 10;

/** GET /jobs query: the job filter plus paging and the webhook switch. */
export const ListJobsQuery = z
  .strictObject({
    ...jobFilterFields,
    limit: field(
      (v) => {
        const s = single(v);
        if (s === undefined) return DEFAULT_LIMIT;
        if (!/^\d{1,3}$/.test(s) || Number(s) < 1 || Number(s) > 100) throw new InvalidValue("expected an integer from 1 to 100");
        return Number(s);
      },
      { type: "integer", minimum: 1, maximum: 100, default: DEFAULT_LIMIT, description: "Page size (1-100)." },
    ).default(DEFAULT_LIMIT),
    cursor: field(
      (v) => {
        const s = single(v);
        if (s === undefined) return undefined;
        const cursor = decodeCursor(s);
        if (!cursor) throw new InvalidValue("not a cursor returned by this API (use next_cursor as given)");
        return cursor;
      },
      { description: "The previous page's next_cursor." },
    ),
    webhook: field((v) => bool(v) ?? false, {
      type: "boolean",
      description: "true: register a push subscription for these filters (with webhook_url).",
    }),
    webhook_url: field((v) => single(v), { description: "https URL that receives pushed jobs (with webhook=true)." }),
  })
  .superRefine(checkRanges);

export const JobIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "2090000000000000101" }),
});

export const JobListResponse = envelopeOf(JobSchema, {
  next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page." }),
});
export const JobResponse = envelopeOf(JobSchema);
