// One attempt: build the event body, sign it, POST it (no redirects, bounded time), and decide the
// outcome. The queue consumer (queue.ts) and the test endpoint both call `attemptDelivery`; they only
// differ in whether a failure is retried on the schedule.
import { isoSeconds } from "../lib/time";
import type { PushSettings } from "../settings";
import { eventBody } from "./format";
import { nextDelay } from "./retry";
import { signatureHeader } from "./signing";
import { checkTarget } from "./ssrf";
import { maskTelegramToken, readTelegramAnswer } from "./telegram";
import type { AttemptRecord, Delivery, FrozenEvent, Outcome, Subscription } from "./types";

const USER_AGENT = "upwork-jobs-api-webhooks/1.0 (+https://github.com/upwork-jobs-api)";
const BODY_SNIPPET_BYTES = 1024;

/** What one POST came to. Every receiver behaviour is one of these; sending never throws for it. */
type SendResult =
  /** The target failed the SSRF check at send time: nothing was sent. */
  | { kind: "refused"; reason: string }
  | {
      kind: "answered";
      status: number;
      durationMs: number;
      responseBody: string | null;
      retryAfter: string | null;
      location: string | null;
    }
  | { kind: "no-answer"; timedOut: boolean; durationMs: number; message: string };

const isSuccess = (r: SendResult) => r.kind === "answered" && r.status >= 200 && r.status < 300;

/** The error an attempt records, or null for a success. Never contains a Telegram bot token. */
function sendError(r: SendResult, timeoutMs: number, format: Subscription["format"]): string | null {
  if (r.kind === "refused") return maskTelegramToken(`Target refused: ${r.reason}`);
  if (r.kind === "no-answer")
    return r.timedOut ? `Timed out after ${timeoutMs / 1000} s` : maskTelegramToken(`Network error: ${r.message}`);
  if (r.status >= 300 && r.status < 400) {
    return maskTelegramToken(`Redirect (${r.status}) not followed${r.location ? ` to ${r.location.slice(0, 200)}` : ""}`);
  }
  if (r.status >= 200 && r.status < 300) return null;
  // Telegram says why in `description` ("Forbidden: bot was blocked by the user").
  const telegram = format === "telegram" ? readTelegramAnswer(r.status, r.responseBody).description : null;
  return telegram ? `HTTP ${r.status}: ${telegram}` : `HTTP ${r.status}`;
}

/** A payload of a test or lifecycle event (rows written before lifecycle events hold a bare job list). */
export function readFrozenEvent(payload: string): FrozenEvent {
  const parsed = JSON.parse(payload) as FrozenEvent | FrozenEvent["jobs"];
  return Array.isArray(parsed) ? { jobs: parsed } : parsed;
}

/** Secrets to sign with: the current one, plus the previous one during a rotation's grace period. */
function signingSecrets(s: Subscription, now: number): string[] {
  const out = [s.secret];
  if (s.previous_secret && s.previous_secret_until !== null && now < s.previous_secret_until) out.push(s.previous_secret);
  return out;
}

function deliveryBody(s: Subscription, d: Delivery, event: FrozenEvent): string {
  return eventBody(s.format, {
    type: d.type,
    subscriptionId: s.id,
    jobs: event.jobs,
    changes: event.changes,
    createdAt: isoSeconds(d.created_at),
    telegramChatId: s.telegram_chat_id,
  });
}

/** Signs and POSTs one event. */
async function sendEvent(settings: PushSettings, s: Subscription, d: Delivery, body: string, now: number): Promise<SendResult> {
  const target = checkTarget(s.url, settings.allowPrivateTargets);
  if (!target.ok) return { kind: "refused", reason: target.reason };
  const timestamp = Math.floor(now / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": d.event_id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signatureHeader(signingSecrets(s, now), d.event_id, timestamp, body),
  };
  const started = Date.now();
  try {
    const res = await fetch(target.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual", // a redirect is an answer, not an instruction: never followed
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    const responseBody = await readSnippet(res);
    return {
      kind: "answered",
      status: res.status,
      durationMs: Date.now() - started,
      responseBody,
      retryAfter: res.headers.get("retry-after"),
      location: res.headers.get("location"),
    };
  } catch (err) {
    const name = (err as { name?: string }).name;
    const timedOut = name === "TimeoutError" || name === "AbortError";
    return { kind: "no-answer", timedOut, durationMs: Date.now() - started, message: String((err as Error).message ?? err).slice(0, 300) };
  }
}

/** What follows a failed attempt: the consumer retries on the schedule; a test event is tried once. */
export type RetryPolicy = "schedule" | "once";

/**
 * One attempt of a claimed delivery: send, then decide what follows. Returns the record to store
 * and, for a retry, the seconds to wait.
 */
export async function attemptDelivery(
  settings: PushSettings,
  subscription: Subscription,
  delivery: Delivery,
  event: FrozenEvent,
  now: number,
  policy: RetryPolicy,
): Promise<{ record: AttemptRecord; retryInSeconds: number | null }> {
  const sent = await sendEvent(settings, subscription, delivery, deliveryBody(subscription, delivery, event), now);
  const telegram =
    subscription.format === "telegram" && sent.kind === "answered" ? readTelegramAnswer(sent.status, sent.responseBody) : null;
  const record = (outcome: Outcome, nextAttemptAt: number | null, deactivate: string | null = null): AttemptRecord => ({
    deliveryId: delivery.id,
    subscriptionId: delivery.webhook_id,
    at: now,
    statusCode: sent.kind === "answered" ? sent.status : null,
    durationMs: sent.kind === "refused" ? 0 : sent.durationMs,
    error: sendError(sent, settings.timeoutMs, subscription.format),
    responseBody: sent.kind === "answered" ? maskTelegramToken(sent.responseBody) : null,
    result: outcome,
    nextAttemptAt,
    deactivate,
  });
  if (isSuccess(sent)) return { record: record("delivered", null), retryInSeconds: null };
  if (sent.kind === "answered" && sent.status === 410) {
    const reason = `Receiver answered 410 Gone on ${isoSeconds(now)}: subscription deactivated`;
    return { record: record("failed", null, reason), retryInSeconds: null };
  }
  // A refused target stays refused until its owner changes the URL: retrying cannot help. Nor can
  // resending to a chat Telegram says is not there or a bot it says is blocked or unknown.
  if (sent.kind === "refused" || policy === "once" || telegram?.permanent) return { record: record("failed", null), retryInSeconds: null };
  // Telegram's 429 names its wait in the body (parameters.retry_after), not in a header.
  const retryAfter =
    telegram?.retryAfterSeconds != null ? String(telegram.retryAfterSeconds) : sent.kind === "answered" ? sent.retryAfter : null;
  const outcome =
    sent.kind === "answered"
      ? { status: sent.status, timedOut: false, retryAfter }
      : { status: null, timedOut: sent.timedOut, retryAfter: null };
  const delay = nextDelay(settings.retrySchedule, delivery.round_attempts + 1, outcome, Date.now());
  if (delay === null) return { record: record("dead-letter", now), retryInSeconds: null };
  return { record: record("retry", now + delay * 1000), retryInSeconds: delay };
}

/** The first 1 KB of a response body as text; the rest is cancelled. */
async function readSnippet(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // a body cut short is still a response; keep what arrived
  } finally {
    reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(Math.min(size, BODY_SNIPPET_BYTES));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, all.length - at);
    all.set(part, at);
    at += part.length;
    if (at >= all.length) break;
  }
  return new TextDecoder().decode(all);
}
