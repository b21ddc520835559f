import { z } from "@hono/zod-openapi";
import { envelopeOf } from "../../http/openapi";
import { decodeCursor } from "../../jobs/cursor";
import { checkRanges, jobFilterFields } from "../../jobs/filter";
import { JobViewSchema } from "../../jobs/model";
import { boolField, field, InvalidValue, list, listField, numberField, single, textField } from "../../lib/params";
import { SUBSCRIBABLE_EVENTS, type SubscribableEvent } from "../../push/types";

/** `events=jobs.matched,jobs.closed` (with webhook=true). */
function eventList(value: unknown): SubscribableEvent[] | undefined {
  const items = list(value);
  if (items === undefined) return undefined;
  for (const e of items) {
    if (!(SUBSCRIBABLE_EVENTS as readonly string[]).includes(e))
      throw new InvalidValue(`expected a comma list of ${SUBSCRIBABLE_EVENTS.join(", ")}`);
  }
  return items as SubscribableEvent[];
}

const DEFAULT_LIMIT = 10;

/** GET /jobs query: the job filter plus paging and the webhook switch. */
export const ListJobsQuery = z
  .strictObject({
    ...jobFilterFields,
    limit: numberField({ min: 1, max: 100, integer: true }, { default: DEFAULT_LIMIT, description: "Page size (1-100)." }).transform(
      (n) => n ?? DEFAULT_LIMIT,
    ),
    cursor: field(
      (v) => {
        const s = single(v);
        if (s === undefined) return undefined;
        const cursor = decodeCursor(s);
        if (!cursor) throw new InvalidValue("not a cursor returned by this API (use next_cursor as given)");
        return cursor;
      },
      { type: "string", maxLength: 400, pattern: "^[A-Za-z0-9_-]+$", description: "The previous page's next_cursor." },
    ),
    webhook: boolField({ description: "true: register a push subscription for these filters (with webhook_url)." }),
    webhook_url: textField(2048, { format: "uri", description: "https URL that receives pushed jobs (with webhook=true)." }),
    events: listField(
      eventList,
      { type: "string", enum: [...SUBSCRIBABLE_EVENTS] },
      {
        description: "With webhook=true: what the subscription is sent (default jobs.matched), e.g. jobs.matched,jobs.closed.",
        example: "jobs.matched,jobs.closed",
      },
    ),
  })
  .superRefine(checkRanges);

export const JobIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "2090000000000000101" }),
});

export const JobListResponse = envelopeOf(JobViewSchema, {
  next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page." }),
});
export const JobResponse = envelopeOf(JobViewSchema);

/** Top-level fields of a GET /jobs page beside the envelope's. */
export type JobPaging = Pick<z.infer<typeof JobListResponse>, "next_cursor">;
