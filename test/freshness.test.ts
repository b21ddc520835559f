// Seconds, not minutes: poll ticks (newest page only, stored and announced like a run), the Poller
// Durable Object's schedule (start, stop, 429 back-off and recovery, self-healing re-arm from the
// cron), the shared request budget under parallel callers, single-flight Upwork token refreshes,
// received_at everywhere, plain-text descriptions and /health.source through ok → degraded → down → ok.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertJobs } from "../src/db/jobs";
import { recordSourceOutcome } from "../src/db/source-health";
import { runScheduled } from "../src/ingest/cron";
import { healthReport, sourceStatus } from "../src/ingest/health";
import { normalizeSearchNode } from "../src/ingest/normalize";
import { effectiveInterval, nextDelayMs, type Poller, poller } from "../src/ingest/poller";
import { pollOnce, runIngestion } from "../src/ingest/run";
import { DemoJobSource } from "../src/ingest/sources/demo";
import type { Job, JobView } from "../src/jobs/model";
import { mulberry32 } from "../src/lib/random";
import { plainLine, plainText } from "../src/lib/text";
import type { PollerView } from "../src/routes/admin/schema";
import { type IngestSettings, settingsFrom } from "../src/settings";
import { requestBudget } from "../src/upstream/budget-object";
import { upworkTokens } from "../src/upwork/token-keeper";
import { ADMIN_TOKEN, admin, call, createKey, type Envelope } from "./support/api";
import { makeJob } from "./support/jobs";
import { received, receiverName, receiverUrl, script, subscribe, waitFor } from "./support/push";

const FAKE = env.FAKE_BASE_URL;
const base = () => settingsFrom(env).ingest;

async function relay(ns: string, jobs: unknown[]) {
  await fetch(`${FAKE}/relay/${ns}/__reset`, { method: "POST", body: JSON.stringify({ jobs }) });
}
const relayLog = async (ns: string) => (await (await fetch(`${FAKE}/relay/${ns}/__log`)).json()) as { query: string }[];
const relaySettings = (ns: string): Partial<IngestSettings> => ({
  source: "relay",
  relay: { ...base().relay, url: `${FAKE}/relay/${ns}`, apiKey: "relay-key", maxPages: 20 },
});
const count = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .first<{ n: number }>()
  )?.n ?? 0;

