// Every zod/OpenAPI schema of the /webhooks resource.
import { z } from "@hono/zod-openapi";
import { envelopeOf } from "../../http/openapi";
import { JobFilterSchema } from "../../jobs/filter";
import { base64ToText, textToBase64url } from "../../lib/encoding";
import { choice, field, InvalidValue, numberField, single, words } from "../../lib/params";
import { isoOrNull, isoSeconds } from "../../lib/time";
import { maskTelegramToken } from "../../push/telegram";
import {
  DELIVERY_STATUSES,
  type DeliveryWithAttempts,
  EVENT_TYPES,
  FORMATS,
  SUBSCRIBABLE_EVENTS,
  type SubscribableEvent,
  type Subscription,
} from "../../push/types";

export const SubscriptionSchema = z
  .object({
    id: z.string().openapi({ example: "wh_3kq8Lw0cZ2mVb1Xa" }),
    url: z.string().openapi({ example: "https://hooks.zapier.com/hooks/catch/123/abc/" }),
    filters: z
      .record(z.string(), z.unknown())
      .openapi({ description: "Canonical filters (the /jobs names)", example: { skills: ["typescript"], status: "open" } }),
    format: z.enum(FORMATS),
    events: z.array(z.enum(SUBSCRIBABLE_EVENTS)).openapi({ description: "What this subscription is sent", example: ["jobs.matched"] }),
    telegram_chat_id: z.string().nullable().openapi({ description: "format telegram: the chat the bot posts to" }),
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
    type: z.enum(EVENT_TYPES),
    status: z.enum(DELIVERY_STATUSES),
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

// OpenAPI 3.1 schemas are JSON Schema, `contains` included; the library's metadata type predates it.
const MUST_CONTAIN_MATCHED: Record<string, unknown> = { contains: { const: "jobs.matched" } };
const Events = z
  .array(z.enum(SUBSCRIBABLE_EVENTS))
  .min(1)
  .max(SUBSCRIBABLE_EVENTS.length)
  .openapi({
    description: "jobs.matched (always included), jobs.updated, jobs.closed: updates and closings of the jobs this subscription was sent",
    example: ["jobs.matched", "jobs.closed"],
    ...MUST_CONTAIN_MATCHED,
  });
const TelegramChatId = text(64).openapi({
  description: "format telegram: a numeric chat id or @channelusername",
  example: "@my_job_alerts",
});

export const CreateWebhookBody = z
  .strictObject({
    url: text(2048).optional().openapi({ format: "uri", example: "https://example.com/hooks/upwork" }),
    target_url: text(2048).optional().openapi({ format: "uri", description: "Alias of url (Zapier REST Hooks)" }),
    filters: JobFilterSchema.optional().openapi({ description: "Same names and values as the GET /jobs query" }),
    format: z.enum(FORMATS).default("json"),
    events: Events.optional(),
    telegram_chat_id: TelegramChatId.optional(),
    batch: z.boolean().default(false),
    description: text(500).default(""),
  })
  .openapi("CreateWebhook", {
    // One of the two is required; both must then be the same URL.
    anyOf: [{ required: ["url"] }, { required: ["target_url"] }],
  });

export const PatchWebhookBody = z
  .strictObject({
    url: text(2048).optional().openapi({ format: "uri" }),
    filters: JobFilterSchema.optional(),
    format: z.enum(FORMATS).optional(),
    events: Events.optional(),
    telegram_chat_id: TelegramChatId.nullable().optional(),
    batch: z.boolean().optional(),
    active: z.boolean().optional(),
    description: text(500).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "nothing to change: give url, filters, format, events, telegram_chat_id, batch, active or description",
  })
  .openapi("PatchWebhook", { minProperties: 1 });

export const ReplayBody = z.strictObject({
  since: z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(s) && !Number.isNaN(Date.parse(s)), {
      message: "expected an ISO 8601 date-time",
    })
    .openapi({
      anyOf: [
        { type: "string", format: "date-time" },
        { type: "string", format: "date" },
      ],
      example: "2025-11-01T00:00:00Z",
    }),
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
  status: field((v) => choice(v, words(DELIVERY_STATUSES), "pending, delivered or failed"), {
    type: "string",
    enum: [...DELIVERY_STATUSES],
    description: "Only deliveries in this state.",
  }),
  limit: numberField({ min: 1, max: 100, integer: true }, { default: 20, description: "Page size (1-100)." }).transform((n) => n ?? 20),
  cursor: field(
    (v) => {
      const s = single(v);
      if (s === undefined) return undefined;
      const c = s.length <= 200 ? decodeDeliveryCursor(s) : undefined;
      if (!c) throw new InvalidValue("not a cursor returned by this API (use next_cursor as given)");
      return c;
    },
    { type: "string", maxLength: 200, pattern: "^[A-Za-z0-9_-]+$", description: "The previous page's next_cursor." },
  ),
});

export const SubscriptionList = envelopeOf(SubscriptionSchema);
export const DeliveryList = envelopeOf(DeliverySchema, {
  next_cursor: z.string().nullable(),
});
export const DeliveryOne = envelopeOf(DeliverySchema);
export const ReplayResult = envelopeOf(z.object({ replayed: z.number().int(), since: z.string() }));

export function toDelivery(d: DeliveryWithAttempts): z.infer<typeof DeliverySchema> {
  return {
    id: d.id,
    event_id: d.event_id,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.last_status_code,
    last_error: maskTelegramToken(d.last_error),
    next_attempt_at: d.status === "pending" ? isoOrNull(d.next_attempt_at) : null,
    created_at: isoSeconds(d.created_at),
    delivered_at: isoOrNull(d.delivered_at),
    job_ids: d.job_ids,
    attempt_log: d.attempt_log.map((a) => ({
      at: isoSeconds(a.at),
      status_code: a.status_code,
      duration_ms: a.duration_ms,
      error: maskTelegramToken(a.error),
      response_body: maskTelegramToken(a.response_body),
    })),
  };
}

/** The deliveries log's keyset cursor: the (created_at, id) of a page's last delivery. */
export const encodeDeliveryCursor = (d: { created_at: number; id: string }) => textToBase64url(`${d.created_at}:${d.id}`);

function decodeDeliveryCursor(cursor: string): { createdAt: number; id: string } | undefined {
  try {
    const m = base64ToText(cursor).match(/^(\d{1,15}):(dlv_[A-Za-z0-9_-]{1,64})$/);
    if (m) return { createdAt: Number(m[1]), id: m[2]! };
  } catch {
    // not base64: not ours
  }
  return undefined;
}

/** A subscription as its owner sees it (the secret included). */
export function toSubscription(row: Subscription): z.infer<typeof SubscriptionSchema> {
  const graceUntil =
    row.previous_secret && row.previous_secret_until !== null && row.previous_secret_until > Date.now() ? row.previous_secret_until : null;
  return {
    id: row.id,
    // A telegram URL carries the bot token: never shown (docs/api.md#telegram).
    url: maskTelegramToken(row.url),
    filters: JSON.parse(row.filters) as Record<string, unknown>,
    format: row.format,
    events: JSON.parse(row.events) as SubscribableEvent[],
    telegram_chat_id: row.telegram_chat_id,
    batch: row.batch === 1,
    active: row.active === 1,
    description: row.description,
    secret: row.secret,
    previous_secret_expires_at: isoOrNull(graceUntil),
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
    disabled_reason: row.disabled_reason,
  };
}

/** Response items, as clients (and the tests) read them. */
export type SubscriptionView = z.infer<typeof SubscriptionSchema>;
export type DeliveryView = z.infer<typeof DeliverySchema>;
export type ReplayView = z.infer<typeof ReplayResult>["data"][number];
