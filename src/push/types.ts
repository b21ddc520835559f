// The push vocabulary (glossary: ./README.md), defined once. src/db/ stores and returns these shapes;
// it never defines push concepts of its own.
import { z } from "zod";
import type { JobView } from "../jobs/model";

export const FORMATS = ["json", "slack", "discord", "telegram"] as const;
export type Format = (typeof FORMATS)[number];

/** What a subscription can ask to be sent (its `events`). */
export const SUBSCRIBABLE_EVENTS = ["jobs.matched", "jobs.updated", "jobs.closed"] as const;
export type SubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number];
export const DEFAULT_EVENTS: SubscribableEvent[] = ["jobs.matched"];

export const EVENT_TYPES = [...SUBSCRIBABLE_EVENTS, "webhook.test"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What changed in a job since its previous event: field → {from, to}; the description only says {changed: true}. */
export type JobChanges = Record<string, { from: unknown; to: unknown } | { changed: true }>;

/** An event's content fixed when it was created (test and lifecycle events; matched events read their jobs when sent). */
export interface FrozenEvent {
  jobs: JobView[];
  /** Lifecycle events: what changed since the previous event about the job. */
  changes?: JobChanges;
}

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A subscription as stored (table `webhooks`; times in epoch ms). */
export interface Subscription {
  id: string;
  /** The owner: api_keys.id. */
  api_key_id: string;
  url: string;
  /** The canonical filter as JSON (public /jobs names). */
  filters: string;
  /** Set by GET /jobs?webhook=true: key + url + filters name one subscription. */
  dedupe_key: string | null;
  format: Format;
  batch: number;
  /** JSON array of SubscribableEvent. */
  events: string;
  /** format = telegram: the chat (numeric id or @channel). */
  telegram_chat_id: string | null;
  description: string;
  active: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: number | null;
  disabled_reason: string | null;
  disabled_kind: "gone" | "failing" | "owner" | null;
  failing_since: number | null;
  last_success_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A delivery as stored (table `webhook_deliveries`; times in epoch ms). */
export interface Delivery {
  id: string;
  webhook_id: string;
  event_id: string;
  type: EventType;
  /** A FrozenEvent as JSON (test and lifecycle events); matched jobs are read through webhook_matches. */
  payload: string | null;
  status: DeliveryStatus;
  attempts: number;
  /** Attempts since the last (re)start: drives the retry schedule. */
  round_attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  dispatch: string | null;
  lease_until: number | null;
  created_at: number;
  delivered_at: number | null;
  failed_at: number | null;
}

/** An attempt as stored (table `webhook_attempts`). */
export interface Attempt {
  id: number;
  delivery_id: string;
  at: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
}

/** A delivery with its jobs and every attempt, as the deliveries log shows it. */
export interface DeliveryWithAttempts extends Delivery {
  job_ids: string[];
  attempt_log: Attempt[];
}

/** The queue message: which delivery, and which dispatch of it (older dispatches are dropped). */
export const DeliveryMessage = z.strictObject({
  delivery_id: z.string().regex(/^dlv_[A-Za-z0-9_-]{8,64}$/),
  dispatch: z.string().regex(/^[0-9a-f]{16}$/),
});
export type DeliveryMessage = z.infer<typeof DeliveryMessage>;

/** A delivery to record: one event for one subscription, with the jobs it carries. */
export interface NewDelivery {
  id: string;
  webhook_id: string;
  event_id: string;
  /** `failed` when the subscription is disabled for failing (kept so a replay recovers it). */
  status: "pending" | "failed";
  last_error: string | null;
  job_ids: string[];
}

/** A stored job's document and when it was received, read as a JobView only by the attempt that sends it. */
export interface StoredJob {
  doc: string;
  receivedAt: string;
}

/** A consumer's lease on a due delivery, with what the attempt needs. */
export interface Claim {
  delivery: Delivery;
  subscription: Subscription | null;
  /** The event's jobs as they are stored now (matched events; a test event carries its own in `payload`). */
  jobs: StoredJob[];
}

/** Where a delivery stands, for messages that could not claim it. */
export type DeliveryState = Pick<Delivery, "id" | "status" | "dispatch" | "next_attempt_at" | "lease_until">;

export type Outcome = "delivered" | "failed" | "retry" | "dead-letter";

/** One attempt and its consequences, to record. */
export interface AttemptRecord {
  deliveryId: string;
  subscriptionId: string;
  at: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  /** What happens next: delivered, failed for good, a retry at `nextAttemptAt`, or handed to the DLQ. */
  result: Outcome;
  nextAttemptAt: number | null;
  /** 410 Gone: the subscription is switched off with this reason. */
  deactivate: string | null;
}

/** A pending delivery ended without an attempt. */
export interface Ending {
  message: DeliveryMessage;
  error: string;
  /** The error only fills in when none is recorded (dead letters keep the last attempt's error). */
  keepLastError?: boolean;
}
