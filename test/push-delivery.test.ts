// End to end through the real queue binding: new jobs → matching → recorded events → queue →
// signed POSTs to fake receivers on 127.0.0.1, with retries (WEBHOOK_RETRY_SCHEDULE=1,1,1 here),
// the dead-letter queue, owner retry, 410, batch and chat formats.
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../src/jobs/model";
import { announceNewJobs } from "../src/push/announce";
import type { DeliveryView, SubscriptionView } from "../src/routes/webhooks/schema";
import { call, createKey, type Envelope } from "./support/api";
import { makeJob, randomJob, rng } from "./support/jobs";
import { deliveries, ingest, received, receiverName, receiverUrl, script, subscribe, waitFor, waitForRequests } from "./support/push";

/** The parts of a Slack or Discord message (format slack / discord) these tests read. */
interface ChatMessage {
  text?: string;
  blocks?: { text: { text: string } }[];
  embeds?: { title: string; url: string; fields: { name: string; value: string; inline: boolean }[] }[];
}

let key: string;
beforeAll(async () => {
  key = await createKey("enterprise", "push");
});

let n = 0;
const uid = () => `${Date.now()}${String(++n).padStart(4, "0")}`;
const job = (skill: string, o: Parameters<typeof makeJob>[1] = {}): Job =>
  makeJob(`9${uid()}`, { posted_on: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), skills: [skill], ...o });

/** Deliveries of a subscription once none is pending any more. */
async function settled(webhookId: string, count: number) {
  return waitFor(
    async () => {
      const list = await deliveries(key, webhookId);
      return list.length >= count && list.every((d) => d.status !== "pending") ? list : undefined;
    },
    `${count} settled deliveries of ${webhookId}`,
    25_000,
  );
}

describe("delivery", () => {
  it("POSTs each matching new job once, signed, with a stable webhook-id; re-runs add nothing", async () => {
    const name = receiverName("basic");
    const skill = `skill-${uid()}`;
    const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill } });
    const hits = [job(skill), job(skill, { title: "second" })];
    await ingest([...hits, job("other-skill")]);

    const log = await waitForRequests(name, 2);
    const hook = new Webhook(sub.secret);
    const bodies = log.map((r) => hook.verify(r.body, r.headers) as { type: string; subscription_id: string; data: Job[]; count: number });
    expect(bodies.map((b) => b.data[0]!.id).sort()).toEqual(hits.map((j) => j.id).sort());
    for (const b of bodies) expect(b).toMatchObject({ type: "jobs.matched", subscription_id: sub.id, count: 1 });
    expect(bodies[0]!.data[0]).toEqual({ ...hits.find((h) => h.id === bodies[0]!.data[0]!.id), received_at: expect.stringMatching(/Z$/) });

    // The same jobs announced again, and overlapping runs at once: no new events.
    await Promise.all([announceNewJobs(env, hits), announceNewJobs(env, hits), ingest(hits)]);
    const list = await settled(sub.id, 2);
    expect(list).toHaveLength(2);
    expect(list.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
    expect(new Set(log.map((r) => r.headers["webhook-id"]))).toEqual(new Set(list.map((d) => d.event_id)));
    expect((await received(name)).length).toBe(2);
  });

  it("push and GET /jobs agree for the same filters", async () => {
    const r = rng(42);
    const fresh = Array.from({ length: 60 }, (_, i) => {
      const j = randomJob(r, i);
      return { ...j, id: `8${uid()}${i}`, url: `https://www.upwork.com/jobs/~02${i}` };
    });
    const queries = [
      "skills=react,python",
      "tags=saas",
      "q=react OR python developer",
      "job_type=fixed&budget_min=1000",
      "country=US,GB&payment_verified=true",
      "hourly_min=40",
      "status=any&category=graphic-design",
      "exclude_country=IN&contractor_tier=expert",
    ];
    const subs = [];
    for (const q of queries) {
      const name = receiverName("agree");
      const res = await call<Envelope<SubscriptionView>>(
        `/jobs?webhook=true&webhook_url=${encodeURIComponent(receiverUrl(name))}&${q.replace(/ /g, "+")}`,
        { key },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      subs.push({ q, name, id: res.body.data[0]!.id });
    }
    await ingest(fresh);
    const freshIds = new Set(fresh.map((j) => j.id));
    let total = 0;
    for (const s of subs) {
      const listed = await call<Envelope<Job>>(`/jobs?limit=100&${s.q.replace(/ /g, "+")}`, { key });
      expect(listed.status).toBe(200);
      const expected = listed.body.data
        .map((j) => j.id)
        .filter((id) => freshIds.has(id))
        .sort();
      const log = expected.length ? await waitForRequests(s.name, expected.length) : [];
      await settled(s.id, expected.length);
      const pushed = (await received(s.name)).map((req) => (JSON.parse(req.body) as { data: Job[] }).data[0]!.id).sort();
      expect(pushed, s.q).toEqual(expected);
      expect(log.length).toBe(expected.length);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(20);
  });

  it("batch: one event with every matching job of the run", async () => {
    const name = receiverName("batch");
    const skill = `batch-${uid()}`;
    const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill }, batch: true });
    const jobs = [job(skill), job(skill), job(skill)];
    await ingest(jobs);
    const [req] = await waitForRequests(name, 1);
    const body = new Webhook(sub.secret).verify(req!.body, req!.headers) as { data: Job[]; count: number };
    expect(body.count).toBe(3);
    expect(body.data.map((j) => j.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    const [d] = await settled(sub.id, 1);
    expect(d!.job_ids.sort()).toEqual(jobs.map((j) => j.id).sort());
  });

  it.each(["slack", "discord"] as const)("%s format: the service's native message, still signed", async (format) => {
    const name = receiverName(format);
    const skill = `${format}-${uid()}`;
    const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill }, format });
    const j = job(skill, { title: "Fix my Shopify theme", budget: { fixed_amount: 1200 } });
    await ingest([j]);
    const [req] = await waitForRequests(name, 1);
    const body = new Webhook(sub.secret).verify(req!.body, req!.headers) as ChatMessage;
    if (format === "slack") {
      expect(body.text).toBe("New Upwork job: Fix my Shopify theme");
      expect(body.blocks![0]!.text.text).toContain(`<${j.url}|Fix my Shopify theme>`);
      expect(body.blocks![0]!.text.text).toContain("Fixed price: $1,200");
    } else {
      expect(body.embeds![0]).toMatchObject({ title: "Fix my Shopify theme", url: j.url });
      expect(body.embeds![0]!.fields[0]).toEqual({ name: "Budget", value: "Fixed price: $1,200", inline: true });
    }
  });
});

