// Auth, enumerated from /openapi.json (paths × methods), so a new route is covered the day it is
// added: every API-key operation refuses no key, a wrong key, a revoked key and the admin token with
// 401; every admin operation refuses no token and API keys (401) and accepts the admin token; another
// key's subscription is 404 on every /webhooks/{id}… operation, reads and writes alike, and is left untouched.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { recordMatches } from "../src/db/deliveries";
import { upsertJobs } from "../src/db/jobs";
import { newDeliveryId, newEventId } from "../src/push/ids";
import type { CreatedApiKeyView } from "../src/routes/admin/keys/schema";
import type { SubscriptionView } from "../src/routes/webhooks/schema";
import { ADMIN_TOKEN, admin, call, createKey, type Envelope, type OpenApiDoc } from "./support/api";
import { makeJob } from "./support/jobs";
import { receiverName, receiverUrl, script, subscribe } from "./support/push";

interface Op {
  method: string;
  path: string;
  security?: Record<string, string[]>[];
}
const METHODS = ["get", "post", "put", "patch", "delete"];
// Operations without a header credential. Anything else in the document must declare a security
// requirement. A feed URL's credential is the token in its path (test/feeds.test.ts covers it).
const PUBLIC: string[] = ["GET /f/{file}"];
// Served outside the OpenAPI document on purpose.
const UNDOCUMENTED = ["GET /docs", "GET /openapi.json"];

let ops: Op[] = [];
let owner: string;
let other: string;
let revoked: string;
let sub: { id: string; secret: string };
let deliveryId: string;

/** Example values for path parameters (existing ones for the owner's subscription and delivery). */
const fill = (path: string, ids: { id: string; delivery_id: string }) =>
  path
    .replace("{delivery_id}", ids.delivery_id)
    .replace(/\{id\}/g, ids.id)
    .replace(/\{[^}]+\}/g, "x");
const placeholder = () => ({ id: "wh_doesnotexist0000", delivery_id: "dlv_doesnotexist0000" });

/** A body that passes validation where one is expected, so the answer says who may act, not what is malformed. */
function bodyFor(op: Op): string | undefined {
  if (op.method === "get" || op.method === "delete") return undefined;
  if (op.path === "/webhooks/{id}") return JSON.stringify({ active: false, description: "hijacked" });
  if (op.path === "/webhooks/{id}/replay") return JSON.stringify({ since: "2020-01-01T00:00:00Z" });
  if (op.path === "/webhooks") return JSON.stringify({ url: "https://example.com/hook" });
  if (op.path === "/admin/keys") return JSON.stringify({ name: "auth-probe", tier: "free" });
  if (op.path === "/admin/keys/{id}") return JSON.stringify({ name: "renamed" });
  if (op.path === "/admin/poller") return JSON.stringify({ action: "stop" });
  return undefined;
}
const label = (op: Op) => `${op.method.toUpperCase()} ${op.path}`;
// Upwork requests unpaced: POST /admin/upwork/check sends about 40, a minute at the default pace.
const unpaced = { ...env, UPWORK_MAX_REQUESTS_PER_MINUTE: "600000" } as Env;
const send = (op: Op, headers: Record<string, string>, ids = placeholder()) => {
  const body = bodyFor(op);
  return call(fill(op.path, ids), {
    method: op.method.toUpperCase(),
    headers: { ...(body && { "content-type": "application/json" }), ...headers },
    body,
    env: unpaced,
  });
};
const isApiKeyOp = (op: Op) => op.security?.some((s) => "ApiKey" in s || "BearerKey" in s) ?? false;
const isAdminOp = (op: Op) => op.security?.some((s) => "AdminToken" in s) ?? false;

beforeAll(async () => {
  const doc = (await call<OpenApiDoc>("/openapi.json", { direct: true })).body;
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, o]) => ({ method, path, security: o.security })),
  );
  owner = await createKey("enterprise", "owner");
  other = await createKey("enterprise", "other");
  const r = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
    method: "POST",
    body: JSON.stringify({ name: "to-revoke", tier: "enterprise" }),
  });
  revoked = r.body.data[0]!.key;
  expect((await admin(`/admin/keys/${r.body.data[0]!.id}`, { method: "DELETE" })).status).toBe(200);

  const name = receiverName("auth");
  await script(name, []);
  sub = await subscribe(owner, { url: receiverUrl(name), filters: { skills: "authz" } });
  const job = makeJob("5550001", { skills: ["authz"] });
  await upsertJobs(env.DB, [job], "2025-11-03T12:00:00Z");
  deliveryId = newDeliveryId();
  await recordMatches(
    env.DB,
    [{ id: deliveryId, webhook_id: sub.id, event_id: newEventId(), status: "failed", last_error: "HTTP 500", job_ids: [job.id] }],
    Date.now(),
  );
});

