// The run itself, whatever the source: overlapping runs, "new exactly once", retention with FTS
// consistency, configuration errors and the isolation of the cron's two steps.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { upsertJobs } from "../src/db/jobs";
import { runScheduled } from "../src/ingest/cron";
import { normalizeSearchNode } from "../src/ingest/normalize";
import { runIngestion } from "../src/ingest/run";
import { demoNode } from "../src/ingest/sources/demo";
import type { IngestSource } from "../src/ingest/sources/types";
import type { Job } from "../src/jobs/model";
import { call, createKey, type Envelope } from "./support/api";

const job = (k: number, patch: Partial<Job> = {}): Job => {
  const r = normalizeSearchNode(demoNode(k, Date.UTC(2026, 9, 1) + k * 60_000));
  if (!r.ok) throw new Error(r.reason);
  return { ...r.job, ...patch };
};

/** A source that yields the given jobs once per run. */
const fixedSource = (list: Job[]): IngestSource<Job> => ({
  name: "relay",
  async *pages() {
    yield { items: list, skipped: [], fetched: list.length };
  },
});

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;

/** Someone else holds the run lock for the next ten minutes. */
const holdLock = (holder: string) =>
  env.DB.prepare("INSERT OR REPLACE INTO ingest_state (key, value, expires_at) VALUES ('lock:ingest', ?1, ?2)")
    .bind(holder, Date.now() + 600_000)
    .run();

describe("overlapping runs", () => {
  it("a run that starts while another holds the lock is recorded as skipped and announces nothing", async () => {
    const announced: string[][] = [];
    const announce = async (_: Env, jobs: Job[]) => void announced.push(jobs.map((j) => j.id));
    let inner: Awaited<ReturnType<typeof runIngestion>> | undefined;
    const outer = await runIngestion(env, {
      source: fixedSource([job(1), job(2)]),
      announce,
      onLocked: async () => {
        inner = await runIngestion(env, { source: fixedSource([job(1), job(2), job(3)]), announce });
      },
    });
    expect(inner).toMatchObject({ status: "skipped", error: "another ingestion run is in progress", new: 0 });
    expect(outer).toMatchObject({ status: "ok", new: 2 });
    expect(announced).toEqual([[job(1).id, job(2).id]]);
    // The lock is released: the next run proceeds and only job 3 is new.
    const next = await runIngestion(env, { source: fixedSource([job(1), job(2), job(3)]), announce });
    expect(next).toMatchObject({ status: "ok", new: 1, unchanged: 2 });
    expect(announced[1]).toEqual([job(3).id]);
  });

  it("a run waits for a poll tick to let go of the lock instead of skipping its cycle", async () => {
    await holdLock("poll:tick-in-flight");
    let waits = 0;
    const r = await runIngestion(env, {
      source: fixedSource([job(5)]),
      announce: async () => {},
      // The tick finishes while the run is on its third wait.
      sleep: async () => {
        if (++waits === 3) await env.DB.prepare("DELETE FROM ingest_state WHERE key = 'lock:ingest'").run();
      },
    });
    expect(r).toMatchObject({ status: "ok", new: 1 });
    expect(waits).toBe(3);
  });

  it("a poll tick that holds the lock past the wait skips the run, saying so", async () => {
    await holdLock("poll:stuck");
    let waits = 0;
    const r = await runIngestion(env, { source: fixedSource([job(6)]), announce: async () => {}, sleep: async () => void waits++ });
    expect(r).toMatchObject({ status: "skipped", new: 0, error: "a poll tick held the run lock for more than 60 s" });
    expect(waits).toBe(240);
    await env.DB.prepare("DELETE FROM ingest_state WHERE key = 'lock:ingest'").run();
  });

  it("a crashed run's expired lock does not block later runs, and its log row is closed as failed", async () => {
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const dead = await env.DB.prepare(
      "INSERT INTO scrape_runs (source, trigger, status, started_at) VALUES ('demo', 'cron', 'running', ?1) RETURNING id",
    )
      .bind(twentyMinutesAgo)
      .first<{ id: number }>();
    await env.DB.prepare("INSERT OR REPLACE INTO ingest_state (key, value, expires_at) VALUES ('lock:ingest', 'run:dead', ?1)")
      .bind(Date.now() - 1)
      .run();
    expect(await runIngestion(env, { source: fixedSource([job(4)]), announce: async () => {} })).toMatchObject({ status: "ok" });
    const row = await env.DB.prepare("SELECT status, error FROM scrape_runs WHERE id = ?1")
      .bind(dead!.id)
      .first<{ status: string; error: string | null }>();
    expect(row).toEqual({ status: "failed", error: "the run stopped without finishing (Worker ended)" });
  });

  it("even without the lock, concurrent upserts report each new job exactly once", async () => {
    const list = Array.from({ length: 40 }, (_, i) => job(100 + i));
    const results = await Promise.all([0, 1, 2].map(() => upsertJobs(env.DB, list, "2026-11-20T12:00:00Z")));
    const inserted = results.flatMap((r) => r.inserted);
    expect(inserted.sort()).toEqual(list.map((j) => j.id).sort());
  });

  it("the same job twice in one run (several pages or searches) is stored and announced once", async () => {
    const announced: Job[][] = [];
    const dup: IngestSource<Job> = {
      name: "demo",
      async *pages() {
        yield { items: [job(200), job(201)], skipped: [], fetched: 2 };
        yield { items: [job(201, { title: "Edited title" }), job(202)], skipped: [], fetched: 2 };
      },
    };
    const r = await runIngestion(env, { source: dup, announce: async (_, jobs) => void announced.push(jobs) });
    expect(r).toMatchObject({ status: "ok", fetched: 4, new: 3 });
    expect(announced[0]!.map((j) => j.id)).toEqual([job(200).id, job(201).id, job(202).id]);
    expect(announced[0]![1]!.title).toBe("Edited title");
  });
});

