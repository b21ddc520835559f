// The /webhooks API and GET /jobs?webhook=true: tiers, cap, validation, ownership, secrets, test events, the log.
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyView } from "../src/routes/admin/keys/schema";
import type { DeliveryView, SubscriptionView } from "../src/routes/webhooks/schema";
import { admin, call, createKey, type Envelope, type OpenApiDoc } from "./support/api";
import { deliveries, received, receiverName, receiverUrl, script, subscribe } from "./support/push";

const json = (body: unknown, key: string, method = "POST") => ({
  key,
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

let pro: string;
let ent: string;
beforeAll(async () => {
  pro = await createKey("professional", "pro");
  ent = await createKey("enterprise", "ent");
});

describe("tiers", () => {
  it.each(["free", "hobby", "developer"])("%s keys get 403 on every webhook route and on webhook=true", async (tier) => {
    const key = await createKey(tier);
    const url = receiverUrl("nope");
    const create = await call("/webhooks", json({ url }, key));
    expect(create.status).toBe(403);
    expect(create.body.message).toMatch(/not available on the .* tier/);
    expect((await call("/webhooks", { key })).status).toBe(403);
    const q = await call(`/jobs?webhook=true&webhook_url=${encodeURIComponent(url)}`, { key });
    expect(q.status).toBe(403);
    expect(q.body.success).toBe(false);
  });

  it("professional is capped at 25 active subscriptions (409 beyond), deactivated ones do not count", async () => {
    const key = await createKey("professional", "cap");
    const made = await Promise.all(Array.from({ length: 25 }, (_, i) => subscribe(key, { url: receiverUrl(`cap${i}`) })));
    expect(new Set(made.map((m) => m.id)).size).toBe(25);
    const over = await call("/webhooks", json({ url: receiverUrl("cap-over") }, key));
    expect(over.status).toBe(409);
    expect(over.body.message).toMatch(/limit reached.*25/);
    const viaQuery = await call(`/jobs?webhook=true&webhook_url=${encodeURIComponent(receiverUrl("cap-q"))}&skills=go`, { key });
    expect(viaQuery.status).toBe(409);

    const off = await call<Envelope<SubscriptionView>>(`/webhooks/${made[0]!.id}`, json({ active: false }, key, "PATCH"));
    expect(off.status).toBe(200);
    expect(off.body.data[0]).toMatchObject({ active: false, disabled_reason: "Disabled by its owner" });
    expect((await call("/webhooks", json({ url: receiverUrl("cap-26") }, key))).status).toBe(201);
    // switching the old one back on would make 26
    const on = await call(`/webhooks/${made[0]!.id}`, json({ active: true }, key, "PATCH"));
    expect(on.status).toBe(409);
  });

  it("enterprise has no cap", async () => {
    const key = await createKey("enterprise", "nocap");
    await Promise.all(Array.from({ length: 30 }, (_, i) => subscribe(key, { url: receiverUrl(`e${i}`) })));
    expect((await call("/webhooks", { key })).body.count).toBe(30);
  });
});

describe("GET /jobs?webhook=true", () => {
  it("201 with the subscription, then 200 with the same one for the same url + filters", async () => {
    const url = receiverUrl("q");
    const path = `/jobs?webhook=true&webhook_url=${encodeURIComponent(url)}&skills=TypeScript,react&budget_min=1000`;
    const first = await call<Envelope<SubscriptionView>>(path, { key: pro });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const sub = first.body.data[0]!;
    expect(sub).toMatchObject({ url, format: "json", batch: false, active: true, disabled_reason: null });
    expect(sub.filters).toEqual({ skills: ["typescript", "react"], budget_min: 1000, status: "open" });
    expect(sub.secret).toMatch(/^whsec_/);
    expect(first.body.count).toBe(1);

    // same filters written differently: same subscription
    const again = await call<Envelope<SubscriptionView>>(
      `/jobs?budget_min=1000&skills=typescript&skills=react&webhook=true&webhook_url=${encodeURIComponent(url)}`,
      {
        key: pro,
      },
    );
    expect(again.status).toBe(200);
    expect(again.body.data[0]!.id).toBe(sub.id);
    // different filters or another key: another subscription
    expect((await call(`${path}&country=US`, { key: pro })).status).toBe(201);
    expect((await call(path, { key: ent })).status).toBe(201);
    const mine = await call<Envelope<SubscriptionView>>("/webhooks", { key: pro });
    expect(mine.body.data.filter((s) => s.url === url)).toHaveLength(2);
  });

  it("parallel identical registrations create one subscription", async () => {
    const url = receiverUrl("race");
    const path = `/jobs?webhook=true&webhook_url=${encodeURIComponent(url)}&q=rust`;
    const results = await Promise.all(Array.from({ length: 5 }, () => call<Envelope<SubscriptionView>>(path, { key: ent })));
    expect(new Set(results.map((r) => r.body.data[0]!.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it("validates like GET /jobs and the target like POST /webhooks", async () => {
    const url = encodeURIComponent(receiverUrl("v"));
    const bad = await call(`/jobs?webhook=true&webhook_url=${url}&budget_min=abc`, { key: pro });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("Invalid budget_min parameter: expected a non-negative number");
    expect((await call(`/jobs?webhook=true`, { key: pro })).body.message).toBe("Invalid webhook_url parameter: required with webhook=true");
    expect((await call(`/jobs?webhook_url=${url}`, { key: pro })).body.message).toBe(
      "Invalid webhook_url parameter: only used with webhook=true",
    );
    const ssrf = await call(`/jobs?webhook=true&webhook_url=${encodeURIComponent("https://169.254.169.254/x")}`, { key: pro });
    expect(ssrf.status).toBe(400);
    expect(ssrf.body.message).toMatch(/^Invalid webhook_url parameter: cloud metadata/);
    expect((await call(`/jobs?webhook=maybe&webhook_url=${url}`, { key: pro })).body.message).toMatch(/^Invalid webhook parameter/);
  });
});

describe("POST /webhooks", () => {
  it("creates with url or Zapier's target_url, filters by the /jobs names, JSON values allowed", async () => {
    const a = await call<Envelope<SubscriptionView>>(
      "/webhooks",
      json(
        {
          url: receiverUrl("a"),
          filters: { skills: ["Python"], hourly_min: 30, payment_verified: true },
          format: "slack",
          batch: true,
          description: "team",
        },
        pro,
      ),
    );
    expect(a.status).toBe(201);
    expect(a.body.data[0]).toMatchObject({
      format: "slack",
      batch: true,
      description: "team",
      filters: { skills: ["python"], hourly_min: 30, payment_verified: true, status: "open" },
    });
    const z = await call<Envelope<SubscriptionView>>("/webhooks", json({ target_url: receiverUrl("z") }, pro));
    expect(z.status).toBe(201);
    expect(z.body.data[0]!.url).toBe(receiverUrl("z"));
    expect(z.body.data[0]!.filters).toEqual({ status: "open" });
  });

  it.each([
    [{ url: "https://example.com/h", filters: { budget_min: "lots" } }, "Invalid budget_min parameter: expected a non-negative number"],
    [{ url: "https://example.com/h", filters: { job_type: "weekly" } }, "Invalid job_type parameter: expected hourly, fixed, 1 or 2"],
    [
      { url: "https://example.com/h", filters: { budget_min: 500, budget_max: 100 } },
      "Invalid budget_max parameter: must not be below budget_min",
    ],
    [{ url: "https://example.com/h", filters: { colour: "red" } }, "Invalid colour parameter: unknown parameter"],
    [{ url: "https://example.com/h", format: "teams" }, /^Invalid format parameter/],
    [{ url: "https://example.com/h", batch: "yes" }, /^Invalid batch parameter/],
    [{ url: "https://example.com/h", extra: 1 }, "Invalid extra parameter: unknown parameter"],
    [{}, "Invalid url parameter: required (or target_url)"],
    [{ url: "ftp://example.com" }, "Invalid url parameter: must be an http or https URL"],
    [{ url: "https://user:pw@example.com/h" }, "Invalid url parameter: must not contain credentials"],
    [{ target_url: "https://169.254.169.254/h" }, /^Invalid target_url parameter: cloud metadata/],
  ])("400 for %j", async (body, message) => {
    const r = await call("/webhooks", json(body, pro));
    expect(r.status).toBe(400);
    expect(r.body.success).toBe(false);
    if (typeof message === "string") expect(r.body.message).toBe(message);
    else expect(r.body.message).toMatch(message);
  });
});

describe("subscription lifecycle", () => {
  it("get, patch, delete are owner-only (404 for others)", async () => {
    const sub = await subscribe(pro, { url: receiverUrl("own") });
    expect((await call<Envelope<SubscriptionView>>(`/webhooks/${sub.id}`, { key: pro })).body.data[0]!.id).toBe(sub.id);
    expect((await call(`/webhooks/${sub.id}`, { key: ent })).status).toBe(404);
    expect((await call(`/webhooks/${sub.id}`, json({ active: false }, ent, "PATCH"))).status).toBe(404);
    expect((await call(`/webhooks/${sub.id}`, { key: ent, method: "DELETE" })).status).toBe(404);

    const patched = await call<Envelope<SubscriptionView>>(
      `/webhooks/${sub.id}`,
      json({ filters: { q: "react native" }, format: "discord" }, pro, "PATCH"),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.data[0]).toMatchObject({ format: "discord", filters: { q: "react native", status: "open" } });
    expect((await call(`/webhooks/${sub.id}`, json({}, pro, "PATCH"))).status).toBe(400);
    expect((await call(`/webhooks/${sub.id}`, json({ url: "https://169.254.169.254/x" }, pro, "PATCH"))).body.message).toMatch(
      /^Invalid url parameter: cloud metadata/,
    );

    const del = await call(`/webhooks/${sub.id}`, { key: pro, method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await call(`/webhooks/${sub.id}`, { key: pro })).status).toBe(404);
    expect((await call(`/webhooks/nope`, { key: pro })).body.message).toBe("Webhook not found");
  });

  it("a revoked key gets 401", async () => {
    const key = await createKey("professional", "revoked");
    const keys = await admin<Envelope<ApiKeyView>>("/admin/keys");
    const row = keys.body.data.find((k) => k.name === "revoked");
    await admin(`/admin/keys/${row!.id}`, { method: "DELETE" });
    expect((await call("/webhooks", { key })).status).toBe(401);
  });
});

describe("test events and secrets", () => {
  it("POST /test sends a signed webhook.test event and logs the attempt", async () => {
    const name = receiverName("test");
    const sub = await subscribe(pro, { url: receiverUrl(name) });
    const r = await call<Envelope<DeliveryView>>(`/webhooks/${sub.id}/test`, { key: pro, method: "POST" });
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toMatchObject({ status: "delivered", attempts: 1, last_status_code: 200, type: "webhook.test" });
    expect(r.body.data[0]!.attempt_log[0]).toMatchObject({ status_code: 200, error: null, response_body: "ok" });
    const [req] = await received(name);
    expect(req!.method).toBe("POST");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["user-agent"]).toMatch(/^upwork-jobs-api-webhooks\//);
    expect(req!.headers["webhook-id"]).toBe(r.body.data[0]!.event_id);
    const payload = new Webhook(sub.secret).verify(req!.body, req!.headers) as Record<string, unknown>;
    expect(payload).toMatchObject({ success: true, type: "webhook.test", subscription_id: sub.id, count: 1 });
  });

  it("a failing test event is recorded with the receiver's status and body", async () => {
    const name = receiverName("test-fail");
    await script(name, [{ status: 500, body: "x".repeat(3000) }]);
    const sub = await subscribe(pro, { url: receiverUrl(name) });
    const r = await call<Envelope<DeliveryView>>(`/webhooks/${sub.id}/test`, { key: pro, method: "POST" });
    expect(r.body.data[0]).toMatchObject({ status: "failed", last_status_code: 500, last_error: "HTTP 500" });
    expect(r.body.data[0]!.attempt_log[0]!.response_body).toHaveLength(1024);
    const log = await deliveries(pro, sub.id);
    expect(log[0]!.id).toBe(r.body.data[0]!.id);
  });

  it("rotate-secret: both secrets sign during the grace period", async () => {
    const name = receiverName("rotate");
    const sub = await subscribe(pro, { url: receiverUrl(name) });
    const rotated = await call<Envelope<SubscriptionView>>(`/webhooks/${sub.id}/rotate-secret`, { key: pro, method: "POST" });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.data[0]!;
    expect(fresh.secret).not.toBe(sub.secret);
    expect(Date.parse(fresh.previous_secret_expires_at!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await call(`/webhooks/${sub.id}/test`, { key: pro, method: "POST" });
    const [req] = await received(name);
    expect(req!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(sub.secret).verify(req!.body, req!.headers)).not.toThrow();
    expect(() => new Webhook(fresh.secret).verify(req!.body, req!.headers)).not.toThrow();

    // once the grace period is over only the new secret signs
    await env.DB.prepare("UPDATE webhooks SET previous_secret_until = ? WHERE id = ?")
      .bind(Date.now() - 1, sub.id)
      .run();
    await call(`/webhooks/${sub.id}/test`, { key: pro, method: "POST" });
    const second = (await received(name))[1]!;
    expect(second.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(() => new Webhook(sub.secret).verify(second.body, second.headers)).toThrow();
    expect(() => new Webhook(fresh.secret).verify(second.body, second.headers)).not.toThrow();
  });
});

describe("openapi", () => {
  it("documents every webhook operation", async () => {
    const spec = (await call<OpenApiDoc>("/openapi.json")).body;
    const paths = Object.keys(spec.paths);
    for (const p of [
      "/webhooks",
      "/webhooks/{id}",
      "/webhooks/{id}/rotate-secret",
      "/webhooks/{id}/test",
      "/webhooks/{id}/deliveries",
      "/webhooks/{id}/deliveries/{delivery_id}/retry",
      "/webhooks/{id}/replay",
    ]) {
      expect(paths).toContain(p);
    }
  });
});
