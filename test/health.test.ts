import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createKey } from "./support/api";

describe("GET /health", () => {
  it("answers the seed's envelope with a key", async () => {
    const key = await createKey("free");
    const { status, body, headers } = await call("/health", { key });
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, message: "API is healthy", data: [], count: 0 });
    expect(body.last_updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(headers.get("x-ratelimit-limit")).toBe("5");
    expect(headers.get("x-credits-remaining")).toBe("100"); // free: no credit spent
  });

  it("refuses a missing key with 401 in the envelope", async () => {
    const { status, body } = await call("/health");
    expect(status).toBe(401);
    expect(body).toMatchObject({ success: false, data: [], count: 0 });
    expect(body.message).toMatch(/API key/);
  });
});

describe("when D1 is unreachable", () => {
  const brokenDb = new Proxy({} as D1Database, {
    get: () => () => {
      throw new Error("D1_ERROR: network connection lost (secret internals)");
    },
  });

  it("answers 503 in the envelope without leaking internals", async () => {
    const { status, body } = await call("/health", { env: { ...env, DB: brokenDb }, key: "uja_anything" });
    expect(status).toBe(503);
    expect(body).toMatchObject({ success: false, message: "Database unreachable", data: [], count: 0 });
    expect(JSON.stringify(body)).not.toMatch(/secret internals|at \w+ \(/);
  });
});
