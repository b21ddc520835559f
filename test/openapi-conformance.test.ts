// /openapi.json promises exactly what the API does: for every documented operation, a property-based
// run sends requests generated from the document itself (valid ones, and ones broken in one place:
// a bad value, an unknown parameter, a bad body, no or a wrong key, an impossible id) and checks that
// each answer's status is documented for the operation and each JSON answer matches its schema.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertJobs } from "../src/db/jobs";
import type { CreatedApiKeyView } from "../src/routes/admin/keys/schema";
import type { IssuedFeedView } from "../src/routes/feeds/schema";
import type { DeliveryView } from "../src/routes/webhooks/schema";
import { ADMIN_TOKEN, call, createKey, type Envelope } from "./support/api";
import { makeJob } from "./support/jobs";
import { arbitrary, type Operation, operations, type Parameter, type Schema, serialize, violation } from "./support/openapi-fuzz";
import { receiverName, receiverUrl, script, subscribe } from "./support/push";

let doc: Schema;
let key: string;
const receiver = receiverName("fuzz");
const JOB_ID = "7800000000000000001";

beforeAll(async () => {
  doc = (await call<Schema>("/openapi.json")).body;
  key = await createKey("enterprise", "fuzz");
  await script(receiver, [], { status: 200 });
  await upsertJobs(env.DB, [makeJob(JOB_ID, { skills: ["fuzz"] })], "2025-11-03T12:00:00Z");
});

/** Real ids for an operation's path parameters, made fresh so that a DELETE earlier changes nothing later. */
async function fixtures(op: Operation): Promise<Record<string, string>> {
  if (op.path.startsWith("/admin/keys/")) {
    const { body } = await call<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "fuzz target", tier: "free" }),
    });
    return { id: body.data[0]!.id };
  }
  if (op.path.startsWith("/webhooks/")) {
    const sub = await subscribe(key, { url: receiverUrl(receiver), filters: { skills: "fuzz" } });
    const test = await call<Envelope<DeliveryView>>(`/webhooks/${sub.id}/test`, { key, method: "POST", direct: true });
    return { id: sub.id, delivery_id: test.body.data[0]!.id };
  }
  if (op.path.startsWith("/jobs/")) return { id: JOB_ID };
  if (op.path.startsWith("/feeds/") || op.path.startsWith("/f/")) {
    const { body } = await call<Envelope<IssuedFeedView>>("/feeds", {
      key,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "fuzz", filters: { skills: "fuzz" } }),
      direct: true,
    });
    const feed = body.data[0]!;
    return { id: feed.id, file: new URL(feed.urls.rss).pathname.slice("/f/".length) };
  }
  return {};
}

type Mode = "valid" | "bad-value" | "unknown-param" | "repeated-param" | "bad-body" | "no-key" | "wrong-key" | "long-id";
const MODES: Mode[] = [
  "valid",
  "valid",
  "valid",
  "valid",
  "bad-value",
  "unknown-param",
  "repeated-param",
  "bad-body",
  "no-key",
  "wrong-key",
  "long-id",
];
const JUNK = fc.oneof(
  fc.constantFrom("", "-1", "abc", "1e999", "0x10", "NaN", "true", "[]", "{}", "%", "\u0000", "x".repeat(600)),
  fc.string({ maxLength: 30 }),
);
const BAD_BODIES = fc.oneof(
  fc.constant({ text: "{not json", type: "application/json" }),
  fc.constant({ text: '{"a":1}', type: "text/plain" }),
  fc.constant({ text: "", type: "application/json" }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => ({ text: JSON.stringify(v), type: "application/json" })),
  fc.constant({ text: JSON.stringify({ filler: "x".repeat(70_000) }), type: "application/json" }),
);

function requestArbitrary(op: Operation, ids: Record<string, string>) {
  // Webhook targets must lead somewhere testable: the loopback receiver, or addresses the API refuses;
  // an Upwork search URL for /filters/from-url.
  const uri = fc.constantFrom(
    receiverUrl(receiver),
    "https://www.upwork.com/nx/search/jobs/?q=react&t=0&payment_verified=1",
    "https://10.0.0.1/hook",
    "http://localhost/x",
    "ftp://example.com/",
    "https://example.invalid/",
  );
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const values = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arbitrary(p.schema, { uri })])), {
    requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) as never[],
  });
  return fc.record({
    mode: fc.constantFrom(...MODES),
    values,
    body: op.body ? arbitrary(op.body, { uri }) : fc.constant(undefined),
    pick: fc.nat(),
    junk: JUNK,
    badBody: BAD_BODIES,
    pathIds: fc.record(
      Object.fromEntries(
        op.parameters.filter((p) => p.in === "path").map((p) => [p.name, fc.oneof(fc.constant(ids[p.name] ?? "x"), arbitrary(p.schema))]),
      ),
    ),
  });
}