describe("the OpenAPI document lists every route, each with its security", () => {
  it("every registered route is documented, and only the allow-listed ones are public", () => {
    const documented = new Set(ops.map((op) => `${op.method.toUpperCase()} ${op.path.replace(/\{([^}]+)\}/g, ":$1")}`));
    const registered = createApp()
      .routes.filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`);
    for (const r of new Set(registered)) if (!UNDOCUMENTED.includes(r)) expect(documented, r).toContain(r);
    expect(ops.filter((op) => !op.security?.length).map(label)).toEqual(PUBLIC);
    // The operations this suite must cover are there (a renamed route would otherwise go unchecked).
    for (const must of [
      "GET /jobs",
      "POST /webhooks",
      "POST /webhooks/{id}/replay",
      "GET /freelancers",
      "GET /search_freelancers",
      "POST /admin/scrape",
      "GET /admin/runs",
    ]) {
      expect(ops.map(label)).toContain(must);
    }
    expect(ops.length).toBeGreaterThanOrEqual(20);
  });
});

describe("API-key operations", () => {
  it.each([
    ["no key", () => ({}), "Missing API key"],
    ["a wrong key", () => ({ "X-API-KEY": "uja_wrong_key_0000000000" }), "Invalid API key"],
    ["a wrong bearer key", () => ({ Authorization: "Bearer uja_wrong_key_0000000000" }), "Invalid API key"],
    ["a revoked key", () => ({ "X-API-KEY": revoked }), "API key revoked"],
    ["the admin token", () => ({ Authorization: `Bearer ${ADMIN_TOKEN}` }), "Invalid API key"],
  ])("refuse %s with 401 in the envelope", async (_what, headers, message) => {
    const keyOps = ops.filter(isApiKeyOp);
    expect(keyOps.length).toBeGreaterThanOrEqual(15);
    for (const op of keyOps) {
      const r = await send(op, headers());
      expect(r.status, label(op)).toBe(401);
      // /search_freelancers answers in seed 004's own error shape; everything else in the envelope.
      const shape = op.path === "/search_freelancers" ? { status: "error", data: null } : { success: false, data: [], count: 0 };
      expect(r.body, label(op)).toMatchObject({ ...shape, message: expect.stringContaining(message) });
    }
  });
});

describe("admin operations", () => {
  it("refuse no token, API keys (header or bearer) and a wrong token with 401", async () => {
    const adminOps = ops.filter(isAdminOp);
    expect(adminOps.map(label)).toEqual(
      expect.arrayContaining([
        "GET /admin/keys",
        "POST /admin/keys",
        "PATCH /admin/keys/{id}",
        "DELETE /admin/keys/{id}",
        "POST /admin/scrape",
        "GET /admin/runs",
      ]),
    );
    for (const op of adminOps) {
      const variants: Record<string, string>[] = [
        {},
        { "X-API-KEY": owner },
        { Authorization: `Bearer ${owner}` },
        { Authorization: `Bearer ${ADMIN_TOKEN}x` },
        { Authorization: ADMIN_TOKEN },
      ];
      for (const headers of variants) {
        const r = await send(op, headers);
        expect(r.status, `${label(op)} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.body.message, label(op)).toMatch(/admin/i);
      }
    }
  });

  it("accept the admin token", async () => {
    const keyId = (
      await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
        method: "POST",
        body: JSON.stringify({ name: "victim", tier: "free" }),
        direct: true,
      })
    ).body.data[0]!.id;
    for (const op of ops.filter(isAdminOp)) {
      const r = await send(op, { Authorization: `Bearer ${ADMIN_TOKEN}` }, { id: keyId, delivery_id: "x" });
      expect(r.status, `${label(op)} ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(200);
      expect(r.status, `${label(op)} ${JSON.stringify(r.body)}`).toBeLessThan(300);
    }
  });
});

describe("no cross-tenant reads or writes", () => {
  const subOps = () => ops.filter((op) => op.path.startsWith("/webhooks/{id}"));

  it("another key gets 404 on every /webhooks/{id}… operation, and the subscription is untouched", async () => {
    const before = await env.DB.prepare("SELECT * FROM webhooks WHERE id = ?").bind(sub.id).first();
    const deliveries = async () =>
      (await env.DB.prepare("SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id").bind(sub.id).all()).results;
    const deliveriesBefore = await deliveries();
    expect(subOps().map(label)).toEqual(
      expect.arrayContaining([
        "GET /webhooks/{id}",
        "PATCH /webhooks/{id}",
        "DELETE /webhooks/{id}",
        "POST /webhooks/{id}/rotate-secret",
        "POST /webhooks/{id}/test",
        "GET /webhooks/{id}/deliveries",
        "POST /webhooks/{id}/deliveries/{delivery_id}/retry",
        "POST /webhooks/{id}/replay",
      ]),
    );
    for (const op of subOps()) {
      const r = await send(op, { "X-API-KEY": other }, { id: sub.id, delivery_id: deliveryId });
      expect(r.status, `${label(op)} ${JSON.stringify(r.body)}`).toBe(404);
      expect(JSON.stringify(r.body), label(op)).not.toContain(sub.secret);
      expect(r.body.data).toEqual([]);
    }
    expect(await env.DB.prepare("SELECT * FROM webhooks WHERE id = ?").bind(sub.id).first()).toEqual(before);
    expect(await deliveries()).toEqual(deliveriesBefore);
    // Not listed for the other key either.
    const list = await call<Envelope<SubscriptionView>>("/webhooks", { key: other, direct: true });
    expect(list.body.data.map((w) => w.id)).not.toContain(sub.id);
  });

  it("the same operations work for the owner (so the 404s above are about ownership, not the request)", async () => {
    // The PATCH switches it off (409 for replay and retry afterwards), the DELETE removes it: those two go last.
    const rank = (op: Op) => (op.method === "delete" ? 2 : op.method === "patch" ? 1 : 0);
    for (const op of subOps()
      .filter((o) => o.method !== "delete")
      .sort((a, b) => rank(a) - rank(b))) {
      const r = await send(op, { "X-API-KEY": owner }, { id: sub.id, delivery_id: deliveryId });
      expect(r.status, `${label(op)} ${JSON.stringify(r.body)}`).toBeLessThan(300);
    }
    const del = ops.find((op) => op.method === "delete" && op.path === "/webhooks/{id}")!;
    expect((await send(del, { "X-API-KEY": owner }, { id: sub.id, delivery_id: deliveryId })).status).toBeLessThan(300);
  });
});
