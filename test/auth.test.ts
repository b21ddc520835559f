import { describe, expect, it } from "vitest";
import type { ApiKeyView, CreatedApiKeyView } from "../src/routes/admin/keys/schema";
import { ADMIN_TOKEN, admin, call, createKey, type Envelope } from "./support/api";

describe("API keys", () => {
  it("accepts X-API-KEY in any case and Authorization: Bearer", async () => {
    const key = await createKey("hobby");
    expect((await call("/health", { headers: { "x-api-key": key } })).status).toBe(200);
    expect((await call("/health", { headers: { "X-Api-Key": key } })).status).toBe(200);
    expect((await call("/health", { headers: { Authorization: `Bearer ${key}` } })).status).toBe(200);
  });

  it.each([
    ["no key", {}, "Missing API key"],
    ["a wrong key", { "X-API-KEY": "uja_wrong" }, "Invalid API key"],
    ["the admin token", { Authorization: `Bearer ${ADMIN_TOKEN}` }, "Invalid API key"],
    ["an empty bearer", { Authorization: "Bearer " }, "Missing API key"],
  ])("refuses %s with 401", async (_name, headers, message) => {
    for (const path of ["/health", "/jobs", "/jobs/x"]) {
      const { status, body, headers: h } = await call(path, { headers });
      expect(status).toBe(401);
      expect(body).toMatchObject({ success: false, data: [], count: 0 });
      expect(body.message).toContain(message);
      expect(h.get("x-ratelimit-limit")).toBeNull();
    }
  });

  it("revokes a key with DELETE: 401 from then on", async () => {
    const created = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "temp", tier: "free" }),
    });
    const { key, id } = created.body.data[0]!;
    expect((await call("/health", { key })).status).toBe(200);
    const del = await admin<Envelope<ApiKeyView>>(`/admin/keys/${id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(del.body.data[0]).toMatchObject({ id, active: false });
    const after = await call("/jobs", { key });
    expect(after.status).toBe(401);
    expect(after.body.message).toBe("API key revoked");
  });

  it("revocation is final: no PATCH brings a revoked key back, it stays readable and listed", async () => {
    const created = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "gone", tier: "free" }),
    });
    const { key, id } = created.body.data[0]!;
    const revoked = (await admin<Envelope<ApiKeyView>>(`/admin/keys/${id}`, { method: "DELETE" })).body.data[0]!;
    expect(revoked.revoked_at).toMatch(/Z$/);
    for (const patch of [{ active: true }, { tier: "enterprise" }, { name: "back" }, { active: false }]) {
      const r = await admin<Envelope<ApiKeyView>>(`/admin/keys/${id}`, { method: "PATCH", body: JSON.stringify(patch) });
      expect(r.status, JSON.stringify(patch)).toBe(409);
      expect(r.body.message).toBe("API key revoked: revocation is final, create a new key instead");
    }
    expect((await call("/health", { key })).status).toBe(401);
    // Revoking again changes nothing (the first revocation time stays); the key is still listed as it was.
    const again = await admin<Envelope<ApiKeyView>>(`/admin/keys/${id}`, { method: "DELETE" });
    expect(again.status).toBe(200);
    expect(again.body.data[0]).toEqual(revoked);
    const listed = (await admin<Envelope<ApiKeyView>>("/admin/keys")).body.data.find((k) => k.id === id);
    expect(listed).toEqual(revoked);
    expect((await admin("/admin/keys/key_nope", { method: "PATCH", body: JSON.stringify({ active: true }) })).status).toBe(404);
  });

  it("active: false is the reversible switch, told apart from revocation", async () => {
    const created = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "paused", tier: "free" }),
    });
    const { key, id } = created.body.data[0]!;
    const off = await admin<Envelope<ApiKeyView>>(`/admin/keys/${id}`, { method: "PATCH", body: JSON.stringify({ active: false }) });
    expect(off.body.data[0]).toMatchObject({ active: false, revoked_at: null });
    const refused = await call("/health", { key });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe("API key deactivated");
    await admin(`/admin/keys/${id}`, { method: "PATCH", body: JSON.stringify({ active: true }) });
    expect((await call("/health", { key })).status).toBe(200);
  });
});

describe("admin API", () => {
  it("creates a key, shows the plaintext once, stores only a hash", async () => {
    const { status, body } = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "acme", tier: "professional" }),
    });
    expect(status).toBe(201);
    const created = body.data[0]!;
    expect(created).toMatchObject({ name: "acme", tier: "professional", active: true });
    expect(created.key).toMatch(/^uja_[A-Za-z0-9_-]{43}$/);
    expect(created.created_at).toMatch(/Z$/);

    const list = await admin<Envelope<ApiKeyView>>("/admin/keys");
    const listed = list.body.data.find((k) => k.id === created.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty("key");
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    expect(listed!.key_prefix).toBe(created.key.slice(0, 10));

    const { env } = await import("cloudflare:workers");
    const row = await env.DB.prepare("SELECT key_hash FROM api_keys WHERE id = ?").bind(created.id).first<{ key_hash: string }>();
    expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.key_hash).not.toContain(created.key);
  });

  it("PATCH changes the tier (and its limits) at once", async () => {
    const created = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "up", tier: "free" }),
    });
    const { key, id } = created.body.data[0]!;
    expect((await call("/health", { key })).headers.get("x-ratelimit-limit")).toBe("5");
    const patched = await admin<Envelope<ApiKeyView>>(`/admin/keys/${id}`, {
      method: "PATCH",
      body: JSON.stringify({ tier: "developer" }),
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data[0]!.tier).toBe("developer");
    expect((await call("/health", { key })).headers.get("x-ratelimit-limit")).toBe("250");
    await admin(`/admin/keys/${id}`, { method: "PATCH", body: JSON.stringify({ active: false }) });
    expect((await call("/health", { key })).status).toBe(401);
    await admin(`/admin/keys/${id}`, { method: "PATCH", body: JSON.stringify({ active: true }) });
    expect((await call("/health", { key })).status).toBe(200);
  });

  it.each([
    ["POST", "/admin/keys", { name: "x", tier: "platinum" }, "Invalid tier parameter"],
    ["POST", "/admin/keys", { tier: "free" }, "Invalid name parameter"],
    ["POST", "/admin/keys", { name: "x", tier: "free", extra: 1 }, "Invalid extra parameter: unknown parameter"],
    ["PATCH", "/admin/keys/whatever", {}, "Invalid request body"],
    ["PATCH", "/admin/keys/whatever", { active: "yes" }, "Invalid active parameter"],
  ])("%s %s with bad JSON fields → 400", async (method, path, payload, message) => {
    const { status, body } = await admin(path, { method, body: JSON.stringify(payload) });
    expect(status).toBe(400);
    expect(body.message).toContain(message);
  });

  it("answers malformed JSON with 400 in the envelope", async () => {
    const { status, body } = await admin("/admin/keys", { method: "POST", body: "{not json" });
    expect(status).toBe(400);
    expect(body).toMatchObject({ success: false, data: [], count: 0 });
  });

  it("404s unknown key ids", async () => {
    expect((await admin("/admin/keys/key_nope", { method: "PATCH", body: JSON.stringify({ tier: "free" }) })).status).toBe(404);
    expect((await admin("/admin/keys/key_nope", { method: "DELETE" })).status).toBe(404);
  });

  it.each([
    ["no token", {}],
    ["a wrong token", { Authorization: "Bearer nope" }],
    ["a token differing in the last character", { Authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}x` }],
  ])("refuses %s with 401", async (_name, headers) => {
    const { status, body } = await call("/admin/keys", { headers });
    expect(status).toBe(401);
    expect(body.message).toBe("Invalid admin token");
  });

  it("refuses API keys on admin routes", async () => {
    const key = await createKey("enterprise");
    expect((await call("/admin/keys", { key })).status).toBe(401);
    expect((await call("/admin/keys", { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
  });
});

describe("errors", () => {
  it("answers unknown paths with 404 in the envelope, no key needed", async () => {
    const { status, body } = await call("/nope");
    expect(status).toBe(404);
    expect(body).toMatchObject({ success: false, data: [], count: 0 });
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const key = await createKey("enterprise");
    const { status, body, headers } = await call("/jobs", { method: "POST", key });
    expect(status).toBe(405);
    expect(headers.get("allow")).toBe("GET");
    expect(body.success).toBe(false);
    expect((await admin("/admin/keys", { method: "PUT" })).status).toBe(405);
  });

  it("refuses bodies over 64 KiB with 413", async () => {
    const { status, body } = await admin("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "x".repeat(70_000), tier: "free" }),
    });
    expect(status).toBe(413);
    expect(body.success).toBe(false);
  });
});
