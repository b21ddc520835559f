// The delivery queue: the producer (enqueueDeliveries) and both consumers. Main queue: one attempt
// per message, then ack or retry({delaySeconds}) per message. Dead-letter queue: marks the delivery
// failed (kept for the owner to retry or replay). Every message is validated first; a malformed one
// is recorded and acknowledged, never retried. D1 work is done per batch (one round trip to claim,
// one to record), so a batch of 50 costs about as much database time as one message. An unexpected
// error retries the messages concerned (never ack() in a catch), so nothing is lost; a redelivered
// message never sends twice (claims, dispatch tokens). Vocabulary: ./README.md.
import { claimDeliveries, recordOutcomes, recordRejects } from "../db/deliveries";
import { jobViewOf } from "../jobs/model";
import { type PushSettings, SettingsError, settingsFrom } from "../settings";
import { attemptDelivery, readFrozenEvent } from "./deliver";
import { maskTelegramToken } from "./telegram";
import { type AttemptRecord, type Claim, DeliveryMessage, type Ending } from "./types";

/** Queues accept delays up to 12 h per hop; longer waits are chained (the message comes back early and waits again). */
const MAX_QUEUE_DELAY = 43_200;
const LEASE_EXTRA_MS = 30_000;
const SEND_BATCH = 100; // Queues' sendBatch limit
/**
 * While the settings are invalid, a message is retried this many times (its delivery untouched),
 * then acknowledged: the delivery stays pending, and the sweeper (announce.ts) hands it to a new
 * message once the settings are fixed. Below the queue's max_retries, so it never reaches the DLQ.
 */
export const SETTINGS_RETRY_LIMIT = 50;

type Verdict = { ack: true } | { ack: false; delaySeconds: number };
const ACK: Verdict = { ack: true };
const later = (seconds: number): Verdict => ({ ack: false, delaySeconds: Math.max(0, Math.min(Math.ceil(seconds), MAX_QUEUE_DELAY)) });
const crashDelay = (attempts: number) => Math.min(30 * attempts, 3600);

export async function enqueueDeliveries(queue: Queue, messages: DeliveryMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    const chunk = messages.slice(i, i + SEND_BATCH);
    await queue.sendBatch(chunk.map((m) => ({ body: { delivery_id: m.delivery_id, dispatch: m.dispatch }, contentType: "json" as const })));
  }
}

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deadLetter = batch.queue.endsWith("-dlq");
  const valid: { message: Message<unknown>; body: DeliveryMessage }[] = [];
  const rejects: { message: Message<unknown>; error: string }[] = [];
  for (const message of batch.messages) {
    const parsed = DeliveryMessage.safeParse(message.body);
    if (parsed.success) valid.push({ message, body: parsed.data });
    else rejects.push({ message, error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
  }

  const settle = async (group: Message<unknown>[], work: () => Promise<Verdict[]>) => {
    let verdicts: Verdict[];
    try {
      verdicts = await work();
    } catch (err) {
      if (err instanceof SettingsError) return waitForSettings(group, err);
      console.error("webhook queue: batch step failed, messages will be retried", batch.queue, maskTelegramToken(String(err)));
      for (const m of group) m.retry({ delaySeconds: crashDelay(m.attempts) });
      return;
    }
    group.forEach((m, i) => {
      const v = verdicts[i]!;
      if (v.ack) m.ack();
      else m.retry({ delaySeconds: v.delaySeconds });
    });
  };

  const messages = valid.map((v) => v.body);
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
          () => (deadLetter ? markDeadLettered(env, messages) : deliverBatch(env, settingsFrom(env).push, messages)),
        )
      : undefined,
  ]);
}

/** A configuration error is the operator's to fix: no delivery is attempted, failed or dead-lettered meanwhile. */
function waitForSettings(group: Message<unknown>[], err: SettingsError): void {
  console.error(`webhook queue: deliveries wait until the settings are fixed: ${err.message}`);
  for (const m of group) {
    if (m.attempts >= SETTINGS_RETRY_LIMIT) m.ack();
    else m.retry({ delaySeconds: Math.min(60 * m.attempts, 3600) });
  }
}