let n = 0;
const uid = () => `${Date.now() % 1e9}${String(++n).padStart(4, "0")}`;
const jobsFor = (tag: string, k: number): Job[] =>
  Array.from({ length: k }, (_, i) =>
    makeJob(`71${uid()}${i}`, { skills: [tag], posted_on: new Date(Date.now() - i * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") }),
  );

describe("a poll tick", () => {
  it("reads only the newest page, stores and announces only new jobs", async () => {
    const ns = `tick-${uid()}`;
    const tag = `tick-${uid()}`;
    const key = await createKey("enterprise", "tick");
    const hook = receiverName("tick");
    await script(hook, [], { status: 200 });
    await subscribe(key, { url: receiverUrl(hook), filters: { skills: tag } });
    const first = jobsFor(tag, 150); // two relay pages of 100
    await relay(ns, first);
    const announced: string[][] = [];
    const options = { settings: relaySettings(ns), announce: async (_env: Env, jobs: Job[]) => void announced.push(jobs.map((j) => j.id)) };

    const a = await pollOnce(env, options);
    expect(a).toMatchObject({ status: "ok", fetched: 100, new: 100, requests: 1, rateLimited: null });
    expect((await relayLog(ns)).length).toBe(1); // the newest page only

    // Three more jobs appear upstream: the next tick stores exactly those.
    const later = jobsFor(tag, 3);
    await relay(ns, [...later, ...first]);
    const b = await pollOnce(env, options);
    expect(b).toMatchObject({ status: "ok", fetched: 100, new: 3 });
    expect(announced).toEqual([first.slice(0, 100).map((j) => j.id), later.map((j) => j.id)]);
    expect((await pollOnce(env, options)).new).toBe(0);
  });

  it("overlapping ticks, cron runs and admin runs store each job once and announce it once", async () => {
    const ns = `overlap-${uid()}`;
    const tag = `overlap-${uid()}`;
    const key = await createKey("enterprise", "overlap");
    const hook = receiverName("overlap");
    await script(hook, [], { status: 200 });
    const sub = await subscribe(key, { url: receiverUrl(hook), filters: { skills: tag } });
    const jobs = jobsFor(tag, 30);
    await relay(ns, jobs);
    const settings = relaySettings(ns);
    const results = await Promise.all([
      pollOnce(env, { settings }),
      runIngestion(env, { settings, trigger: "cron" }),
      runIngestion(env, { settings, trigger: "admin" }),
      pollOnce(env, { settings }),
    ]);
    // Whoever got the lock stored; the others waited (ticks: skipped, runs: skipped), none failed.
    expect(results.map((r) => r.status).every((s) => s === "ok" || s === "skipped")).toBe(true);
    // Run again until everything is in (a tick may have been skipped), then nothing more happens.
    await pollOnce(env, { settings });
    await runIngestion(env, { settings });
    const ids = jobs.map((j) => j.id);
    expect(await count("SELECT count(*) AS n FROM jobs WHERE id IN (SELECT value FROM json_each(?1))", JSON.stringify(ids))).toBe(30);
    expect(await count("SELECT count(*) AS n FROM webhook_matches WHERE webhook_id = ?1", sub.id)).toBe(30);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ?1", sub.id)).toBe(30);
    await waitFor(async () => (await received(hook)).length >= 30 || undefined, "30 deliveries");
    const got = await received(hook);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(got.length);
  });

  it("a 429 is reported for back-off, not retried inside the tick", async () => {
    const ns = `429-${uid()}`;
    await relay(ns, jobsFor("x429", 2));
    await fetch(`${FAKE}/relay/${ns}/__script`, {
      method: "POST",
      body: JSON.stringify({ responses: [{ status: 429, headers: { "retry-after": "120" }, body: { success: false } }] }),
    });
    const r = await pollOnce(env, { settings: relaySettings(ns), sleep: async () => {} });
    expect(r.status).toBe("failed");
    expect(r.rateLimited).toEqual({ retryAfterMs: 120_000 });
    expect((await relayLog(ns)).length).toBe(1);
  });
});

describe("the poller's schedule", () => {
  const stub = () => poller(env);
  const pollerState = async () => (await admin<Envelope<PollerView>>("/admin/poller")).body.data[0]!;
  const act = (action: "start" | "stop") =>
    admin<Envelope<PollerView>>("/admin/poller", { method: "POST", body: JSON.stringify({ action }) });
  const alarmAt = () => runInDurableObject(stub(), (_: Poller, state) => state.storage.getAlarm());
  const script = (results: Awaited<ReturnType<Poller["tick"]>>[]) =>
    runInDurableObject(stub(), (instance: Poller) => {
      instance.tick = async () => results.shift() ?? { status: "ok", fetched: 0, new: 0, requests: 1, error: null, rateLimited: null };
    });
  const ok = { status: "ok" as const, fetched: 5, new: 2, requests: 1, error: null, rateLimited: null };
  /** Starts the poller and waits for the tick it runs at once, so the next alarm is an interval away. */
  const startAndSettle = async () => {
    const before = (await pollerState()).ticks;
    const started = await act("start");
    await waitFor(async () => (await pollerState()).ticks > before || undefined, "the first tick");
    await waitFor(async () => (await alarmAt()) !== null || undefined, "the next alarm");
    return started;
  };
  const limited = (ms: number | null) => ({
    status: "failed" as const,
    fetched: 0,
    new: 0,
    requests: 1,
    error: "fetch: HTTP 429",
    rateLimited: { retryAfterMs: ms },
  });

  it("interval arithmetic: stretched to fit half the daily budget; 429s double it (Retry-After honoured), capped at an hour", () => {
    const s = { ...base(), source: "upwork" as const, pollIntervalSeconds: 10 };
    expect(effectiveInterval({ ...s, upwork: { ...s.upwork, searches: [{}, {}], maxRequestsPerDay: 40_000 } })).toEqual({
      seconds: 10,
      stretched: false,
    });
    // 3 searches every 10 s = 25,920 a day > 20,000: stretched to 13 s (19,938 a day).
    expect(effectiveInterval({ ...s, upwork: { ...s.upwork, searches: [{}, {}, {}], maxRequestsPerDay: 40_000 } })).toEqual({
      seconds: 13,
      stretched: true,
    });
    expect(effectiveInterval({ ...s, source: "relay" })).toEqual({ seconds: 10, stretched: false });
    expect(nextDelayMs(10, 0, null)).toBe(10_000);
    expect(nextDelayMs(10, 1, null)).toBe(20_000);
    expect(nextDelayMs(10, 3, null)).toBe(80_000);
    expect(nextDelayMs(10, 1, 300_000)).toBe(300_000);
    expect(nextDelayMs(10, 20, null)).toBe(3_600_000);
  });

  it("start arms a tick at once, a tick re-arms after the interval, stop clears it", async () => {
    await script([ok]);
    const started = await startAndSettle();
    expect(started.status).toBe(200);
    expect(started.body.data[0]).toMatchObject({ state: "running", interval_seconds: 60, effective_interval_seconds: 60 });
    await script([ok]);
    const before = Date.now();
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    const after = await pollerState();
    expect(after).toMatchObject({ state: "running", last_result: "ok", consecutive_failures: 0 });
    expect(after.ticks).toBeGreaterThanOrEqual(2);
    const next = (await alarmAt())!;
    expect(next - before).toBeGreaterThanOrEqual(59_000);
    expect(next - before).toBeLessThanOrEqual(61_000);

    const stopped = await act("stop");
    expect(stopped.body.data[0]).toMatchObject({ state: "stopped", next_tick_at: null });
    expect(await alarmAt()).toBeNull();
    // A stopped poller stays stopped: the cron does not re-arm it.
    await runScheduled(env);
    expect(await alarmAt()).toBeNull();
  });

  it("429s back off exponentially and the first good tick recovers", async () => {
    await startAndSettle();
    const ticks = (await pollerState()).ticks;
    await script([limited(null), limited(null), limited(200_000), ok]);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t = Date.now();
      await runDurableObjectAlarm(stub());
      waits.push(Math.round(((await alarmAt())! - t) / 1000));
    }
    expect(waits.map((w) => Math.round(w / 10) * 10)).toEqual([120, 240, 480, 60]);
    const state = await pollerState();
    expect(state).toMatchObject({ rate_limited_in_a_row: 0, consecutive_failures: 0, ticks: ticks + 4 });
  });

  it("a Retry-After longer than the back-off wins", async () => {
    await startAndSettle();
    await script([limited(900_000)]);
    const t = Date.now();
    await runDurableObjectAlarm(stub());
    expect(Math.round(((await alarmAt())! - t) / 1000)).toBeGreaterThanOrEqual(899);
  });

  it("a tick that never finishes counts as failed after the deadline, and the next tick is armed", async () => {
    await startAndSettle();
    await runInDurableObject(stub(), (instance: Poller) => {
      instance.tick = () => new Promise(() => {});
      instance.tickDeadlineMs = 50;
    });
    const t = Date.now();
    await runDurableObjectAlarm(stub());
    expect(await pollerState()).toMatchObject({ last_result: "failed", last_error: expect.stringContaining("did not finish") });
    expect(Math.round(((await alarmAt())! - t) / 1000)).toBeGreaterThanOrEqual(59);
    await runInDurableObject(stub(), (instance: Poller) => {
      instance.tickDeadlineMs = 300_000;
    });
    await script([]);
  });

  it("self-healing: the cron re-arms a running poller whose alarm went missing", async () => {
    await startAndSettle();
    await runInDurableObject(stub(), (_: Poller, state) => state.storage.deleteAlarm());
    expect(await alarmAt()).toBeNull();
    const ticks = (await pollerState()).ticks;
    await runScheduled(env);
    // Re-armed for right away: the tick runs, and the next one is scheduled.
    await waitFor(async () => (await pollerState()).ticks > ticks || undefined, "the re-armed tick");
    await waitFor(async () => (await alarmAt()) !== null || undefined, "the next alarm");
  });

  it("the real tick runs from the alarm (demo source)", async () => {
    await startAndSettle();
    await runInDurableObject(stub(), (instance: Poller) => {
      instance.tick = (e) => pollOnce(e);
    });
    const ticksBefore = (await pollerState()).ticks;
    await runDurableObjectAlarm(stub());
    const state = await pollerState();
    expect(state.ticks).toBe(ticksBefore + 1);
    expect(["ok", "skipped"]).toContain(state.last_result);
  });

  it("start is refused while POLL_INTERVAL_SECONDS is 0", async () => {
    const off = await call("/admin/poller", {
      method: "POST",
      env: { ...env, POLL_INTERVAL_SECONDS: "0" },
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ action: "start" }),
    });
    expect(off.status).toBe(409);
    expect(off.body.message).toBe("The poller is off: set POLL_INTERVAL_SECONDS to 5 or more to use it");
  });
});

