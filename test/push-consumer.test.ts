// The queue consumer called directly (createMessageBatch + getQueueResult): every retry path, the
// Retry-After rules, idempotency under duplicate and stale messages, malformed messages, the DLQ
// consumer, the send-time SSRF check, auto-disable after 5 days of failures, replay, and the sweeper.

import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { recordMatches } from "../src/db/deliveries";
import { upsertJobs } from "../src/db/jobs";
import { announceNewJobs } from "../src/push/announce";
import { newDeliveryId, newEventId } from "../src/push/ids";
import { handleQueueBatch } from "../src/push/queue";
import type { ReplayView, SubscriptionView } from "../src/routes/webhooks/schema";
import { call, createKey, type Envelope } from "./support/api";
import { makeJob } from "./support/jobs";
import { deliveries, ingest, received, receiverName, receiverUrl, type Step, script, subscribe, waitFor } from "./support/push";

const MAIN = "upwork-jobs-deliveries";
const DLQ = "upwork-jobs-deliveries-dlq";
let key: string;
beforeAll(async () => {
  key = await createKey("enterprise", "consumer");
});

let n = 0;
const uid = () => `${Date.now()}${String(++n).padStart(4, "0")}`;

/** A subscription on a scripted receiver plus one recorded (not enqueued) delivery of a new job. */
async function pending(steps: Step[], fallback?: Step, extra: Record<string, unknown> = {}) {
  const name = receiverName("c");
  await script(name, steps, fallback);
  const skill = `c-${uid()}`;
  const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill }, ...extra });
  const job = makeJob(`7${uid()}`, { skills: [skill] });
  await upsertJobs(env.DB, [job], "2025-11-03T12:00:00Z");
  const [dispatch] = await recordMatches(
    env.DB,
    [{ id: newDeliveryId(), webhook_id: sub.id, event_id: newEventId(), status: "pending", last_error: null, job_ids: [job.id] }],
    Date.now(),
  );
  return { name, sub, job, dispatch: dispatch!, skill };
}