describe("updates in place", () => {
  it("keeps first_seen, updates content and counts updated vs unchanged", async () => {
    const a = job(300);
    const b = job(301);
    await runIngestion(env, { source: fixedSource([a, b]), now: new Date("2026-11-01T00:00:00Z"), announce: async () => {} });
    const r = await runIngestion(env, {
      source: fixedSource([{ ...a, title: "Renamed: zebracorn", status: 2 }, b]),
      now: new Date("2026-11-02T00:00:00Z"),
      announce: async () => {},
    });
    expect(r).toMatchObject({ new: 0, updated: 1, unchanged: 1 });
    const row = await env.DB.prepare("SELECT first_seen, last_seen, status, title FROM jobs WHERE id = ?1")
      .bind(a.id)
      .first<{ first_seen: string; last_seen: string; status: number; title: string }>();
    expect(row).toEqual({ first_seen: "2026-11-01T00:00:00Z", last_seen: "2026-11-02T00:00:00Z", status: 2, title: "Renamed: zebracorn" });
    expect(await count("SELECT count(*) AS n FROM jobs_fts WHERE jobs_fts MATCH 'zebracorn'")).toBe(1);
  });

  it("re-indexes terms and text only when they change (client activity alone keeps them)", async () => {
    const a = job(310, { skills: ["Oldskill"] });
    await upsertJobs(env.DB, [a], "2026-11-01T00:00:00Z");
    const terms = () =>
      env.DB.prepare("SELECT term FROM job_terms t JOIN jobs j ON j.seq = t.job_seq WHERE j.id = ?1 AND is_skill = 1")
        .bind(a.id)
        .all<{ term: string }>();
    await upsertJobs(env.DB, [{ ...a, client_activity: { ...a.client_activity, total_applicants: 99 } }], "2026-11-02T00:00:00Z");
    expect((await terms()).results).toEqual([{ term: "oldskill" }]);
    const r = await upsertJobs(env.DB, [{ ...a, skills: ["Newskill"], title: "Now about walrusword" }], "2026-11-03T00:00:00Z");
    expect(r.updated).toEqual([a.id]);
    expect((await terms()).results).toEqual([{ term: "newskill" }]);
    expect(await count("SELECT count(*) AS n FROM jobs_fts WHERE jobs_fts MATCH 'walrusword'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM jobs_fts WHERE jobs_fts MATCH 'oldskill'")).toBe(0);
  });
});

