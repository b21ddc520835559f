// Queue consumers. Main queue: one delivery attempt per message, then ack or retry({delaySeconds})
// per message. Dead-letter queue: marks the delivery failed (kept for the owner to retry or replay).
// Every message is validated first; a malformed one is recorded and acknowledged, never retried.
// D1 work is done per batch (one round trip to claim, one to record), so a batch of 50 costs about
// as much database time as one message. An unexpected error retries the messages concerned (never
// ack() in a catch), so nothing is lost; a redelivered message never sends twice (leases, dispatch ids).
import { type AttemptRecord, type Claim, claimDeliveries, type Dispatch, type Ending, recordOutcomes, recordRejects } from "../db/webhooks";
import type { Job } from "../jobs/model";
import { pushSettings } from "./config";
import { attemptRecord, deliveryBody, isSuccess, sendEvent } from "./deliver";
import { DeliveryMessage } from "./messages";
import { nextDelay } from "./retry";

/** Queues accept delays up to 12 h per hop; longer waits are chained (the message comes back early and waits again). */
export const MAX_QUEUE_DELAY = 43_200;
const LEASE_EXTRA_MS = 30_000;

export type Verdict = { ack: true } | { ack: false; delaySeconds: number };
const ACK: Verdict = { ack: true };
const later = (seconds: number): Verdict => ({ ack: false, delaySeconds: Math.max(0, Math.min(Math.ceil(seconds), MAX_QUEUE_DELAY)) });
const crashDelay = (attempts: number) => Math.min(30 * attempts, 3600);

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deadLetter = batch.queue.endsWith("-dlq");
  const valid: { message: Message<unknown>; dispatch: Dispatch }[] = [];
  const rejects: { message: Message<unknown>; error: string }[] = [];
  for (const message of batch.messages) {
    const parsed = DeliveryMessage.safeParse(message.body);
    if (parsed.success) valid.push({ message, dispatch: parsed.data });
    else rejects.push({ message, error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
  }

  const settle = async (group: Message<unknown>[], work: () => Promise<Verdict[]>) => {
    let verdicts: Verdict[];
    try {
      verdicts = await work();
    } catch (err) {
      console.error("webhook queue: batch step failed, messages will be retried", batch.queue, err);
      for (const m of group) m.retry({ delaySeconds: crashDelay(m.attempts) });
      return;
    }
    group.forEach((m, i) => {
      const v = verdicts[i]!;
      if (v.ack) m.ack();
      else m.retry({ delaySeconds: v.delaySeconds });
    });
  };

  await Promise.all([
    rejects.length
      ? settle(
          rejects.map((r) => r.message),
          async () => {
            await recordRejects(
              env.DB,
              batch.queue,
              rejects.map((r) => ({ body: r.message.body, error: r.error })),
              Date.now(),
            );
            return rejects.map(() => ACK);
          },
        )
      : undefined,
    valid.length
      ? settle(
          valid.map((v) => v.message),
          () =>
            deadLetter
              ? markDeadLettered(
                  env,
                  valid.map((v) => v.dispatch),
                )
              : deliverBatch(
                  env,
                  valid.map((v) => v.dispatch),
                ),
        )
      : undefined,
  ]);
}

async function markDeadLettered(env: Env, dispatches: Dispatch[]): Promise<Verdict[]> {
  const endings = dispatches.map((dispatch) => ({ dispatch, error: "Retries exhausted", keepLastError: true }));
  await recordOutcomes(env.DB, [], endings, Date.now(), 0);
  return dispatches.map(() => ACK);
}

/** One attempt per due delivery of the batch, and what each message should do next. */
export async function deliverBatch(env: Env, dispatches: Dispatch[]): Promise<Verdict[]> {
  const settings = pushSettings(env);
  const now = Date.now();
  const { claims, states } = await claimDeliveries(env.DB, dispatches, now, settings.timeoutMs + LEASE_EXTRA_MS);

  const attempts: AttemptRecord[] = [];
  const endings: Ending[] = [];
  const deadLetters: Dispatch[] = [];
  const taken = new Set<string>();

  const one = async (d: Dispatch): Promise<Verdict> => {
    const claim = claims.get(d.delivery_id);
    if (!claim || claim.delivery.dispatch !== d.dispatch || taken.has(d.delivery_id)) {
      const state = states.get(d.delivery_id);
      // Delivered, failed, deleted, or superseded by a newer dispatch (owner retry, replay, sweeper): nothing to do.
      if (!state || state.status !== "pending" || state.dispatch !== d.dispatch) return ACK;
      // Another consumer (or a duplicate in this batch) is sending it now: look again when that lease ends.
      if (state.lease_until !== null && state.lease_until > now) return later((state.lease_until - now) / 1000 + 1);
      // Not due yet: a long retry delay chained over several hops.
      return later(((state.next_attempt_at ?? now) - now) / 1000);
    }
    taken.add(d.delivery_id);
    try {
      return await attempt(settings, claim, d, now, attempts, endings, deadLetters);
    } catch (err) {
      // One message's data must not sink the batch: the others' outcomes are still recorded (else
      // their sends would repeat once the leases end). This one keeps its lease and comes back after it.
      console.error("webhook queue: delivery failed unexpectedly, will be retried", d.delivery_id, err);
      return later((settings.timeoutMs + LEASE_EXTRA_MS) / 1000 + 1);
    }
  };

  const verdicts = await Promise.all(dispatches.map(one));
  await recordOutcomes(env.DB, attempts, endings, now, settings.autoDisableSeconds * 1000);
  // Schedule exhausted: the dead-letter queue's consumer marks these failed. Their next_attempt_at
  // stays set, so the sweeper re-dispatches them should that hand-off ever be lost.
  if (deadLetters.length) await env.DEAD_LETTER_QUEUE.sendBatch(deadLetters.map((body) => ({ body, contentType: "json" as const })));
  return verdicts;
}

async function attempt(
  settings: ReturnType<typeof pushSettings>,
  { delivery, webhook, jobDocs }: Claim,
  d: Dispatch,
  now: number,
  attempts: AttemptRecord[],
  endings: Ending[],
  deadLetters: Dispatch[],
): Promise<Verdict> {
  if (!webhook) {
    endings.push({ dispatch: d, error: "Subscription deleted" });
    return ACK;
  }
  if (!webhook.active) {
    // 410, auto-disable or the owner: nothing more is sent, queued deliveries included (they stay replayable).
    endings.push({ dispatch: d, error: `Subscription disabled${webhook.disabled_reason ? `: ${webhook.disabled_reason}` : ""}` });
    return ACK;
  }
  const jobs = delivery.payload ? (JSON.parse(delivery.payload) as Job[]) : jobDocs.map((doc) => JSON.parse(doc) as Job);
  if (!jobs.length) {
    endings.push({ dispatch: d, error: "The event's jobs are no longer stored" });
    return ACK;
  }

  const result = await sendEvent(settings, webhook, delivery, deliveryBody(webhook, delivery, jobs), now);
  const record = (next: Parameters<typeof attemptRecord>[3]) => attempts.push(attemptRecord(delivery, result, now, next));
  if (isSuccess(result)) {
    record({ result: "delivered", nextAttemptAt: null });
    return ACK;
  }
  if (result.status === 410) {
    const reason = `Receiver answered 410 Gone on ${new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z")}: subscription deactivated`;
    record({ result: "failed", nextAttemptAt: null, deactivate: reason });
    return ACK;
  }
  if (result.status === null && result.error?.startsWith("Target refused")) {
    record({ result: "failed", nextAttemptAt: null });
    return ACK;
  }
  const outcome = { status: result.status, timedOut: result.timedOut, retryAfter: result.retryAfter };
  const delay = nextDelay(settings.retrySchedule, delivery.round_attempts + 1, outcome, Date.now());
  if (delay === null) {
    record({ result: "dead-letter", nextAttemptAt: now });
    deadLetters.push(d);
    return ACK;
  }
  record({ result: "retry", nextAttemptAt: now + delay * 1000 });
  return later(delay);
}
