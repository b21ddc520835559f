// Concurrency: overlapping ingestion runs (the real run function against the demo source, and
// lock-free overlapping store-and-announce passes) keep jobs unique, report each job new once and
// record each (subscription, job) event once with one queue message; a mixed burst of parallel calls
// on one key across /jobs, /webhooks, /freelancers and /search_freelancers keeps the per-minute limit
// and the monthly credits exact.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertJobs } from "../src/db/jobs";
import { runIngestion } from "../src/ingest/run";
import { JobFilterSchema } from "../src/jobs/filter";
import { matchesJob, toMatchable } from "../src/jobs/filter-match";
import type { Job } from "../src/jobs/model";
import { announceNewJobs } from "../src/push/announce";
import type { CreatedApiKeyView } from "../src/routes/admin/keys/schema";
import type { SubscriptionView } from "../src/routes/webhooks/schema";
import { admin, call, createKey, type Envelope } from "./support/api";
import { randomJob, rng } from "./support/jobs";
import { receiverName, receiverUrl, subscribe } from "./support/push";
import { captureQueue, count, envWith } from "./support/reliability";

const main = captureQueue();
const qenv = envWith({ DELIVERY_QUEUE: main.queue, DEAD_LETTER_QUEUE: captureQueue().queue });
const FILTERS: Record<string, string>[] = [
  {},
  { job_type: "hourly" },
  { skills: "React" },
  { payment_verified: "true", budget_min: "500" },
  { q: "developer" },
];
let key: string;
const subs: { id: string; filters: Record<string, string> }[] = [];

beforeAll(async () => {
  key = await createKey("enterprise", "concurrency");
  for (const filters of FILTERS) {
    const s = await subscribe(key, { url: receiverUrl(receiverName("conc")), filters, batch: false });
    subs.push({ id: s.id, filters });
  }
});

/**
 * What the events table must hold: one row per (subscription, job) pair the filter matched when the
 * job was new. Called after each step, it matches the jobs stored since the previous call (later
 * refreshes may close or change a job; its event stays as it was).
 */
const expected = new Set<string>();
const seen = new Set<string>();
async function expectedPairs(): Promise<string[]> {
  const docs = await env.DB.prepare("SELECT id, doc FROM jobs").all<{ id: string; doc: string }>();
  const fresh = docs.results.filter((r) => !seen.has(r.id)).map((r) => toMatchable(JSON.parse(r.doc) as Job));
  for (const s of subs) {
    const filter = JobFilterSchema.parse(s.filters);
    for (const m of fresh) if (matchesJob(filter, m)) expected.add(`${s.id}/${m.job.id}`);
  }
  for (const m of fresh) seen.add(m.job.id);
  return [...expected].sort();
}

async function expectEventsExact() {
  const pairs = (await env.DB.prepare("SELECT webhook_id || '/' || job_id AS p FROM webhook_matches").all<{ p: string }>()).results
    .map((r) => r.p)
    .sort();
  expect(pairs).toEqual(await expectedPairs()); // each matching pair once, no other
  // batch=false: one delivery (event) per pair, with its own webhook-id, and no delivery without a pair.
  expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE type = 'jobs.matched'")).toBe(pairs.length);
  expect(await count("SELECT count(DISTINCT event_id) AS n FROM webhook_deliveries WHERE type = 'jobs.matched'")).toBe(pairs.length);
  expect(
    await count(
      "SELECT count(*) AS n FROM webhook_deliveries d WHERE NOT EXISTS (SELECT 1 FROM webhook_matches m WHERE m.delivery_id = d.id) AND type = 'jobs.matched'",
    ),
  ).toBe(0);
  // One queue message per pending delivery, never two.
  const sent = main.take();
  const pending = await count("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'");
  return { sent, pending, pairs: pairs.length };
}