describe("retention", () => {
  it("deletes jobs unseen or closed for RETENTION_DAYS, and their search rows with them", async () => {
    await env.DB.prepare("DELETE FROM jobs").run(); // earlier tests' jobs would expire too
    const now = new Date("2026-12-31T00:00:00Z");
    const old = "2026-11-01T00:00:00Z"; // 60 days before
    const unseen = job(400, { title: "Quokkaword unseen", skills: ["Quokkaskill"] });
    const closedLong = job(401, { title: "Quokkaword closed", status: 2 });
    const closedRecently = job(402, { title: "Quokkaword recent", status: 2 });
    const fresh = job(403, { title: "Quokkaword fresh" });
    await upsertJobs(env.DB, [unseen, closedLong], old);
    await upsertJobs(env.DB, [closedRecently, fresh], "2026-12-30T00:00:00Z");
    // Closed 60 days ago but still listed upstream.
    await env.DB.prepare("UPDATE jobs SET last_seen = '2026-12-30T00:00:00Z' WHERE id = ?1").bind(closedLong.id).run();
    const seqs = (
      await env.DB.prepare("SELECT seq FROM jobs WHERE id IN (?1, ?2)").bind(unseen.id, closedLong.id).all<{ seq: number }>()
    ).results.map((r) => r.seq);

    const r = await runIngestion(env, { source: fixedSource([]), now, settings: { retentionDays: 30 }, announce: async () => {} });
    expect(r).toMatchObject({ status: "ok", deleted: 2 });
    const ids = (await env.DB.prepare("SELECT id FROM jobs WHERE title LIKE 'Quokkaword%'").all<{ id: string }>()).results.map((x) => x.id);
    expect(ids.sort()).toEqual([closedRecently.id, fresh.id].sort());
    expect(await count("SELECT count(*) AS n FROM jobs_fts WHERE jobs_fts MATCH 'quokkaword'")).toBe(2);
    expect(await count("SELECT count(*) AS n FROM job_terms WHERE job_seq IN (?1, ?2)", seqs[0], seqs[1])).toBe(0);
    // Run records older than the retention period go too (this test's clock is a month ahead).
    expect(await count("SELECT count(*) AS n FROM scrape_runs WHERE started_at < '2026-12-01T00:00:00Z'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM scrape_runs WHERE id = ?1", r.id)).toBe(1);
    const key = await createKey("enterprise");
    const { body } = await call<Envelope<Job>>("/jobs?q=quokkaword&status=any", { key });
    expect(body.data.map((j) => j.id).sort()).toEqual([closedRecently.id, fresh.id].sort());
  });
});

describe("configuration and isolation", () => {
  it("a bad setting fails the run with the setting's name, recorded in scrape_runs", async () => {
    const r = await runIngestion({ ...env, SOURCE: "rss" }, { announce: async () => {} });
    const error = 'Invalid setting SOURCE: expected one of demo, upwork, relay, got "rss"';
    expect(r).toMatchObject({ status: "failed", source: "rss", error });
    const row = await env.DB.prepare("SELECT status, error FROM scrape_runs WHERE id = ?1").bind(r.id).first();
    expect(row).toEqual({ status: "failed", error });
  });

  it("a failing push hand-off is recorded, the stored jobs stay", async () => {
    const r = await runIngestion(env, {
      source: fixedSource([job(500)]),
      announce: async () => {
        throw new Error("queue unavailable");
      },
    });
    expect(r).toMatchObject({ status: "partial", new: 1, error: "announce: queue unavailable" });
    expect(await count("SELECT count(*) AS n FROM jobs WHERE id = ?1", job(500).id)).toBe(1);
  });

  it("the cron runs the freelancer refresh even when ingestion fails, and ingestion even when the refresh fails", async () => {
    const before = await count("SELECT count(*) AS n FROM scrape_runs");
    // Ingestion fails (a relay without its URL); the freelancer refresh still runs.
    await runScheduled({ ...env, SOURCE: "relay", RELAY_URL: "", FREELANCER_SOURCE: "demo" });
    expect(await count("SELECT count(*) AS n FROM freelancer_searches")).toBeGreaterThan(0);
    // The freelancer refresh fails (a relay without its URL); ingestion still runs.
    await runScheduled({ ...env, FREELANCER_SOURCE: "relay", FREELANCER_RELAY_URL: "" });
    const runs = (
      await env.DB.prepare("SELECT status, trigger FROM scrape_runs ORDER BY id DESC LIMIT 2").all<{ status: string; trigger: string }>()
    ).results;
    expect(await count("SELECT count(*) AS n FROM scrape_runs")).toBe(before + 2);
    expect(runs).toEqual([
      { status: "ok", trigger: "cron" },
      { status: "failed", trigger: "cron" },
    ]);
  });
});
