// Queue consumers. Main queue: one delivery attempt per message, then ack or retry({delaySeconds})
// per message. Dead-letter queue: marks the delivery failed (kept for the owner to retry or replay).
// Every message is validated first; a malformed one is recorded and acknowledged, never retried.
// An unexpected error retries that message only (never ack() in a catch), so nothing is lost.
import { claimDelivery, getDeliveryState, markFailed, recordAttempt, recordReject, type Dispatch } from "../db/webhooks";
import type { Job } from "../jobs/model";
import { pushSettings } from "./config";
import { deliveryBody, isSuccess, sendEvent } from "./deliver";
import { DeliveryMessage } from "./messages";
import { nextDelay } from "./retry";

/** Queues accept delays up to 12 h per hop; longer waits are chained (the message comes back early and waits again). */
export const MAX_QUEUE_DELAY = 43_200;
const LEASE_EXTRA_MS = 30_000;

type Verdict = { ack: true } | { ack: false; delaySeconds: number };
const ACK: Verdict = { ack: true };
const later = (seconds: number): Verdict => ({ ack: false, delaySeconds: Math.max(0, Math.min(Math.ceil(seconds), MAX_QUEUE_DELAY)) });

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deadLetter = batch.queue.endsWith("-dlq");
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = DeliveryMessage.safeParse(message.body);
      try {
        let verdict: Verdict;
        if (!parsed.success) {
          await recordReject(env.DB, batch.queue, message.body, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), Date.now());
          verdict = ACK;
        } else {
          verdict = deadLetter ? await handleDeadLetter(env, parsed.data) : await handleDelivery(env, parsed.data);
        }
        if (verdict.ack) message.ack();
        else message.retry({ delaySeconds: verdict.delaySeconds });
      } catch (err) {
        console.error("webhook queue: message failed, will retry", batch.queue, message.id, err);
        message.retry({ delaySeconds: Math.min(30 * message.attempts, 3600) });
      }
    }),
  );
}

async function handleDeadLetter(env: Env, d: Dispatch): Promise<Verdict> {
  await markFailed(env.DB, d, "Retries exhausted", Date.now(), true);
  return ACK;
}

/** One attempt for one queued delivery, and what the message should do next. */
export async function handleDelivery(env: Env, d: Dispatch): Promise<Verdict> {
  const settings = pushSettings(env);
  const now = Date.now();
  const claim = await claimDelivery(env.DB, d, now, settings.timeoutMs + LEASE_EXTRA_MS);
  if (!claim) {
    const state = await getDeliveryState(env.DB, d.delivery_id);
    // Delivered, failed, deleted, or superseded by a newer dispatch (owner retry, replay, sweeper): nothing to do.
    if (!state || state.status !== "pending" || state.dispatch !== d.dispatch) return ACK;
    // Another consumer is sending it right now (a duplicate message): look again when its lease ends.
    if (state.lease_until !== null && state.lease_until > now) return later((state.lease_until - now) / 1000 + 1);
    // Not due yet: a long retry delay chained over several hops.
    return later(((state.next_attempt_at ?? now) - now) / 1000);
  }
  const { delivery, webhook, jobDocs } = claim;
  if (!webhook) {
    await markFailed(env.DB, d, "Subscription deleted", now);
    return ACK;
  }
  if (!webhook.active) {
    // 410, auto-disable or the owner: nothing more is sent, queued deliveries included (they stay replayable).
    await markFailed(env.DB, d, `Subscription disabled${webhook.disabled_reason ? `: ${webhook.disabled_reason}` : ""}`, now);
    return ACK;
  }
  const jobs = delivery.payload ? (JSON.parse(delivery.payload) as Job[]) : jobDocs.map((doc) => JSON.parse(doc) as Job);
  if (!jobs.length) {
    await markFailed(env.DB, d, "The event's jobs are no longer stored", now);
    return ACK;
  }

  const result = await sendEvent(settings, webhook, delivery, deliveryBody(webhook, delivery, jobs), now);
  const base = {
    deliveryId: delivery.id,
    webhookId: webhook.id,
    at: now,
    statusCode: result.status,
    durationMs: result.durationMs,
    error: result.error,
    responseBody: result.responseBody,
    deactivate: null as string | null,
    autoDisableMs: settings.autoDisableSeconds * 1000,
  };
  if (isSuccess(result)) {
    await recordAttempt(env.DB, { ...base, result: "delivered", nextAttemptAt: null });
    return ACK;
  }
  if (result.status === 410) {
    const reason = `Receiver answered 410 Gone on ${new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z")}: subscription deactivated`;
    await recordAttempt(env.DB, { ...base, result: "failed", nextAttemptAt: null, deactivate: reason });
    return ACK;
  }
  if (result.status === null && result.error?.startsWith("Target refused")) {
    await recordAttempt(env.DB, { ...base, result: "failed", nextAttemptAt: null });
    return ACK;
  }
  const delay = nextDelay(settings.retrySchedule, delivery.round_attempts + 1, { status: result.status, timedOut: result.timedOut, retryAfter: result.retryAfter }, Date.now());
  if (delay === null) {
    // Schedule exhausted: the dead-letter queue's consumer marks it failed. next_attempt_at stays
    // set so the sweeper re-dispatches it should that message ever be lost.
    await recordAttempt(env.DB, { ...base, result: "dead-letter", nextAttemptAt: now });
    await env.DEAD_LETTER_QUEUE.send(d, { contentType: "json" });
    return ACK;
  }
  await recordAttempt(env.DB, { ...base, result: "retry", nextAttemptAt: now + delay * 1000 });
  return later(delay);
}
