import { env } from "cloudflare:workers";
import { expect, it } from "vitest";

it("the loopback fake server is reachable from inside workerd", async () => {
  const base = env.FAKE_BASE_URL;
  expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${base}/nothing-here`);
  expect(res.status).toBe(404);
});
