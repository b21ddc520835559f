import { describe, expect, it } from "vitest";
import { call, type OpenApiDoc } from "./support/api";

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

async function openapi(): Promise<OpenApiDoc> {
  const { status, body } = await call<OpenApiDoc>("/openapi.json");
  expect(status).toBe(200);
  return body;
}

describe("GET /docs", () => {
  it("serves the reference page as HTML without an API key", async () => {
    const { status, headers, text: html } = await call("/docs");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('fetch("/openapi.json")');
  });

  it("loads nothing from another origin, so it renders offline", async () => {
    const { text: html } = await call("/docs");
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
    expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(["200", "304", "400", "401", "429"]));
  });

  it("lists /jobs/{id}, /health and the admin keys API", async () => {
    const { paths } = await openapi();
    expect(paths["/jobs/{id}"]?.get?.parameters?.some((p) => p.name === "id" && p.in === "path")).toBe(true);
    expect(paths["/health"]?.get).toBeDefined();
    expect(paths["/admin/keys"]?.post).toBeDefined();
    expect(paths["/admin/keys"]?.get).toBeDefined();
  });
});
