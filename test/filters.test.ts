// The endpoints integrations need: POST /filters/preview, GET /filters/from-url, GET /usage,
// GET /categories, through the Worker with real bindings (credits included).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertJobs } from "../src/db/jobs";
import { toJobFilter } from "../src/jobs/filter";
import type { JobView } from "../src/jobs/model";
import { previewFilter } from "../src/jobs/preview";
import { call, createKey, type Envelope } from "./support/api";
import { makeJob } from "./support/jobs";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const HOUR = 3_600_000;
let n = 0;
const uid = () => `${Date.now()}${String(++n).padStart(3, "0")}`;
const credits = (r: { headers: Headers }) => Number(r.headers.get("x-credits-remaining"));
const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

interface Preview {
  counts: { last_24h: number; last_7d: number; last_30d: number };
  estimated: string[];
  alerts_per_day: number;
  newest: JobView[];
}

describe("POST /filters/preview", () => {
  let key: string;
  const skill = `preview-${uid()}`;
  const ids: string[] = [];
  beforeAll(async () => {
    key = await createKey("hobby", "preview");
    // Received 1 h, 3 days, 20 days and 40 days ago; the 3-day one has closed since.
    const ages = [HOUR, 3 * 24 * HOUR, 20 * 24 * HOUR, 40 * 24 * HOUR];
    for (const [i, age] of ages.entries()) {
      const id = `6${uid()}`;
      ids.push(id);
      await upsertJobs(
        env.DB,
        [makeJob(id, { skills: [skill], status: i === 1 ? 2 : 1, posted_on: iso(Date.now() - age) })],
        iso(Date.now() - age),
      );
    }
  });

  it("counts what the filter matched as jobs arrived, lists the newest five, and costs one credit", async () => {
    const first = await call<Envelope<Preview>>("/filters/preview", { key, ...json({ filters: { skills: skill } }) });
    expect(first.status).toBe(200);
    const p = first.body.data[0]!;
    expect(p.counts).toEqual({ last_24h: 1, last_7d: 2, last_30d: 3 });
    expect(p.estimated).toEqual([]);
    expect(p.alerts_per_day).toBe(0.1);
    expect(p.newest.map((j) => j.id)).toEqual(ids.slice(0, 3)); // the 40-day-old one is outside the 30 days
    expect(p.newest[0]).toHaveProperty("received_at");
    const second = await call<Envelope<Preview>>("/filters/preview", { key, ...json({ filters: { skills: skill, job_type: "hourly" } }) });
    expect(second.body.data[0]!.counts).toEqual({ last_24h: 0, last_7d: 0, last_30d: 0 });
    expect(credits(first) - credits(second)).toBe(1);
  });

  it("on a large store, windows beyond the newest jobs examined are extrapolated from their rate of matches", async () => {
    // Examine only the 2 newest received jobs: the 24 h window is covered, the others are estimated.
    const now = Date.now();
    const p = await previewFilter(env.DB, toJobFilter({ skills: [skill] }), now, 2);
    const newest = await env.DB.prepare("SELECT first_seen, skill_terms FROM jobs ORDER BY first_seen DESC LIMIT 2").all<{
      first_seen: string;
      skill_terms: string;
    }>();
    const matched = newest.results.filter((r) => (JSON.parse(r.skill_terms) as string[]).includes(skill)).length;
    const spanDays = Math.max(now - Date.parse(newest.results[1]!.first_seen), 60_000) / (24 * HOUR);
    expect(p.estimated).toEqual(["last_7d", "last_30d"]);
    expect(p.counts.last_7d).toBe(Math.round((matched / spanDays) * 7));
    expect(p.counts.last_30d).toBe(Math.round((matched / spanDays) * 30));
  });

  it("validates filters like GET /jobs", async () => {
    const bad = await call<Envelope<unknown>>("/filters/preview", { key, ...json({ filters: { budget_min: "lots" } }) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^Invalid budget_min parameter/);
    const unknown = await call<Envelope<unknown>>("/filters/preview", { key, ...json({ filter: {} }) });
    expect(unknown.status).toBe(400);
    const all = await call<Envelope<Preview>>("/filters/preview", { key, ...json({}) });
    expect(all.status).toBe(200);
    expect(all.body.data[0]!.counts.last_30d).toBeGreaterThanOrEqual(3);
  });
});

describe("GET /filters/from-url", () => {
  it("translates, lists what it could not, and is free", async () => {
    const key = await createKey("hobby", "from-url");
    const url =
      "https://www.upwork.com/nx/search/jobs/?q=react%20developer&t=0&hourly_rate=40-&contractor_tier=2,3&payment_verified=1&proposals=0-4,5-9&duration_v3=month&sort=recency";
    const r = await call<Envelope<{ filters: Record<string, unknown>; query: string; untranslated: { param: string }[] }>>(
      `/filters/from-url?url=${encodeURIComponent(url)}`,
      { key },
    );
    expect(r.status).toBe(200);
    const t = r.body.data[0]!;
    expect(t.filters).toMatchObject({ job_type: 1, hourly_min: 40, contractor_tier: [2, 3], payment_verified: true, max_applicants: 9 });
    expect(t.query).toBe("q=react+developer&job_type=hourly&hourly_min=40&contractor_tier=2%2C3&payment_verified=true&max_applicants=9");
    expect(t.untranslated.map((u) => u.param)).toEqual(["duration_v3"]);
    const again = await call(`/filters/from-url?url=${encodeURIComponent(url)}`, { key });
    expect(credits(again)).toBe(credits(r));
    // The query string works as is.
    const jobs = await call(`/jobs?${t.query}`, { key });
    expect(jobs.status).toBe(200);

    const notUpwork = await call<Envelope<unknown>>(`/filters/from-url?url=${encodeURIComponent("https://example.com/jobs?q=x")}`, { key });
    expect(notUpwork.status).toBe(400);
    expect(notUpwork.body.message).toBe("Invalid url parameter: expected an upwork.com URL");
    const missing = await call<Envelope<unknown>>("/filters/from-url", { key });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe("Invalid url parameter: required");
  });

  it("a value /jobs refuses moves to untranslated with the reason", async () => {
    const key = await createKey("hobby", "from-url-2");
    const long = "react ".repeat(100).trim();
    const url = `https://www.upwork.com/nx/search/jobs/?q=${encodeURIComponent(long)}&payment_verified=1`;
    const r = await call<Envelope<{ filters: Record<string, unknown>; untranslated: { param: string; reason: string }[] }>>(
      `/filters/from-url?url=${encodeURIComponent(url)}`,
      { key },
    );
    expect(r.status).toBe(200);
    expect(r.body.data[0]!.filters).toMatchObject({ payment_verified: true });
    expect(r.body.data[0]!.untranslated).toEqual([{ param: "q", value: long, reason: "not a valid /jobs q: at most 500 characters" }]);
  });
});

describe("GET /usage", () => {
  it("reports tier, credits, the minute window and holdings against caps, for free", async () => {
    const key = await createKey("professional", "usage");
    for (let i = 0; i < 2; i++) {
      const r = await call("/webhooks", { key, ...json({ url: `${env.FAKE_BASE_URL}/receiver/usage-${uid()}/hook` }) });
      expect(r.status).toBe(201);
    }
    expect((await call("/feeds", { key, ...json({ title: "usage" }) })).status).toBe(201);
    const r = await call<Envelope<Record<string, unknown>>>("/usage", { key });
    expect(r.status).toBe(200);
    const u = r.body.data[0]!;
    expect(u).toMatchObject({
      tier: "professional",
      credits: { limit: 50_000, used: 3, remaining: 49_997 },
      rate: { limit: 1000 },
      subscriptions: { active: 2, limit: 25 },
      feeds: { count: 1, limit: 100 },
    });
    expect((u.credits as { resets_at: string }).resets_at).toMatch(/-01T00:00:00Z$/);
    expect(credits(r)).toBe(49_997);
    const enterprise = await call<Envelope<Record<string, unknown>>>("/usage", { key: await createKey("enterprise", "usage-e") });
    expect(enterprise.body.data[0]).toMatchObject({ credits: { limit: null, remaining: null }, subscriptions: { limit: null } });
  });
});

describe("GET /categories", () => {
  it("every group, with the categories stored jobs carry and their open-job counts", async () => {
    const key = await createKey("hobby", "categories");
    const slug = `cat-${uid()}`;
    await upsertJobs(
      env.DB,
      [
        makeJob(`5${uid()}`, { category: { slug, name: "Zeta Cat", group: "Writing", group_slug: "writing" } }),
        makeJob(`5${uid()}`, { category: { slug, name: "Zeta Cat", group: "Writing", group_slug: "writing" } }),
        makeJob(`5${uid()}`, { status: 2, category: { slug, name: "Zeta Cat", group: "Writing", group_slug: "writing" } }),
      ],
      iso(Date.now()),
    );
    const r = await call<
      Envelope<{ slug: string; name: string; open_jobs: number; categories: { slug: string; name: string; open_jobs: number }[] }>
    >("/categories", { key });
    expect(r.status).toBe(200);
    const slugs = r.body.data.map((g) => g.slug);
    for (const g of ["web-mobile-software-dev", "writing", "legal", "translation"]) expect(slugs).toContain(g);
    const writing = r.body.data.find((g) => g.slug === "writing")!;
    expect(writing.name).toBe("Writing");
    expect(writing.categories.find((c) => c.slug === slug)).toEqual({ slug, name: "Zeta Cat", open_jobs: 2 });
    const counts = r.body.data.map((g) => g.open_jobs);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});
