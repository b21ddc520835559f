// Consumer crashes: an exception in the middle of a batch (one message's data is poison, or D1 fails
// between the sends and the record, or before anything is claimed) loses nothing. Messages whose
// outcome is known are acked or retried as usual, the crashed ones are retried (never acked), and
// once the fault is gone every event ends delivered, under its one webhook-id.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { recordMatches } from "../src/db/deliveries";
import { upsertJobs } from "../src/db/jobs";
import { newDeliveryId, newEventId } from "../src/push/ids";
import type { DeliveryMessage } from "../src/push/types";
import { createKey } from "./support/api";
import { makeJob } from "./support/jobs";
import { received, receiverName, receiverUrl, script, subscribe } from "./support/push";
import { captureQueue, consume, DLQ, envWith, type Outcome } from "./support/reliability";

let key: string;
beforeAll(async () => {
  key = await createKey("enterprise", "crash");
});

let n = 0;
/** A subscription on a fresh receiver and `count` recorded (not enqueued) events, one job each. */
async function events(count: number) {
  const name = receiverName("crash");
  await script(name, []);
  const skill = `crash-${++n}`;
  const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill } });
  const jobs = Array.from({ length: count }, (_, i) => makeJob(`6${n}${String(i).padStart(4, "0")}`, { skills: [skill] }));
  await upsertJobs(env.DB, jobs, "2025-11-03T12:00:00Z");
  const dispatches = await recordMatches(
    env.DB,
    jobs.map((j) => ({
      id: newDeliveryId(),
      webhook_id: sub.id,
      event_id: newEventId(),
      status: "pending" as const,
      last_error: null,
      job_ids: [j.id],
    })),
    Date.now(),
  );
  return { name, sub, jobs, dispatches };
}

const status = async (d: DeliveryMessage) =>
  (await env.DB.prepare("SELECT status FROM webhook_deliveries WHERE id = ?").bind(d.delivery_id).first<{ status: string }>())!.status;
const statuses = (ds: DeliveryMessage[]) => Promise.all(ds.map(status));
/** Simulated time: leases and retry delays are over. */
const timePasses = () =>
  env.DB.prepare("UPDATE webhook_deliveries SET lease_until = NULL, next_attempt_at = ?1 WHERE status = 'pending'").bind(Date.now()).run();
const verdicts = (out: Outcome[]) => out.map((o) => o.verdict);

/** A D1 binding whose nth batch() call (1-based) throws, as an outage in the middle of a batch would. */
function d1FailingAt(nth: number) {
  let calls = 0;
  const real = env.DB;
  const db = {
    prepare: (q: string) => real.prepare(q),
    batch: async (stmts: D1PreparedStatement[]) => {
      if (++calls === nth) throw new Error("D1_ERROR: Network connection lost");
      return real.batch(stmts);
    },
    exec: (q: string) => real.exec(q),
    withSession: () => real.withSession(),
    dump: () => real.dump(),
  };
  return db as unknown as D1Database;
}

