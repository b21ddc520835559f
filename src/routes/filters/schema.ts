// Every zod/OpenAPI schema of /filters (docs/api.md#filters).
import { z } from "@hono/zod-openapi";
import { envelopeOf } from "../../http/openapi";
import { JobFilterSchema } from "../../jobs/filter";
import { JobViewSchema } from "../../jobs/model";
import { textField } from "../../lib/params";

export const PreviewBody = z
  .strictObject({
    filters: JobFilterSchema.optional().openapi({ description: "Same names and values as the GET /jobs query" }),
  })
  .openapi("FilterPreviewRequest");

const Preview = z
  .object({
    counts: z
      .object({ last_24h: z.number().int(), last_7d: z.number().int(), last_30d: z.number().int() })
      .openapi({ description: "Matching jobs received in each window, whatever their status now" }),
    estimated: z
      .array(z.enum(["last_24h", "last_7d", "last_30d"]))
      .openapi({ description: "Windows longer than the 2,500 newest jobs reach: extrapolated from the rate at which those matched" }),
    alerts_per_day: z.number().openapi({ description: "last_30d / 30: what a subscription with this filter would have sent per day" }),
    newest: z.array(JobViewSchema).openapi({ description: "The 5 newest matching jobs by received_at" }),
  })
  .openapi("FilterPreview");
export const PreviewList = envelopeOf(Preview);

export const FromUrlQuery = z.strictObject({
  url: textField(4096, { format: "uri", description: "An Upwork job search URL (https://www.upwork.com/nx/search/jobs/?…)" }),
});

const Note = z.object({ param: z.string(), value: z.string(), reason: z.string() });
const Translation = z
  .object({
    filters: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The equivalent /jobs filters, canonical (as a subscription stores them)" }),
    query: z
      .string()
      .openapi({ description: "The same as a /jobs query string", example: "q=react&job_type=hourly&payment_verified=true" }),
    approximated: z.array(Note).openapi({ description: "Translated, but not exactly: each says what differs" }),
    untranslated: z.array(Note).openapi({ description: "Left out, each with why: nothing is dropped silently" }),
  })
  .openapi("UpworkUrlTranslation");
export const TranslationList = envelopeOf(Translation);
