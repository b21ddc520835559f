import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LimitState } from "../src/auth/limits";
import { admit, emptyState, monthOf } from "../src/auth/limits";
import type { CreatedApiKeyView } from "../src/routes/admin/keys/schema";
import { admin, call, type Envelope } from "./support/api";

async function newKey(tier: string): Promise<{ key: string; id: string }> {
  const { body } = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
    method: "POST",
    body: JSON.stringify({ name: `limits-${tier}`, tier }),
  });
  return { key: body.data[0]!.key, id: body.data[0]!.id };
}

const limiter = (id: string) => env.KEY_LIMITER.get(env.KEY_LIMITER.idFromName(id));

/** Parallel bursts must not straddle a UTC minute boundary, or two windows would be counted. */
async function awayFromMinuteBoundary() {
  const s = new Date().getUTCSeconds();
  if (s >= 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}

describe("per-minute limit", () => {
  it("is exact under parallel calls: 40 at once on a 20/min key → exactly 20 pass", async () => {
    const { key } = await newKey("hobby");
    await awayFromMinuteBoundary();
    const results = await Promise.all(Array.from({ length: 40 }, () => call("/jobs?limit=1", { key })));
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(20);
    expect(limited).toHaveLength(20);
    for (const r of limited) {
      expect(r.body).toMatchObject({ success: false, message: "Rate limit exceeded", data: [], count: 0 });
      const retry = Number(r.headers.get("retry-after"));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(60);
      expect(r.headers.get("x-ratelimit-remaining")).toBe("0");
    }
    const remaining = ok.map((r) => Number(r.headers.get("x-ratelimit-remaining"))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => i)); // each request saw its own count
  });

  it("counts /health against the minute but not against credits", async () => {
    const { key } = await newKey("free");
    await awayFromMinuteBoundary();
    const seen = [];
    for (let i = 0; i < 5; i++) {
      const r = await call("/health", { key });
      expect(r.status).toBe(200);
      seen.push(r.headers.get("x-ratelimit-remaining"));
      expect(r.headers.get("x-credits-remaining")).toBe("100");
    }
    expect(seen).toEqual(["4", "3", "2", "1", "0"]);
    const sixth = await call("/health", { key });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("x-ratelimit-limit")).toBe("5");
    expect(Number(sixth.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(1);
  });
});

describe("monthly credits", () => {
  it("run out exactly, answer 429 Monthly credits exhausted with Retry-After to the 1st, /health stays free", async () => {
    const { key, id } = await newKey("developer");
    const now = Date.now();
    await limiter(id).overwrite({ ...emptyState(now), credits_used: 4998 });
    const first = await call("/jobs?limit=1", { key });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-credits-limit")).toBe("5000");
    expect(first.headers.get("x-credits-remaining")).toBe("1");
    expect((await call("/jobs/none", { key })).status).toBe(404); // failures are not charged
    expect((await call("/jobs?limit=1", { key })).headers.get("x-credits-remaining")).toBe("0");
    const refused = await call("/jobs?limit=1", { key });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe("Monthly credits exhausted");
    const d = new Date();
    const toNextMonth = (Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - d.getTime()) / 1000;
    expect(Math.abs(Number(refused.headers.get("retry-after")) - toNextMonth)).toBeLessThan(5);
    expect((await call("/health", { key })).status).toBe(200);
  });

  it("are exact under parallel calls: 10 left, 30 at once → exactly 10 pass", async () => {
    const { key, id } = await newKey("developer");
    await awayFromMinuteBoundary();
    await limiter(id).overwrite({ ...emptyState(Date.now()), credits_used: 4990 });
    const results = await Promise.all(Array.from({ length: 30 }, () => call("/jobs?limit=1", { key })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(20);
    for (const r of refused) expect(r.body.message).toBe("Monthly credits exhausted");
    expect((await limiter(id).inspect())!.credits_used).toBe(5000);
  });

  it("reset at 00:00 UTC on the 1st of the month", async () => {
    const { key, id } = await newKey("developer");
    const now = new Date();
    const lastMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15);
    await limiter(id).overwrite({ ...emptyState(lastMonth), credits_used: 5000 });
    const r = await call("/jobs?limit=1", { key });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-credits-remaining")).toBe("4999");
    const state = (await limiter(id).inspect()) as LimitState;
    expect(state.month).toBe(monthOf(Date.now()));
  });

  it("are unlimited for enterprise", async () => {
    const { key } = await newKey("enterprise");
    const r = await call("/jobs?limit=1", { key });
    expect(r.headers.get("x-credits-limit")).toBe("unlimited");
    expect(r.headers.get("x-credits-remaining")).toBe("unlimited");
    expect(r.headers.get("x-ratelimit-limit")).toBe("5000");
  });
});

describe("limit arithmetic (pure)", () => {
  const req = { requests_per_minute: 2, credits_per_month: 3, charge: true };
  it("rolls the minute window on the UTC minute and reports seconds to reset", () => {
    const t0 = Date.UTC(2026, 0, 31, 23, 59, 30);
    let s = emptyState(t0);
    const a = admit(s, { ...req, now: t0 });
    expect(a.admission.rate_reset).toBe(30);
    s = admit(a.state, { ...req, now: t0 + 1000 }).state;
    const third = admit(s, { ...req, now: t0 + 2000 });
    expect(third.admission).toMatchObject({ allowed: false, refusal: "rate_limit" });
    const nextMinute = admit(third.state, { ...req, now: t0 + 31_000 });
    expect(nextMinute.admission.allowed).toBe(true);
    expect(nextMinute.state.month).toBe("2026-02"); // also a new month: credits reset
    expect(nextMinute.admission.credits_remaining).toBe(2);
    expect(nextMinute.admission.rate_reset).toBe(59);
  });
});