type Case = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer T> ? T : never;

function build(op: Operation, c: Case) {
  const pathIds = { ...c.pathIds } as Record<string, unknown>;
  if (c.mode === "long-id") for (const k of Object.keys(pathIds)) pathIds[k] = "i".repeat(150);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(pathIds[name])));
  const qs = new URLSearchParams();
  const query = op.parameters.filter((p: Parameter) => p.in === "query");
  for (const [name, value] of Object.entries(c.values)) if (value !== undefined) qs.append(name, serialize(value));
  if (c.mode === "bad-value" && query.length) qs.set(query[c.pick % query.length]!.name, c.junk);
  if (c.mode === "repeated-param" && query.length) {
    const name = query[c.pick % query.length]!.name;
    qs.append(name, "1");
    qs.append(name, "2");
  }
  if (c.mode === "unknown-param") qs.append(`zz_${c.pick}`, "1");
  const headers = new Headers();
  const admin = op.security.includes("AdminToken");
  if (c.mode === "wrong-key") headers.set("authorization", admin ? "Bearer wrong" : "Bearer uja_wrong");
  else if (c.mode !== "no-key" && op.security.length) {
    if (admin) headers.set("authorization", `Bearer ${ADMIN_TOKEN}`);
    else headers.set("x-api-key", key);
  }
  let body: string | undefined;
  if (op.body) {
    if (c.mode === "bad-body") {
      body = c.badBody.text;
      headers.set("content-type", c.badBody.type);
    } else {
      body = JSON.stringify(c.body);
      headers.set("content-type", "application/json");
    }
  }
  const search = qs.toString();
  return { url: `${path}${search ? `?${search}` : ""}`, init: { method: op.method, headers, body } };
}

// POST /admin/scrape runs a whole ingestion and POST /admin/upwork/check about 40 upstream requests:
// a few runs of them say as much as many.
const RUNS: Record<string, number> = { "POST /admin/scrape": 4, "POST /admin/upwork/check": 3, "POST /webhooks": 120 };
// Upwork requests unpaced (the self-check would otherwise take a minute per run).
const fuzzEnv = { ...env, UPWORK_MAX_REQUESTS_PER_MINUTE: "600000" } as Env;

describe("every documented operation answers only documented statuses with documented bodies", () => {
  it("the document lists operations", () => {
    expect(operations(doc).length).toBeGreaterThanOrEqual(20);
  });

  it("each operation, valid and broken requests", async () => {
    const ops = operations(doc);
    const seen: string[] = [];
    for (const op of ops) {
      const name = `${op.method} ${op.path}`;
      const ids = await fixtures(op);
      let ok = 0;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op, ids), async (c) => {
          const { url, init } = build(op, c);
          // Any JSON: the documented schema, not a type, decides what is right.
          const res = await call<unknown>(url, { ...init, env: fuzzEnv });
          const documented = op.responses[String(res.status)];
          if (!documented) {
            throw new Error(
              `${name}: ${init.method} ${url.slice(0, 300)} answered an undocumented ${res.status}: ${JSON.stringify(res.body)?.slice(0, 300)}`,
            );
          }
          if (res.status < 300) ok++;
          const schema = documented.content?.["application/json"]?.schema;
          // call() parses JSON answers only: a documented JSON body must come as JSON.
          if (schema && res.text !== "" && res.body === undefined) {
            throw new Error(
              `${name}: ${res.status} answered ${res.headers.get("content-type")} where JSON is documented: ${res.text.slice(0, 300)}`,
            );
          }
          if (schema && res.body !== undefined) {
            const why = violation(schema, res.body);
            if (why)
              throw new Error(
                `${name}: ${res.status} body breaks its schema (${why.slice(0, 400)}): ${JSON.stringify(res.body).slice(0, 300)}`,
              );
          }
        }),
        { numRuns: RUNS[name] ?? 60, seed: 20261129, endOnFailure: true },
      );
      // The generator must reach the operation's success path, or the run proves little.
      if (ok === 0) seen.push(name);
    }
    expect(seen, "operations never answered 2xx to a generated request").toEqual([]);
  }, 180_000); // every operation, 60 generated requests each
});