let msg = 0;
async function consume(bodies: unknown[], queue = MAIN) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: `m${++msg}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await handleQueueBatch(batch, env);
  const result = await getQueueResult(batch, ctx);
  const ids = batch.messages.map((m) => m.id);
  return ids.map((id) =>
    result.explicitAcks.includes(id) ? "ack" : result.retryMessages.some((r: { msgId: string }) => r.msgId === id) ? "retry" : "none",
  );
}

const row = (id: string) =>
  env.DB.prepare("SELECT * FROM webhook_deliveries WHERE id = ?").bind(id).first<{
    status: string;
    next_attempt_at: number | null;
    attempts: number;
    last_error: string | null;
    last_status_code: number | null;
  }>();
const makeDue = (id: string) => env.DB.prepare("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?").bind(Date.now(), id).run();

describe("retry paths", () => {
  it("timeout: retried, logged, and the next attempt waits at least 60 s", async () => {
    const p = await pending([{ delay_ms: 2500, status: 200 }]);
    const before = Date.now();
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    const r = (await row(p.dispatch.delivery_id))!;
    expect(r).toMatchObject({ status: "pending", attempts: 1, last_status_code: null, last_error: "Timed out after 1 s" });
    expect(r.next_attempt_at! - before).toBeGreaterThanOrEqual(60_000);
  });

  it("network error (connection reset): retried on schedule", async () => {
    const p = await pending([{ reset: true }]);
    const before = Date.now();
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    const r = (await row(p.dispatch.delivery_id))!;
    expect(r.last_error).toMatch(/^Network error/);
    expect(r.next_attempt_at! - before).toBeLessThan(5_000); // WEBHOOK_RETRY_SCHEDULE=1,… here
    await makeDue(p.dispatch.delivery_id);
    expect(await consume([p.dispatch])).toEqual(["ack"]);
    expect((await row(p.dispatch.delivery_id))!.status).toBe("delivered");
  });

  it("3xx: the redirect is not followed and counts as a failure", async () => {
    const elsewhere = receiverName("elsewhere");
    const p = await pending([{ status: 302, headers: { location: receiverUrl(elsewhere) } }]);
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    const r = (await row(p.dispatch.delivery_id))!;
    expect(r).toMatchObject({ last_status_code: 302, status: "pending" });
    expect(r.last_error).toMatch(/^Redirect \(302\) not followed to http/);
    expect(await received(elsewhere)).toHaveLength(0);
  });

  it.each([
    ["429 with Retry-After: 120 waits 120 s", { status: 429, headers: { "retry-after": "120" } }, 120],
    ["429 without Retry-After waits 60 s", { status: 429 }, 60],
    ["503 with Retry-After: 30 waits 30 s", { status: 503, headers: { "retry-after": "30" } }, 30],
  ])("%s", async (_label, step, seconds) => {
    const p = await pending([step]);
    const before = Date.now();
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    const wait = (await row(p.dispatch.delivery_id))!.next_attempt_at! - before;
    expect(wait).toBeGreaterThanOrEqual(seconds * 1000 - 50);
    expect(wait).toBeLessThan(seconds * 1000 + 5_000);
    // a message that comes back before the delivery is due waits again without sending
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    expect(await received(p.name)).toHaveLength(1);
  });
});

describe("idempotency", () => {
  it("the same message twice at once, and again later, sends once", async () => {
    const p = await pending([{ delay_ms: 300, status: 200 }]);
    const outcomes = await consume([p.dispatch, p.dispatch]);
    expect(outcomes.sort()).toEqual(["ack", "retry"]); // the duplicate found the lease taken
    expect(await consume([p.dispatch])).toEqual(["ack"]);
    expect(await received(p.name)).toHaveLength(1);
    expect((await row(p.dispatch.delivery_id))!).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("a superseded dispatch (after an owner retry) is dropped", async () => {
    const p = await pending([{ status: 500 }]);
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    const r = await call(`/webhooks/${p.sub.id}/deliveries/${p.dispatch.delivery_id}/retry`, { key, method: "POST" });
    expect(r.status).toBe(200);
    await makeDue(p.dispatch.delivery_id);
    expect(await consume([p.dispatch])).toEqual(["ack"]); // the old message: no send
    await waitFor(async () => (await row(p.dispatch.delivery_id))!.status === "delivered", "the owner's retry through the queue");
    expect(await received(p.name)).toHaveLength(2);
  });

  it("malformed messages are recorded and acknowledged, never retried", async () => {
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM queue_rejects").first<{ n: number }>())!.n;
    const bad = [null, "hello", { delivery_id: "x" }, { delivery_id: "dlv_abcdefghijkl", dispatch: "0123456789abcdef", extra: 1 }, 42];
    expect(await consume(bad)).toEqual(["ack", "ack", "ack", "ack", "ack"]);
    expect(await consume([{ nope: true }], DLQ)).toEqual(["ack"]);
    const after = (await env.DB.prepare("SELECT count(*) AS n FROM queue_rejects").first<{ n: number }>())!.n;
    expect(after - before).toBe(6);
  });

  it("a message for a delivery that no longer exists is acknowledged", async () => {
    expect(await consume([{ delivery_id: "dlv_doesnotexist00", dispatch: "0123456789abcdef" }])).toEqual(["ack"]);
  });
});

describe("dead letters, disabled subscriptions, the send-time target check", () => {
  it("exhausting the schedule hands the message to the DLQ, whose consumer marks it failed", async () => {
    const p = await pending([], { status: 500, body: "still broken" });
    for (let i = 0; i < 3; i++) {
      expect(await consume([p.dispatch])).toEqual(["retry"]);
      await makeDue(p.dispatch.delivery_id);
    }
    expect(await consume([p.dispatch])).toEqual(["ack"]); // 4th failure: to the DLQ
    // The real DLQ consumer runs too; calling it directly must agree (idempotent).
    expect(await consume([p.dispatch], DLQ)).toEqual(["ack"]);
    const r = (await row(p.dispatch.delivery_id))!;
    expect(r).toMatchObject({ status: "failed", attempts: 4, last_status_code: 500, last_error: "HTTP 500", next_attempt_at: null });
  });

  it("a queued delivery of a disabled subscription is not sent and stays replayable", async () => {
    const p = await pending([]);
    await call(`/webhooks/${p.sub.id}`, {
      key,
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ active: false }),
    });
    expect(await consume([p.dispatch])).toEqual(["ack"]);
    expect((await row(p.dispatch.delivery_id))!).toMatchObject({
      status: "failed",
      last_error: "Subscription disabled: Disabled by its owner",
    });
    expect(await received(p.name)).toHaveLength(0);
  });

  it("a target that became hostile is refused at send time", async () => {
    const p = await pending([]);
    await env.DB.prepare("UPDATE webhooks SET url = 'http://169.254.169.254/latest/meta-data' WHERE id = ?").bind(p.sub.id).run();
    expect(await consume([p.dispatch])).toEqual(["ack"]);
    const r = (await row(p.dispatch.delivery_id))!;
    expect(r.status).toBe("failed");
    expect(r.last_error).toMatch(/^Target refused: cloud metadata/);
  });
});

describe("never losing a job", () => {
  it("a pending delivery whose message was lost is re-dispatched by the next run", async () => {
    const p = await pending([]);
    await env.DB.prepare("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?")
      .bind(Date.now() - 11 * 60_000, p.dispatch.delivery_id)
      .run();
    await announceNewJobs(env, []);
    await waitFor(async () => (await row(p.dispatch.delivery_id))!.status === "delivered", "the swept delivery");
    expect(await received(p.name)).toHaveLength(1);
  });

  it("5 days of failures disable the subscription; re-enabling and replaying recovers everything missed", async () => {
    const p = await pending([], { status: 500 });
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    // pretend the failures started 5 days ago
    await env.DB.prepare("UPDATE webhooks SET failing_since = ? WHERE id = ?")
      .bind(Date.now() - 5 * 86_400_000 - 60_000, p.sub.id)
      .run();
    await makeDue(p.dispatch.delivery_id);
    expect(await consume([p.dispatch])).toEqual(["retry"]);
    const sub = (await call<Envelope<SubscriptionView>>(`/webhooks/${p.sub.id}`, { key })).body.data[0]!;
    expect(sub.active).toBe(false);
    expect(sub.disabled_reason).toMatch(/^Disabled automatically: every delivery failed since \d{4}-/);
    await makeDue(p.dispatch.delivery_id);
    expect(await consume([p.dispatch])).toEqual(["ack"]); // not sent: the subscription is off
    expect((await row(p.dispatch.delivery_id))!.status).toBe("failed");

    // A job that arrives while it is disabled is recorded (as failed), not sent.
    const later = makeJob(`7${uid()}`, { skills: [p.skill] });
    await ingest([later]);
    expect((await deliveries(key, p.sub.id)).map((d) => d.status)).toEqual(["failed", "failed"]);
    expect(await received(p.name)).toHaveLength(2);

    await script(p.name, []); // receiver fixed
    const blocked = await call(`/webhooks/${p.sub.id}/replay`, {
      key,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ since: "2020-01-01T00:00:00Z" }),
    });
    expect(blocked.status).toBe(409);
    const on = await call<Envelope<SubscriptionView>>(`/webhooks/${p.sub.id}`, {
      key,
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ active: true }),
    });
    expect(on.body.data[0]).toMatchObject({ active: true, disabled_reason: null });
    const replay = await call<Envelope<ReplayView>>(`/webhooks/${p.sub.id}/replay`, {
      key,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ since: new Date(Date.now() - 3600_000).toISOString() }),
    });
    expect(replay.status).toBe(200);
    expect(replay.body.data[0]!.replayed).toBe(2);
    const done = await waitFor(async () => {
      const list = await deliveries(key, p.sub.id);
      return list.every((d) => d.status === "delivered") ? list : undefined;
    }, "replayed deliveries");
    expect(done.flatMap((d) => d.job_ids).sort()).toEqual([p.job.id, later.id].sort());
    expect(
      (
        await call(`/webhooks/${p.sub.id}/replay`, {
          key,
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ since: "yesterday" }),
        })
      ).status,
    ).toBe(400);
  });
});