describe("retries and failure", () => {
  it("retries 5xx with the same webhook-id until a 2xx, logging every attempt", async () => {
    const name = receiverName("flaky");
    await script(name, [{ status: 503, body: "busy" }, { status: 500 }]);
    const skill = `flaky-${uid()}`;
    const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill } });
    await ingest([job(skill)]);
    const log = await waitForRequests(name, 3, 25_000);
    expect(new Set(log.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const [d] = await settled(sub.id, 1);
    expect(d).toMatchObject({ status: "delivered", attempts: 3, last_status_code: 200 });
    expect(d!.attempt_log.map((a) => a.status_code)).toEqual([503, 500, 200]);
    expect(d!.attempt_log[0]).toMatchObject({ error: "HTTP 503", response_body: "busy" });
  });

  it("exhausted retries → dead-letter queue → failed; the owner's retry then delivers it", async () => {
    const name = receiverName("down");
    await script(name, [], { status: 502, body: "bad gateway" });
    const skill = `down-${uid()}`;
    const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill } });
    await ingest([job(skill)]);
    const [d] = await settled(sub.id, 1);
    expect(d).toMatchObject({ status: "failed", attempts: 4, last_status_code: 502, last_error: "HTTP 502", next_attempt_at: null });
    expect((await received(name)).length).toBe(4); // 1 + the 3 retries of WEBHOOK_RETRY_SCHEDULE=1,1,1

    await script(name, []); // the receiver is fixed
    const retried = await call<Envelope<DeliveryView>>(`/webhooks/${sub.id}/deliveries/${d!.id}/retry`, { key, method: "POST" });
    expect(retried.status).toBe(200);
    expect(retried.body.data[0]!.status).toBe("pending");
    const [again] = await settled(sub.id, 1);
    expect(again).toMatchObject({ status: "delivered", attempts: 5, last_status_code: 200 });
    const [req] = await received(name);
    expect(req!.headers["webhook-id"]).toBe(d!.event_id);
  });

  it("410 Gone deactivates the subscription at once; later jobs are not sent", async () => {
    const name = receiverName("gone");
    await script(name, [], { status: 410 });
    const skill = `gone-${uid()}`;
    const sub = await subscribe(key, { url: receiverUrl(name), filters: { skills: skill } });
    await ingest([job(skill)]);
    await settled(sub.id, 1);
    const got = (await call<Envelope<SubscriptionView>>(`/webhooks/${sub.id}`, { key })).body.data[0]!;
    expect(got.active).toBe(false);
    expect(got.disabled_reason).toMatch(/410 Gone/);
    await ingest([job(skill)]);
    expect(await deliveries(key, sub.id)).toHaveLength(1);
    expect((await received(name)).length).toBe(1);
  });
});
