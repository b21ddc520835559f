// One delivery attempt: build the event body, sign it, POST it (no redirects, bounded time), and
// report what happened. The consumer (queue.ts) and the test endpoint decide what follows.
import type { AttemptRecord, DeliveryRow, WebhookRow } from "../db/webhooks";
import type { Job } from "../jobs/model";
import type { PushSettings } from "./config";
import { type EventType, eventBody } from "./format";
import { signatureHeader } from "./signing";
import { checkTarget } from "./ssrf";

export const USER_AGENT = "upwork-jobs-api-webhooks/1.0 (+https://github.com/upwork-jobs-api)";
const BODY_SNIPPET_BYTES = 1024;

export interface SendResult {
  status: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  retryAfter: string | null;
  timedOut: boolean;
}

export const isSuccess = (r: SendResult) => r.status !== null && r.status >= 200 && r.status < 300;

/** What one attempt stored: the receiver's answer plus what follows (`next`). */
export function attemptRecord(
  delivery: DeliveryRow,
  result: SendResult,
  at: number,
  next: Pick<AttemptRecord, "result" | "nextAttemptAt"> & { deactivate?: string },
): AttemptRecord {
  return {
    deliveryId: delivery.id,
    webhookId: delivery.webhook_id,
    at,
    statusCode: result.status,
    durationMs: result.durationMs,
    error: result.error,
    responseBody: result.responseBody,
    result: next.result,
    nextAttemptAt: next.nextAttemptAt,
    deactivate: next.deactivate ?? null,
  };
}

/** Secrets to sign with: the current one, plus the previous one during a rotation's grace period. */
export function signingSecrets(w: WebhookRow, now: number): string[] {
  const out = [w.secret];
  if (w.previous_secret && w.previous_secret_until !== null && now < w.previous_secret_until) out.push(w.previous_secret);
  return out;
}

export function deliveryBody(w: WebhookRow, d: DeliveryRow, jobs: Job[]): string {
  return eventBody(w.format, {
    type: d.type as EventType,
    subscriptionId: w.id,
    jobs,
    createdAt: new Date(d.created_at).toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
}

/** Signs and POSTs one event. Never throws for receiver behaviour: every outcome is a SendResult. */
export async function sendEvent(settings: PushSettings, w: WebhookRow, d: DeliveryRow, body: string, now: number): Promise<SendResult> {
  const target = checkTarget(w.url, settings.allowPrivateTargets);
  if (!target.ok) {
    return {
      status: null,
      durationMs: 0,
      error: `Target refused: ${target.reason}`,
      responseBody: null,
      retryAfter: null,
      timedOut: false,
    };
  }
  const timestamp = Math.floor(now / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": d.event_id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signatureHeader(signingSecrets(w, now), d.event_id, timestamp, body),
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
    const durationMs = Date.now() - started;
    const status = res.status;
    let error: string | null = null;
    if (status >= 300 && status < 400)
      error = `Redirect (${status}) not followed${res.headers.get("location") ? ` to ${res.headers.get("location")!.slice(0, 200)}` : ""}`;
    else if (status < 200 || status >= 300) error = `HTTP ${status}`;
    return { status, durationMs, error, responseBody, retryAfter: res.headers.get("retry-after"), timedOut: false };
  } catch (err) {
    const durationMs = Date.now() - started;
    const name = (err as { name?: string }).name;
    const timedOut = name === "TimeoutError" || name === "AbortError";
    const error = timedOut
      ? `Timed out after ${settings.timeoutMs / 1000} s`
      : `Network error: ${String((err as Error).message ?? err).slice(0, 300)}`;
    return { status: null, durationMs, error, responseBody: null, retryAfter: null, timedOut };
  }
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
