// Every zod/OpenAPI schema of the /webhooks resource.
import { z } from "@hono/zod-openapi";
import type { DeliveryWithAttempts } from "../../db/webhooks";
import { envelopeOf } from "../../http/openapi";
import { JobFilterSchema } from "../../jobs/filter";

const FORMATS = ["json", "slack", "discord"] as const;

export const SubscriptionSchema = z
  .object({
    id: z.string().openapi({ example: "wh_3kq8Lw0cZ2mVb1Xa" }),
    url: z.string().openapi({ example: "https://hooks.zapier.com/hooks/catch/123/abc/" }),
    filters: z
      .record(z.string(), z.unknown())
      .openapi({ description: "Canonical filters (the /jobs names)", example: { skills: ["typescript"], status: "open" } }),
    format: z.enum(FORMATS),
    batch: z.boolean(),
    active: z.boolean(),
    description: z.string(),
    secret: z.string().openapi({ description: "Standard Webhooks signing secret (whsec_…)" }),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .openapi({ description: "After a rotation: until when the previous secret also signs" }),
    created_at: z.string(),
    updated_at: z.string(),
    disabled_reason: z.string().nullable(),
  })
  .openapi("WebhookSubscription");

const AttemptSchema = z.object({
  at: z.string(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_body: z.string().nullable().openapi({ description: "First 1 KB of the response body" }),
});

export const DeliverySchema = z
  .object({
    id: z.string(),
    event_id: z.string().openapi({ description: "The webhook-id header (stable across retries)" }),
    type: z.enum(["jobs.matched", "webhook.test"]),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
    job_ids: z.array(z.string()),
    attempt_log: z.array(AttemptSchema),
  })
  .openapi("WebhookDelivery");

const text = (max: number) => z.string().trim().max(max);

export const CreateWebhookBody = z
  .strictObject({
    url: text(2048).optional().openapi({ example: "https://example.com/hooks/upwork" }),
    target_url: text(2048).optional().openapi({ description: "Alias of url (Zapier REST Hooks)" }),
    filters: JobFilterSchema.optional().openapi({ description: "Same names and values as the GET /jobs query" }),
    format: z.enum(FORMATS).default("json"),
    batch: z.boolean().default(false),
    description: text(500).default(""),
  })
  .openapi("CreateWebhook");

export const PatchWebhookBody = z
  .strictObject({
    url: text(2048).optional(),
    filters: JobFilterSchema.optional(),
    format: z.enum(FORMATS).optional(),
    batch: z.boolean().optional(),
    active: z.boolean().optional(),
    description: text(500).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "nothing to change: give url, filters, format, batch, active or description",
  })
  .openapi("PatchWebhook");

export const ReplayBody = z.strictObject({
  since: z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(s) && !Number.isNaN(Date.parse(s)), {
      message: "expected an ISO 8601 date-time",
    })
    .openapi({ example: "2025-11-01T00:00:00Z" }),
});

export const WebhookIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});
export const DeliveryIdParams = WebhookIdParam.extend({
  delivery_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "delivery_id", in: "path" } }),
});

export const DeliveriesQuery = z.strictObject({
  status: z.enum(["pending", "delivered", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ type: "integer" }),
  cursor: z.string().max(200).optional().openapi({ description: "The previous page's next_cursor" }),
});

export const SubscriptionList = envelopeOf(SubscriptionSchema);
export const DeliveryList = envelopeOf(DeliverySchema, {
  next_cursor: z.string().nullable(),
});
export const DeliveryOne = envelopeOf(DeliverySchema);
export const ReplayResult = envelopeOf(z.object({ replayed: z.number().int(), since: z.string() }));

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

export function toDelivery(d: DeliveryWithAttempts): z.infer<typeof DeliverySchema> {
  return {
    id: d.id,
    event_id: d.event_id,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.last_status_code,
    last_error: d.last_error,
    next_attempt_at: d.status === "pending" ? iso(d.next_attempt_at) : null,
    created_at: iso(d.created_at)!,
    delivered_at: iso(d.delivered_at),
    job_ids: d.job_ids,
    attempt_log: d.attempt_log.map((a) => ({
      at: iso(a.at)!,
      status_code: a.status_code,
      duration_ms: a.duration_ms,
      error: a.error,
      response_body: a.response_body,
    })),
  };
}
