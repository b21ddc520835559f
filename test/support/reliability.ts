// Helpers for the reliability suites: an env with overridden settings and capturing queues (so the
// test, not the runtime's queue, decides when and how often each message is consumed), a direct
// consumer driver, and a row counter (the app is called with such an env by call(path, { env }), support/api.ts).

import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { handleQueueBatch } from "../../src/push/queue";
import type { DeliveryMessage } from "../../src/push/types";

const MAIN_QUEUE = "upwork-jobs-deliveries";
export const DLQ = "upwork-jobs-deliveries-dlq";

/** A Queue binding that only remembers what was sent. */
export function captureQueue() {
  const sent: unknown[] = [];
  const queue = {
    async send(body: unknown) {
      sent.push(body);
    },
    async sendBatch(messages: Iterable<{ body: unknown }>) {
      for (const m of messages) sent.push(m.body);
    },
  };
  return { queue: queue as unknown as Queue, take: () => sent.splice(0, sent.length) as DeliveryMessage[] };
}

/**
 * The test env with some settings or bindings replaced (the real bindings are inherited). Own
 * properties are defined, never assigned: assigning through the prototype would reach the env
 * proxy's set trap and replace the binding for the whole runtime.
 */
export function envWith(overrides: Record<string, unknown>): Env {
  const props = Object.fromEntries(Object.entries(overrides).map(([k, value]) => [k, { value, enumerable: true }]));
  return Object.create(env as object, props) as Env;
}

export type Outcome = { verdict: "ack" } | { verdict: "retry"; delaySeconds: number | undefined } | { verdict: "none" };

let msgSeq = 0;
/** One consumer invocation on these message bodies; the verdict of each message, in order. */
export async function consume(e: Env, bodies: unknown[], queue = MAIN_QUEUE, attempts = 1): Promise<Outcome[]> {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: `rel-${++msgSeq}`, timestamp: new Date(), attempts, body })),
  );
  // getQueueResult reports which messages were retried, not their delays: note those on the way.
  const delays = new Map<string, number | undefined>();
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options) => {
      delays.set(m.id, options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await handleQueueBatch(batch, e);
  const result = await getQueueResult(batch, ctx);
  return batch.messages.map((m): Outcome => {
    if (result.explicitAcks.includes(m.id)) return { verdict: "ack" };
    return result.retryMessages.some((x: { msgId: string }) => x.msgId === m.id)
      ? { verdict: "retry", delaySeconds: delays.get(m.id) }
      : { verdict: "none" };
  });
}

export const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;