describe("an exception in the middle of a batch", () => {
  it("one poisoned message: the others are acked and delivered once, the poisoned one is retried, not acked, and delivered once repaired", async () => {
    const { name, jobs, dispatches } = await events(10);
    const poisoned = jobs[4]!;
    // The stored job document no longer parses: building that event's body throws.
    await env.DB.prepare("UPDATE jobs SET doc = '{\"broken' WHERE id = ?").bind(poisoned.id).run();
    const out = verdicts(await consume(env, dispatches));
    expect(out.filter((_, i) => i !== 4)).toEqual(Array(9).fill("ack"));
    expect(out[4]).toBe("retry");
    expect(await statuses(dispatches)).toEqual(dispatches.map((_, i) => (i === 4 ? "pending" : "delivered")));
    expect(await received(name)).toHaveLength(9);

    // Redelivered while still poisoned: retried again, nothing else is sent again.
    await timePasses();
    expect(verdicts(await consume(env, dispatches))).toEqual(dispatches.map((_, i) => (i === 4 ? "retry" : "ack")));
    expect(await received(name)).toHaveLength(9);

    await env.DB.prepare("UPDATE jobs SET doc = ? WHERE id = ?").bind(JSON.stringify(poisoned), poisoned.id).run();
    await timePasses();
    expect(verdicts(await consume(env, [dispatches[4]!]))).toEqual(["ack"]);
    expect(await statuses(dispatches)).toEqual(Array(10).fill("delivered"));
    const log = await received(name);
    expect(log).toHaveLength(10);
    expect(new Set(log.map((r) => r.headers["webhook-id"])).size).toBe(10);
  });

  it("a message that stays poisoned until the queue gives up ends failed (replayable), not lost", async () => {
    const { jobs, dispatches } = await events(3);
    await env.DB.prepare("UPDATE jobs SET doc = 'not json' WHERE id = ?").bind(jobs[1]!.id).run();
    expect(verdicts(await consume(env, dispatches))).toEqual(["ack", "retry", "ack"]);
    // The queue's max_retries is reached: the runtime moves it to the DLQ, whose consumer marks it failed.
    expect(verdicts(await consume(env, [dispatches[1]!], DLQ))).toEqual(["ack"]);
    expect(await statuses(dispatches)).toEqual(["delivered", "failed", "delivered"]);
  });

  it("D1 fails after the sends, before the outcomes are recorded: every message is retried; later each event is delivered, same webhook-id", async () => {
    const { name, dispatches } = await events(8);
    const out = verdicts(await consume(envWith({ DB: d1FailingAt(2) }), dispatches));
    expect(out).toEqual(Array(8).fill("retry")); // nothing acked on an unknown outcome
    expect(await statuses(dispatches)).toEqual(Array(8).fill("pending"));
    expect(await received(name)).toHaveLength(8); // they did go out

    // Redelivered before the leases end: nothing is sent twice at the same time.
    expect(verdicts(await consume(env, dispatches))).toEqual(Array(8).fill("retry"));
    expect(await received(name)).toHaveLength(8);

    await timePasses(); // the leases of the crashed attempt expire
    expect(verdicts(await consume(env, dispatches))).toEqual(Array(8).fill("ack"));
    expect(await statuses(dispatches)).toEqual(Array(8).fill("delivered"));
    const log = await received(name);
    // At least once: each event twice, both times under its own single webhook-id.
    const perId = new Map<string, number>();
    for (const r of log) perId.set(r.headers["webhook-id"]!, (perId.get(r.headers["webhook-id"]!) ?? 0) + 1);
    expect([...perId.values()]).toEqual(Array(8).fill(2));
  });

  it("D1 fails before anything is claimed: every message is retried, nothing is sent, then each is delivered once", async () => {
    const { name, dispatches } = await events(6);
    expect(verdicts(await consume(envWith({ DB: d1FailingAt(1) }), dispatches))).toEqual(Array(6).fill("retry"));
    expect(await received(name)).toHaveLength(0);
    expect(verdicts(await consume(env, dispatches))).toEqual(Array(6).fill("ack"));
    expect(await received(name)).toHaveLength(6);
  });

  it("the hand-off to the DLQ fails: the batch is retried; the exhausted one is handed over next time, the delivered one is not sent again", async () => {
    const { name, dispatches } = await events(2);
    const [first, second] = dispatches as [DeliveryMessage, DeliveryMessage];
    await script(name, [{ status: 500 }, { status: 200 }], { status: 500 }); // the 1st event always fails, the 2nd succeeds
    const dlqDown = {
      sendBatch: () => Promise.reject(new Error("queue unavailable")),
      send: () => Promise.reject(new Error("queue unavailable")),
    };
    const dlq = captureQueue();
    // Two attempts in all (one retry, no wait).
    const broken = envWith({ WEBHOOK_RETRY_SCHEDULE: "0", DEAD_LETTER_QUEUE: dlqDown as unknown as Queue });
    const working = envWith({ WEBHOOK_RETRY_SCHEDULE: "0", DEAD_LETTER_QUEUE: dlq.queue });
    expect(verdicts(await consume(broken, [first]))).toEqual(["retry"]); // attempt 1: 500
    expect(verdicts(await consume(broken, [second]))).toEqual(["ack"]);
    await timePasses();
    // The 2nd message is redelivered alongside: attempt 2 of the 1st exhausts the schedule and the DLQ send throws.
    expect(verdicts(await consume(broken, [first, second]))).toEqual(["retry", "retry"]);
    expect(await statuses(dispatches)).toEqual(["pending", "delivered"]);
    await timePasses();
    expect(verdicts(await consume(working, [first, second]))).toEqual(["ack", "ack"]);
    const handed = dlq.take();
    expect(handed).toEqual([first]);
    expect(verdicts(await consume(env, handed, DLQ))).toEqual(["ack"]);
    expect(await statuses(dispatches)).toEqual(["failed", "delivered"]);
    expect((await received(name)).map((r) => r.answer)).toEqual([500, 200, 500, 500]);
  });
});
