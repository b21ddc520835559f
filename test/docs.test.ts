import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const BASE = "https://api.test";

/** Every /jobs query parameter API.md names. */
const JOBS_PARAMETERS = [
  "q",
  "tags",
  "skills",
  "category",
  "category_group",
  "job_type",
  "contractor_tier",
  "status",
  "engagement",
  "is_private",
  "budget_min",
  "budget_max",
  "hourly_min",
  "hourly_max",
  "payment_verified",
  "country",
  "exclude_country",
  "min_total_spent",
  "min_hires",
  "max_applicants",
  "posted_after",
  "posted_before",
  "limit",
  "cursor",
  "webhook",
  "webhook_url",
];

interface Operation {
  parameters?: { name: string; in: string }[];
  responses?: Record<string, unknown>;
  tags?: string[];
}
type Spec = { openapi: string; paths: Record<string, Record<string, Operation>> };

async function openapi(): Promise<Spec> {
  const res = await SELF.fetch(`${BASE}/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Spec;
}

describe("GET /docs", () => {
  it("serves the reference page as HTML without an API key", async () => {
    const res = await SELF.fetch(`${BASE}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('fetch("/openapi.json")');
  });

  it("loads nothing from another origin, so it renders offline", async () => {
    const html = await (await SELF.fetch(`${BASE}/docs`)).text();
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*stylesheet/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).not.toMatch(/https?:\/\//i);
    // The page's own policy forbids other origins too.
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'self'/);
  });
});

describe("GET /openapi.json", () => {
  it("is OpenAPI 3.1 and needs no key", async () => {
    const spec = await openapi();
    expect(spec.openapi).toMatch(/^3\.1\./);
  });

  it("lists /jobs with every filter parameter of API.md as a query parameter", async () => {
    const op = (await openapi()).paths["/jobs"]?.get;
    expect(op).toBeDefined();
    const query = new Set(op!.parameters!.filter((p) => p.in === "query").map((p) => p.name));
    const missing = JOBS_PARAMETERS.filter((name) => !query.has(name));
    expect(missing).toEqual([]);
    expect(Object.keys(op!.responses!)).toEqual(expect.arrayContaining(["200", "304", "400", "401", "429"]));
  });

  it("lists /jobs/{id}, /health and the admin keys API", async () => {
    const { paths } = await openapi();
    expect(paths["/jobs/{id}"]?.get?.parameters?.some((p) => p.name === "id" && p.in === "path")).toBe(true);
    expect(paths["/health"]?.get).toBeDefined();
    expect(paths["/admin/keys"]?.post).toBeDefined();
    expect(paths["/admin/keys"]?.get).toBeDefined();
  });
});