async function markDeadLettered(env: Env, messages: DeliveryMessage[]): Promise<Verdict[]> {
  const endings = messages.map((message) => ({ message, error: "Retries exhausted", keepLastError: true }));
  await recordOutcomes(env.DB, [], endings, Date.now(), 0);
  return messages.map(() => ACK);
}

/** One attempt per due delivery of the batch, and what each message should do next. */
async function deliverBatch(env: Env, settings: PushSettings, messages: DeliveryMessage[]): Promise<Verdict[]> {
  const now = Date.now();
  const { claims, states } = await claimDeliveries(env.DB, messages, now, settings.timeoutMs + LEASE_EXTRA_MS);

  const attempts: AttemptRecord[] = [];
  const endings: Ending[] = [];
  const deadLetters: DeliveryMessage[] = [];
  const taken = new Set<string>();

  const one = async (m: DeliveryMessage): Promise<Verdict> => {
    const claim = claims.get(m.delivery_id);
    if (claim?.delivery.dispatch !== m.dispatch || taken.has(m.delivery_id)) {
      const state = states.get(m.delivery_id);
      // Delivered, failed, deleted, or superseded by a newer dispatch (owner retry, replay, sweeper): nothing to do.
      if (state?.status !== "pending" || state.dispatch !== m.dispatch) return ACK;
      // Another consumer (or a duplicate in this batch) is sending it now: look again when that lease ends.
      if (state.lease_until !== null && state.lease_until > now) return later((state.lease_until - now) / 1000 + 1);
      // Not due yet: a long retry delay chained over several hops.
      return later(((state.next_attempt_at ?? now) - now) / 1000);
    }
    taken.add(m.delivery_id);
    try {
      return await attempt(settings, claim, m, now, attempts, endings, deadLetters);
    } catch (err) {
      // One message's data must not sink the batch: the others' outcomes are still recorded (else
      // their sends would repeat once the leases end). This one keeps its lease and comes back after it.
      console.error("webhook queue: delivery failed unexpectedly, will be retried", m.delivery_id, maskTelegramToken(String(err)));
      return later((settings.timeoutMs + LEASE_EXTRA_MS) / 1000 + 1);
    }
  };

  const verdicts = await Promise.all(messages.map(one));
  await recordOutcomes(env.DB, attempts, endings, now, settings.autoDisableSeconds * 1000);
  // Schedule exhausted: the dead-letter queue's consumer marks these failed. Their next_attempt_at
  // stays set, so the sweeper re-dispatches them should that hand-off ever be lost.
  if (deadLetters.length) await env.DEAD_LETTER_QUEUE.sendBatch(deadLetters.map((body) => ({ body, contentType: "json" as const })));
  return verdicts;
}

async function attempt(
  settings: PushSettings,
  { delivery, subscription, jobs: stored }: Claim,
  message: DeliveryMessage,
  now: number,
  attempts: AttemptRecord[],
  endings: Ending[],
  deadLetters: DeliveryMessage[],
): Promise<Verdict> {
  if (!subscription) {
    endings.push({ message, error: "Subscription deleted" });
    return ACK;
  }
  if (!subscription.active) {
    // 410, auto-disable or the owner: nothing more is sent, queued deliveries included (they stay replayable).
    endings.push({ message, error: `Subscription disabled${subscription.disabled_reason ? `: ${subscription.disabled_reason}` : ""}` });
    return ACK;
  }
  // Parsed here, per delivery: one unreadable document must not sink the batch.
  const event = delivery.payload ? readFrozenEvent(delivery.payload) : { jobs: stored.map((j) => jobViewOf(j.doc, j.receivedAt)) };
  if (!event.jobs.length) {
    endings.push({ message, error: "The event's jobs are no longer stored" });
    return ACK;
  }
  const { record, retryInSeconds } = await attemptDelivery(settings, subscription, delivery, event, now, "schedule");
  attempts.push(record);
  if (record.result === "dead-letter") deadLetters.push(message);
  return retryInSeconds === null ? ACK : later(retryInSeconds);
}