describe("overlapping ingestion", () => {
  let messages = 0;

  it("two runs of the real run function at once against the demo source: one stores, one is skipped; jobs unique; events once", async () => {
    const runs = await Promise.all([runIngestion(qenv, { trigger: "admin" }), runIngestion(qenv, { trigger: "cron" })]);
    const statuses = runs.map((r) => r.status).sort();
    expect(statuses).toEqual(["ok", "skipped"]);
    const stored = await count("SELECT count(*) AS n FROM jobs");
    expect(stored).toBeGreaterThanOrEqual(200);
    expect(runs.reduce((n, r) => n + r.new, 0)).toBe(stored); // each job reported new exactly once
    expect(await count("SELECT count(*) AS n FROM jobs_fts")).toBe(stored);
    const { sent, pending, pairs } = await expectEventsExact();
    expect(pairs).toBeGreaterThan(stored); // several subscriptions matched
    expect(sent).toHaveLength(pending);
    expect(new Set(sent.map((d) => d.delivery_id)).size).toBe(sent.length);
    messages += sent.length;
  });

  it("runs back to back and at once again: fresh demo jobs are new once, nothing is announced twice", async () => {
    const before = await count("SELECT count(*) AS n FROM jobs");
    const runs = [];
    for (let i = 0; i < 3; i++) {
      runs.push(...(await Promise.all([runIngestion(qenv), runIngestion(qenv), runIngestion(qenv)])));
      await expectedPairs();
    }
    const after = await count("SELECT count(*) AS n FROM jobs");
    expect(runs.filter((r) => r.status === "ok").length).toBeGreaterThanOrEqual(3);
    for (const r of runs) expect(["ok", "skipped"]).toContain(r.status);
    expect(runs.reduce((n, r) => n + r.new, 0)).toBe(after - before);
    const { sent, pending } = await expectEventsExact();
    messages += sent.length;
    expect(messages).toBe(pending); // every pending delivery got exactly one message over all runs
  });

  it("without the lock (store + announce from three overlapping passes with shared jobs): each job new once, each event once, one message each", async () => {
    const r = rng(3);
    const pool = Array.from({ length: 150 }, (_, i) => randomJob(r, 50_000 + i));
    // Three passes over overlapping slices of the same jobs, in parallel.
    const slices = [pool.slice(0, 100), pool.slice(50, 150), pool.filter((_, i) => i % 2 === 0)];
    const inserted = await Promise.all(
      slices.map(async (list) => {
        const res = await upsertJobs(env.DB, list, "2025-11-20T12:00:00Z");
        const ids = new Set(res.inserted);
        await announceNewJobs(
          qenv,
          list.filter((j) => ids.has(j.id)),
        );
        return res.inserted;
      }),
    );
    expect(inserted.flat().sort()).toEqual(pool.map((j) => j.id).sort());
    const { sent, pending } = await expectEventsExact();
    messages += sent.length;
    expect(messages).toBe(pending);
    // A late duplicate announce of all of them changes nothing.
    await announceNewJobs(qenv, pool);
    expect((await expectEventsExact()).sent).toEqual([]);
  });
});

/** Parallel bursts must not straddle a UTC minute boundary, or two windows would be counted. */
async function awayFromMinuteBoundary() {
  const s = new Date().getUTCSeconds();
  if (s >= 45) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}

describe("a mixed burst on one key keeps the limits exact", () => {
  async function professionalKeyWithSubscription() {
    const { body } = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "burst", tier: "professional" }),
      direct: true,
    });
    return body.data[0]!.key;
  }
  const paths = (sub: string) => [
    "/jobs?limit=1",
    "/webhooks",
    `/webhooks/${sub}`,
    `/webhooks/${sub}/deliveries`,
    "/freelancers?query=react&per_page=1",
    "/search_freelancers?query=react&per_page=1",
    "/jobs?q=developer&limit=2",
  ];

  it("per minute: 70 parallel calls on a 30/min key → exactly 30 pass (one already used), each remaining count seen once", async () => {
    const tenv = envWith({ TIERS: JSON.stringify({ professional: { requests_per_minute: 30, credits_per_month: null } }) });
    const k = await professionalKeyWithSubscription();
    await awayFromMinuteBoundary();
    const created = await call<Envelope<SubscriptionView>>("/webhooks", {
      env: tenv,
      key: k,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://example.com/burst" }),
    });
    expect(created.status).toBe(201);
    const list = paths(created.body.data[0]!.id);
    const results = await Promise.all(Array.from({ length: 70 }, (_, i) => call(list[i % list.length]!, { env: tenv, key: k })));
    const ok = results.filter((r) => r.status === 200);
    expect(results.filter((r) => r.status !== 200 && r.status !== 429).map((r) => [r.status, r.body])).toEqual([]);
    expect(ok).toHaveLength(29);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(41);
    for (const r of limited) expect(r.body.message).toBe("Rate limit exceeded");
    expect(ok.map((r) => Number(r.headers.get("x-ratelimit-remaining"))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 29 }, (_, i) => i),
    );
  });

  it("monthly credits: 80 parallel calls with 40 credits → exactly 40 pass, the rest 429 Monthly credits exhausted", async () => {
    const tenv = envWith({ TIERS: JSON.stringify({ professional: { requests_per_minute: 1000, credits_per_month: 40 } }) });
    const k = await professionalKeyWithSubscription();
    const created = await call<Envelope<SubscriptionView>>("/webhooks", {
      env: tenv,
      key: k,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://example.com/burst" }),
    });
    expect(created.status).toBe(201); // 1 credit
    const list = paths(created.body.data[0]!.id);
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => call(list[i % list.length]!, { env: tenv, key: k })));
    const ok = results.filter((r) => r.status === 200);
    expect(results.filter((r) => r.status !== 200 && r.status !== 429).map((r) => [r.status, r.body])).toEqual([]);
    expect(ok).toHaveLength(39);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(41);
    for (const r of refused) expect(r.body.message).toBe("Monthly credits exhausted");
    expect(ok.map((r) => Number(r.headers.get("x-credits-remaining"))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 39 }, (_, i) => i),
    );
  });
});