describe("the shared request budget", () => {
  it("holds exactly under parallel callers: slots per minute and per day", async () => {
    const source = `budget-${uid()}`;
    const budget = requestBudget(env);
    const answers = await Promise.all(Array.from({ length: 25 }, () => budget.reserve(source, { perMinute: 6, perDay: 10 })));
    const granted = answers.filter((a) => a.ok).map((a) => (a as { at: number }).at);
    expect(granted).toHaveLength(10);
    expect(answers.filter((a) => !a.ok)).toHaveLength(15);
    // Slots are at least 10 s apart, so no minute holds more than 6.
    const sorted = [...granted].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(10_000);
    for (const start of sorted) expect(sorted.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(6);
    expect((await budget.usage(source)).today).toBe(10);
  });

  it("a caller waits for its slot and a spent day ends the walk", async () => {
    const ns = `spent-${uid()}`;
    await relay(ns, jobsFor("spent", 3));
    const sleeps: number[] = [];
    const settings = { ...relaySettings(ns) };
    // relay counts but does not limit; an upwork-limited source is covered by the ingest-upwork tests.
    const r = await pollOnce(env, { settings, sleep: async (ms) => void sleeps.push(ms) });
    expect(r.requests).toBe(1);
    expect((await requestBudget(env).usage("relay")).today).toBeGreaterThanOrEqual(1);
  });
});

describe("Upwork token refresh is single-flight", () => {
  const upworkSettings = (ns: string, clientId = "test-client"): IngestSettings => ({
    ...base(),
    source: "upwork",
    upwork: {
      ...base().upwork,
      clientId,
      clientSecret: "test-secret",
      refreshToken: "rt-0",
      tokenUrl: `${FAKE}/upwork/${ns}/token`,
      graphqlUrl: `${FAKE}/upwork/${ns}/graphql`,
      maxRequestsPerMinute: 600_000,
    },
  });
  const tokenLog = async (ns: string) =>
    ((await (await fetch(`${FAKE}/upwork/${ns}/__log`)).json()) as { op: string; body: { refresh_token?: string } }[]).filter(
      (l) => l.op === "token",
    );

  it("three overlapping callers: one refresh, each refresh token sent once", async () => {
    const ns = `sf-${uid()}`;
    await fetch(`${FAKE}/upwork/${ns}/__reset`, { method: "POST", body: JSON.stringify({ refreshToken: "rt-0" }) });
    // The refresh answers slowly, so the three calls overlap it.
    await fetch(`${FAKE}/upwork/${ns}/__script`, {
      method: "POST",
      body: JSON.stringify({
        target: "token",
        responses: [{ delayMs: 300, body: { access_token: "at-slow", refresh_token: "rt-1", expires_in: 1 } }],
      }),
    });
    const settings = upworkSettings(ns, `client-${ns}`);
    const tokens = [upworkTokens(env, settings), upworkTokens(env, settings), upworkTokens(env, settings)];
    const got = await Promise.all(tokens.map((t) => t.accessToken()));
    expect(got).toEqual(["at-slow", "at-slow", "at-slow"]);
    expect((await tokenLog(ns)).map((l) => l.body.refresh_token)).toEqual(["rt-0"]);

    // The token expired (expires_in 1 s, refreshed early): three callers again, one refresh with rt-1.
    await fetch(`${FAKE}/upwork/${ns}/__script`, {
      method: "POST",
      body: JSON.stringify({
        target: "token",
        responses: [{ delayMs: 300, body: { access_token: "at-2", refresh_token: "rt-2", expires_in: 86400 } }],
      }),
    });
    const again = await Promise.all(tokens.map((t) => t.refreshAfter401!("at-slow")));
    expect(again).toEqual(["at-2", "at-2", "at-2"]);
    const sent = (await tokenLog(ns)).map((l) => l.body.refresh_token);
    expect(sent).toEqual(["rt-0", "rt-1"]);
    expect(new Set(sent).size).toBe(sent.length);
    const row = await env.DB.prepare("SELECT refresh_token FROM upwork_tokens WHERE client_id = ?1")
      .bind(`client-${ns}`)
      .first<{ refresh_token: string }>();
    expect(row!.refresh_token).toBe("rt-2");
  });
});

describe("received_at", () => {
  it("is on /jobs, /jobs/:id and every pushed job, and documented", async () => {
    const key = await createKey("enterprise", "received");
    const hook = receiverName("received");
    await script(hook, [], { status: 200 });
    const tag = `received-${uid()}`;
    await subscribe(key, { url: receiverUrl(hook), filters: { skills: tag } });
    const ns = `received-${uid()}`;
    const jobs = jobsFor(tag, 1);
    await relay(ns, jobs);
    const before = new Date(Date.now() - 1000).toISOString();
    await pollOnce(env, { settings: relaySettings(ns) });
    const list = await call<Envelope<JobView>>(`/jobs?skills=${tag}`, { key });
    const listed = list.body.data[0]!;
    expect(listed.received_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(listed.received_at >= before.slice(0, 19)).toBe(true);
    const one = await call<Envelope<JobView>>(`/jobs/${jobs[0]!.id}`, { key });
    expect(one.body.data[0]!.received_at).toBe(listed.received_at);
    const [delivery] = await waitFor(async () => {
      const r = await received(hook);
      return r.length ? r : undefined;
    }, "the pushed job");
    expect(JSON.parse(delivery!.body).data[0].received_at).toBe(listed.received_at);
    const spec = (await call("/openapi.json")).body as unknown as { components: { schemas: { Job: { required: string[] } } } };
    expect(spec.components.schemas.Job.required).toContain("received_at");
  });
});

describe("descriptions are plain text", () => {
  it("tags out with line breaks kept, entities decoded, blank lines collapsed", () => {
    expect(plainText("<p>We need a <b>React</b> dev &amp; a designer.</p><p>Budget: &lt;$1k&gt;</p>")).toBe(
      "We need a React dev & a designer.\nBudget: <$1k>",
    );
    expect(plainText("Line one<br>Line two<br/><br />\n\n\n\nEnd &#8212; &#x2713; &nbsp;ok")).toBe("Line one\nLine two\n\nEnd — ✓  ok");
    expect(plainText("<ul><li>first</li><li>second</li></ul>")).toBe("- first\n- second");
    expect(plainText("a < b and c > d, 3 <5")).toBe("a < b and c > d, 3 <5");
    expect(plainText("&unknown; &#0; &#xD800; &amp;lt;")).toBe("&unknown; &#0; &#xD800; &lt;");
    expect(plainLine("Senior <i>Go</i>\n developer &amp; SRE")).toBe("Senior Go developer & SRE");
  });

  it("every source's jobs go through it (the official search node)", () => {
    const r = normalizeSearchNode({
      id: "1",
      title: "Fix &quot;checkout&quot; bug",
      description: "<p>Hello&nbsp;team,</p><p>we need help.</p>",
      publishedDateTime: "2025-10-16T06:06:47+0000",
    });
    expect(r.ok && r.job.title).toBe('Fix "checkout" bug');
    expect(r.ok && r.job.description).toBe("Hello team,\nwe need help.");
  });
});

describe("the live demo source", () => {
  it("a tick gets the jobs that appeared since the last one, posted in between", async () => {
    const source = new DemoJobSource(mulberry32(7));
    const settings = { ...base(), demoJobsPerMinute: 2 };
    const upstream = { requests: 0 } as never;
    const ctx = (now: number) => ({
      env,
      settings,
      upstream,
      now: new Date(now),
      known: async () => new Set<string>(),
      reach: "newest" as const,
    });
    const t0 = Date.parse("2031-01-01T00:00:00Z");
    const pages = async (now: number) => {
      const out: Job[] = [];
      for await (const p of source.pages(ctx(now))) out.push(...p.items);
      return out;
    };
    // Make sure a previous tick time exists, then ten minutes later: about 20 new jobs (Poisson).
    await pages(t0);
    const fresh = await pages(t0 + 10 * 60_000);
    expect(fresh.length).toBeGreaterThan(5);
    expect(fresh.length).toBeLessThan(50);
    for (const j of fresh) {
      expect(Date.parse(j.posted_on)).toBeGreaterThan(t0 - 1000);
      expect(Date.parse(j.posted_on)).toBeLessThanOrEqual(t0 + 10 * 60_000);
    }
    expect(await pages(t0 + 10 * 60_000)).toEqual([]); // no time passed: nothing new
  });
});

describe("/health.source", () => {
  const sourceHealth = async (e: Env, s: IngestSettings, now: number) => (await healthReport(e, s, now)).source;

  beforeAll(async () => {
    await env.DB.prepare("DELETE FROM ingest_state WHERE key = 'source:health'").run();
  });

  it("ok → degraded → down → ok, with the last error kept", async () => {
    const s = base();
    const t = Date.now();
    await recordSourceOutcome(env.DB, { at: t, ok: true, answered: true, error: null });
    expect((await sourceHealth(env, s, t)).status).toBe("ok");
    await recordSourceOutcome(env.DB, {
      at: t + 1000,
      ok: false,
      answered: false,
      error: new Error("HTTP 503 from relay.example after 4 attempts"),
    });
    const degraded = await sourceHealth(env, s, t + 2000);
    expect(degraded).toMatchObject({
      status: "degraded",
      consecutive_failures: 1,
      last_error: { class: "Error", message: "HTTP 503 from relay.example after 4 attempts" },
    });
    expect(degraded.last_success_at).toBe(new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z"));
    // No answer for 15 minutes (3 poll intervals of 60 s is less): down.
    expect((await sourceHealth(env, s, t + 15 * 60_000 + 1)).status).toBe("down");
    await recordSourceOutcome(env.DB, { at: t + 16 * 60_000, ok: true, answered: true, error: null });
    const back = await sourceHealth(env, s, t + 16 * 60_000 + 1);
    expect(back).toMatchObject({
      status: "ok",
      consecutive_failures: 0,
      last_error: { message: "HTTP 503 from relay.example after 4 attempts" },
    });
  });

  it("jobs_last_hour and lag_seconds: nearest-rank p50 / p95 of posted → received over the last hour", async () => {
    // An hour of its own, far ahead, so no other test's jobs fall in it.
    const now = Date.parse("2100-01-01T12:00:00Z");
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    const received = now - 30 * 60_000;
    const store = (id: string, postedOn: number, receivedAt: number) =>
      upsertJobs(env.DB, [makeJob(id, { posted_on: iso(postedOn) })], iso(receivedAt));
    const tag = uid();
    // Lags of 1 to 20 minutes, one posted after it was received (lag 0), one received too long ago.
    for (let m = 1; m <= 20; m++) await store(`lag${tag}${m}`, received - m * 60_000, received);
    await store(`lag${tag}early`, received + 60_000, received);
    await store(`lag${tag}old`, now - 3 * 3_600_000, now - 61 * 60_000);
    const health = await sourceHealth(env, base(), now);
    expect(health.jobs_last_hour).toBe(21);
    // Sorted lags 0, 60, …, 1200 s: p50 is the 11th (600 s), p95 the 20th (1,140 s).
    expect(health.lag_seconds).toEqual({ p50: 600, p95: 1140 });
    const quiet = await sourceHealth(env, base(), Date.parse("2101-01-01T00:00:00Z"));
    expect(quiet.jobs_last_hour).toBe(0);
    expect(quiet.lag_seconds).toBeNull();
  });

  it("the rules: down after 3 intervals or 15 minutes, whichever is longer", () => {
    expect(sourceStatus(null, 0, 60, 0)).toBe("down");
    expect(sourceStatus(0, 0, 60, 14 * 60_000)).toBe("ok");
    expect(sourceStatus(0, 2, 60, 14 * 60_000)).toBe("degraded");
    expect(sourceStatus(0, 0, 600, 29 * 60_000)).toBe("ok");
    expect(sourceStatus(0, 0, 600, 31 * 60_000)).toBe("down");
  });

  it("GET /health carries it, free", async () => {
    const key = await createKey("free", "health-source");
    const r = await call<Envelope<never, { source: Record<string, unknown> }>>("/health", { key });
    expect(r.status).toBe(200);
    const source = r.body.source;
    expect(Object.keys(source).sort()).toEqual(
      [
        "consecutive_failures",
        "jobs_last_hour",
        "lag_seconds",
        "last_error",
        "last_success_at",
        "name",
        "next_poll_at",
        "poll_interval_seconds",
        "requests_last_minute",
        "requests_today",
        "status",
      ].sort(),
    );
    expect(source.name).toBe("demo");
    expect(r.headers.get("x-credits-remaining")).toBe("100");
  });
});
