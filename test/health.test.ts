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
