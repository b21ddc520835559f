// The demo source end to end through the worker: POST /admin/scrape, GET /admin/runs, /jobs
// filters over what the first run stored, new jobs on every later run, the cron entry point.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index";
import type { ScrapeRun } from "../src/ingest/types";
import { type Job, JobViewSchema } from "../src/jobs/model";
import type { JobPaging } from "../src/routes/jobs/schema";
import { admin, call, createKey, type Envelope, type HealthExtra, type OpenApiDoc } from "./support/api";

let key: string;
let first: ScrapeRun;

/** Every job a /jobs query returns, all pages. */
async function all(query: string): Promise<Job[]> {
  const out: Job[] = [];
  let cursor: string | null | undefined;
  do {
    const { status, body } = await call<Envelope<Job, JobPaging>>(
      `/jobs?limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { key },
    );
    expect(status, JSON.stringify(body)).toBe(200);
    out.push(...body.data);
    cursor = body.next_cursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  key = await createKey("enterprise");
  const { status, body } = await admin<Envelope<ScrapeRun>>("/admin/scrape", { method: "POST" });
  expect(status).toBe(200);
  first = body.data[0]!;
});

describe("first demo run on an empty database", () => {
  it("stores at least 200 new jobs and records the run", () => {
    expect(first).toMatchObject({ source: "demo", trigger: "admin", status: "ok", error: null, skipped: 0, requests: 0 });
    expect(first.new).toBeGreaterThanOrEqual(200);
    expect(first.fetched).toBe(first.new);
    expect(first.refreshed).toBeGreaterThan(0);
    expect(first.closed).toBeGreaterThan(0);
    expect(first.finished_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("stores only valid seed-000 job objects", async () => {
    const jobs = await all("status=any");
    expect(jobs.length).toBe(first.new);
    for (const job of jobs) expect(JobViewSchema.strict().safeParse(job).success).toBe(true);
  });

  // Every /jobs filter must select some jobs and leave others out.
  it.each([
    "job_type=hourly",
    "job_type=fixed",
    "contractor_tier=entry",
    "contractor_tier=intermediate",
    "contractor_tier=expert",
    "category_group=web-mobile-software-dev",
    "category_group=design-creative",
    "category=data-analysis",
    "engagement=full-time",
    "engagement=part-time",
    "engagement=as-needed",
    "payment_verified=true",
    "payment_verified=false",
    "country=US",
    "country=GB",
    "country=IN",
    "exclude_country=US",
    "budget_min=1000",
    "budget_max=500",
    "hourly_min=50",
    "hourly_max=20",
    "min_total_spent=10000",
    "min_hires=20",
    "max_applicants=10",
    "skills=React",
    "tags=Web%20Development",
    "q=developer",
  ])("%s selects some open jobs, not all", async (query) => {
    const open = await all("");
    const hits = await all(query);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(open.length);
  });

  it("has closed and private jobs (from the detail refresh) and dates spread over weeks", async () => {
    expect((await all("status=closed")).length).toBeGreaterThan(0);
    const everything = await all("status=any");
    expect(everything.some((j) => j.is_private && j.privacy_reason)).toBe(true);
    const open = await all("");
    const days = (Date.now() - Date.parse(open[open.length - 1]!.posted_on)) / 86_400_000;
    expect(days).toBeGreaterThan(14);
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 19) + "Z";
    const recent = await all(`posted_after=${weekAgo}`);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(open.length);
  });

  it("/health reports the run's finish time", async () => {
    const { body } = await call<Envelope<never, HealthExtra>>("/health", { key });
    expect(body.last_successful_run).toBe(first.finished_at);
  });
});

describe("later demo runs", () => {
  it("each yield at least three never-seen open jobs, one hourly and one fixed of 1,000 or more", async () => {
    const seen = new Set((await all("status=any")).map((j) => j.id));
    for (let i = 0; i < 3; i++) {
      const { body } = await admin<Envelope<ScrapeRun>>("/admin/scrape", { method: "POST" });
      const run = body.data[0]!;
      expect(run).toMatchObject({ status: "ok", source: "demo" });
      expect(run.new).toBeGreaterThanOrEqual(3);
      const now = await all("status=any");
      const fresh = now.filter((j) => !seen.has(j.id));
      expect(fresh.length).toBe(run.new);
      expect(fresh.every((j) => j.status === 1)).toBe(true);
      expect(fresh.some((j) => j.job_type === 1)).toBe(true);
      expect(fresh.some((j) => j.job_type === 2 && (j.budget.fixed_amount ?? 0) >= 1000)).toBe(true);
      for (const j of fresh) seen.add(j.id);
    }
  });

  it("the detail refresh keeps closing old jobs over later runs", async () => {
    const { body } = await admin<Envelope<ScrapeRun>>("/admin/runs?limit=100");
    const closed = body.data.reduce((n, r) => n + r.closed, 0);
    expect(closed).toBeGreaterThan(first.closed);
  });
});

describe("GET /admin/runs", () => {
  it("lists runs newest first with their counts", async () => {
    const { status, body } = await admin<Envelope<ScrapeRun>>("/admin/runs?limit=2");
    expect(status).toBe(200);
    expect(body.count).toBe(2);
    expect(body.data[0]!.id).toBeGreaterThan(body.data[1]!.id);
    expect(Object.keys(body.data[0]!).sort()).toEqual(
      [
        "id",
        "source",
        "trigger",
        "status",
        "started_at",
        "finished_at",
        "fetched",
        "new",
        "updated",
        "unchanged",
        "refreshed",
        "closed",
        "deleted",
        "skipped",
        "skip_reasons",
        "searches",
        "requests",
        "error",
      ].sort(),
    );
  });

  it("validates its query and needs the admin token", async () => {
    expect((await admin("/admin/runs?limit=0")).body.message).toMatch(/^Invalid limit parameter/);
    expect((await admin("/admin/runs?foo=1")).body.message).toBe("Invalid foo parameter: unknown parameter");
    expect((await call("/admin/runs")).status).toBe(401);
    expect((await call("/admin/scrape", { method: "POST" })).status).toBe(401);
  });
});

describe("OpenAPI", () => {
  it("documents both admin operations and the run record", async () => {
    const spec = (await call<OpenApiDoc>("/openapi.json")).body;
    expect(spec.paths["/admin/scrape"]!.post).toBeDefined();
    expect(spec.paths["/admin/runs"]!.get!.parameters!.map((p) => p.name)).toEqual(["limit"]);
    expect(spec.components.schemas.ScrapeRun!.properties!.status!.enum).toEqual(["running", "ok", "partial", "failed", "skipped"]);
  });
});

describe("the cron entry point", () => {
  it("runs the same ingestion (recorded as trigger cron) and the freelancer refresh", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const { body } = await admin<Envelope<ScrapeRun>>("/admin/runs?limit=1");
    expect(body.data[0]).toMatchObject({ trigger: "cron", status: "ok", source: "demo" });
    expect(body.data[0]!.new).toBeGreaterThanOrEqual(3);
    const searches = await env.DB.prepare("SELECT count(*) AS n FROM freelancer_searches").first<{ n: number }>();
    expect(searches!.n).toBeGreaterThan(0);
  });
});
