import { describe, expect, it } from "vitest";
import type { ScrapeRun } from "../src/ingest/types";
import { admin, call, createKey, type Envelope } from "./support/api";

describe("POST /admin/scrape runs what the cron runs", () => {
  it("stores jobs and refreshes freelancers, and returns the finished run", async () => {
    const key = await createKey("enterprise");
    expect((await call("/freelancers", { key })).body.data).toHaveLength(0);
    const { status, body } = await admin<Envelope<ScrapeRun>>("/admin/scrape", { method: "POST" });
    expect(status).toBe(200);
    expect(body.data[0]).toMatchObject({ source: "demo", trigger: "admin", status: "ok" });
    expect(body.data[0]!.new).toBeGreaterThanOrEqual(200);
    expect((await call("/jobs", { key })).body.count).toBe(10);
    expect((await call("/freelancers?query=developer", { key })).body.count).toBeGreaterThan(0);
  });
});
