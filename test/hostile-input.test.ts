// Hostile input: thousands of generated query strings and JSON bodies against every endpoint. The API
// must never answer 5xx, always answer the JSON envelope, and name the offending parameter on 400.

import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { DeliveryView, SubscriptionView } from "../src/routes/webhooks/schema";
import { type Answer, admin, call, createKey, type Envelope } from "./support/api";

const HOSTILE_VALUES = [
  '"',
  '""',
  "*",
  "**",
  "NEAR(",
  "NEAR(a b)",
  "AND AND",
  "OR",
  "NOT",
  "-",
  "--",
  "^",
  ":",
  "(",
  ")",
  "{}",
  "[]",
  "'; DROP TABLE jobs;--",
  "1 OR 1=1",
  "%",
  "%%",
  "%00",
  "%ZZ",
  "%2525",
  "%E0%A4%A",
  "\u0000",
  "\uFFFF",
  "\uD800",
  "𝔘𝔭𝔴𝔬𝔯𝔨",
  "名前",
  "ñandú",
  "1e309",
  "-1",
  "-0",
  "NaN",
  "Infinity",
  "0x10",
  "1_000",
  "99999999999999999999",
  "3.14159",
  "1,2,3",
  ",,,",
  " ",
  "true",
  "false",
  "null",
  "undefined",
  "[object Object]",
  "2025-02-30",
  "2025-11-03T25:00:00Z",
  "a".repeat(600),
  "x,".repeat(80),
  "US,GB,DE,FR,IT,ES,PT,NL,BE,PL",
];
const PARAMS = [
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
  "unknown",
  "LIMIT",
  "q[]",
  "__proto__",
  "constructor",
];

const value = fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
/** encodeURIComponent, except that lone surrogates become the raw (invalid UTF-8) bytes a hostile client would send. */
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%ED%A0%80";
  }
};
const encoded = fc.tuple(value, fc.boolean()).map(([v, raw]) => (raw ? v.replace(/[\s#&]/g, "") : encode(v)));
const queryString = fc
  .array(fc.tuple(fc.constantFrom(...PARAMS), encoded), { minLength: 1, maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${v}`).join("&"));

const jsonValue = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom(...HOSTILE_VALUES), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const jsonBody = fc.oneof(
  fc
    .dictionary(fc.constantFrom("name", "tier", "active", "extra", "__proto__", "url", "filters"), jsonValue, { maxKeys: 4 })
    .map((o) => JSON.stringify(o)),
  fc.constantFrom("", "{", "[]", "null", "1", '"str"', '{"name":', "\u0000"),
);

/** Any answer: the checks below verify the envelope rather than assume it. */
type Result = Answer<Envelope<unknown>>;
function expectWellFormedRefusalOrSuccess(r: Result, sentParams: string[]) {
  expect(r.status, `${r.status} ${JSON.stringify(r.body)}`).toBeLessThan(500);
  if (r.status === 304) return;
  expect(r.headers.get("content-type")).toMatch(/application\/json/);
  expect(typeof r.body.success).toBe("boolean");
  expect(Array.isArray(r.body.data)).toBe(true);
  expect(r.body.count).toBe(r.body.data.length);
  if (r.status === 400 && sentParams.length) {
    const named = r.body.message?.match(/^Invalid (.+?) parameter/)?.[1];
    expect(named, r.body.message).toBeDefined();
    expect(sentParams.map((p) => decodeURIComponentSafe(p))).toContain(named);
  }
}

function decodeURIComponentSafe(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Enough keys to stay under the per-minute limit across thousands of calls. */
async function keyPool(n: number) {
  return Promise.all(Array.from({ length: n }, (_, i) => createKey("enterprise", `fuzz-${i}`)));
}

describe("hostile input", () => {
  it("GET /jobs and /jobs/:id: 3,000 generated query strings never produce a 5xx", async () => {
    const keys = await keyPool(2);
    let i = 0;
    await fc.assert(
      fc.asyncProperty(queryString, fc.constantFrom("/jobs", "/jobs/", "/jobs/abc", "/health"), async (qs, path) => {
        const key = keys[i++ % keys.length]!;
        const r = await call(`${path}?${qs}`, { key, direct: true });
        const sent = qs.split("&").map((p) => p.split("=")[0]!);
        expectWellFormedRefusalOrSuccess(r, path === "/jobs" ? sent : []);
      }),
      { numRuns: 3000, seed: 6 },
    );
  }, 180_000);

  it("admin API: 2,000 generated JSON bodies and ids never produce a 5xx", async () => {
    const ids = fc.oneof(fc.constantFrom("key_x", "%00", "..%2F..", "a".repeat(300), "'"), fc.string({ maxLength: 12 }).map(encode));
    await fc.assert(
      fc.asyncProperty(jsonBody, fc.constantFrom("POST", "PATCH", "DELETE", "GET"), ids, async (body, method, id) => {
        const path = method === "POST" || method === "GET" ? "/admin/keys" : `/admin/keys/${id}`;
        const r = await admin(path, { method, body: method === "GET" || method === "DELETE" ? undefined : body, direct: true });
        expectWellFormedRefusalOrSuccess(r, []);
      }),
      { numRuns: 2000, seed: 7 },
    );
  }, 180_000);
});

// ---- webhooks, freelancers, admin ingestion (added with the reliability suite) --------------------

/** Every key anywhere in a JSON value: a 400 may name a nested field (filters.skills → "skills"). */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) keysOf(x, out);
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  return out;
}
function parsedOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** A 4xx for a bad body names a field that was sent (or says the body itself is unreadable). */
function expectBodyRefusalNamesField(r: Result, body: string | undefined, required: string[]) {
  if (r.status !== 400) return;
  const named = r.body.message?.match(/^Invalid (.+?) parameter/)?.[1];
  if (named === undefined) {
    expect(r.body.message, r.body.message).toMatch(/^(Invalid request|Invalid JSON|Malformed JSON|Request body)/i);
    return;
  }
  const sent = keysOf(parsedOrUndefined(body ?? ""));
  // Path parameters (id, delivery_id) are checked before the body; a missing required field is named too.
  const missing = /: required\b/.test(r.body.message ?? "") ? required : [];
  expect([...sent, "id", "delivery_id", ...missing], `${r.body.message} for ${body}`).toContain(named);
}

/** Seed 004's shape for /search_freelancers: {status, message, data: null} on errors. */
function expectSeedShape(r: Result, sentParams: string[]) {
  expect(r.status, `${r.status} ${JSON.stringify(r.body)}`).toBeLessThan(500);
  expect(r.headers.get("content-type")).toMatch(/application\/json/);
  const b = r.body as unknown as { status: string; message?: string; data: unknown };
  if (r.status === 200) {
    expect(b.status).toBe("success");
    return;
  }
  expect(b).toMatchObject({ status: "error", data: null });
  if (r.status === 400 && sentParams.length) {
    const named = b.message?.match(/^Invalid (.+?) parameter/)?.[1];
    expect(named, b.message).toBeDefined();
    expect(sentParams.map(decodeURIComponentSafe)).toContain(named);
  }
}

const HOSTILE_URLS = [
  "http://169.254.169.254/latest/meta-data",
  "http://localhost:8080/",
  "http://127.0.0.1/",
  "http://[::1]/",
  "http://10.0.0.1/",
  "file:///etc/passwd",
  "javascript:alert(1)",
  "gopher://x",
  "https://user:pass@example.com/",
  "https://example.com:99999/",
  "https://xn--80ak6aa92e.com/",
  "https://例え.jp/",
  "//example.com",
  "https://",
  "https://example.com/" + "a".repeat(3000),
  "https://0x7f000001/",
  "https://2130706433/",
  "https://example.com/hook?x=1#frag",
  "http://metadata.google.internal/",
  "",
];
const WEBHOOK_FIELDS = ["url", "target_url", "filters", "format", "batch", "description", "active", "since", "extra", "__proto__"] as const;
const webhookJsonValue = fc.oneof(
  jsonValue,
  fc.constantFrom(...HOSTILE_URLS),
  fc.dictionary(fc.constantFrom(...PARAMS), fc.constantFrom(...HOSTILE_VALUES), { maxKeys: 3 }),
);
const webhookBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...WEBHOOK_FIELDS), webhookJsonValue, { maxKeys: 4 }).map((o) => JSON.stringify(o)),
  fc
    .record({
      url: fc.constantFrom(...HOSTILE_URLS),
      filters: fc.dictionary(fc.constantFrom(...PARAMS), fc.constantFrom(...HOSTILE_VALUES), { maxKeys: 3 }),
    })
    .map((o) => JSON.stringify(o)),
  fc.constantFrom("", "{", "[]", "null", "1", '"str"', '{"url":', "\u0000", '{"since":"2025-02-30"}', '{"since":"0000-00-00T00:00:00Z"}'),
);
const FREELANCER_PARAMS = [
  "query",
  "page",
  "per_page",
  "country",
  "hourly_rate_min",
  "hourly_rate_max",
  "skills",
  "skills_match",
  "min_job_success",
  "top_rated",
  "sort",
  "order",
  "unknown",
  "q",
];
const freelancerQuery = fc
  .array(fc.tuple(fc.constantFrom(...FREELANCER_PARAMS), encoded), { minLength: 1, maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${v}`).join("&"));

describe("hostile input: webhooks, freelancers, admin ingestion", () => {
  let key: string;
  let subId: string;
  let deliveryId: string;
  beforeAll(async () => {
    key = (await keyPool(1))[0]!;
    const created = await call<Envelope<SubscriptionView>>("/webhooks", {
      key,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: `${env.FAKE_BASE_URL}/receiver/fuzz/hook` }),
      direct: true,
    });
    subId = created.body.data[0]!.id;
    const test = await call<Envelope<DeliveryView>>(`/webhooks/${subId}/test`, { key, method: "POST", direct: true });
    deliveryId = test.body.data[0]?.id ?? "dlv_doesnotexist0000";
  });

  const ids = () =>
    fc.oneof(
      fc.constant(subId),
      fc.constantFrom("wh_x", "%00", "..%2F..", "a".repeat(300), "'", "wh_%27%20OR%201%3D1"),
      fc.string({ maxLength: 12 }).map(encode),
    );

  it("webhook API: 2,000 generated bodies, ids and queries on every /webhooks operation never produce a 5xx", async () => {
    const ops = [
      ["POST", "/webhooks"],
      ["GET", "/webhooks"],
      ["GET", "/webhooks/{id}"],
      ["PATCH", "/webhooks/{id}"],
      ["DELETE", "/webhooks/{id}"],
      ["POST", "/webhooks/{id}/rotate-secret"],
      ["POST", "/webhooks/{id}/test"],
      ["GET", "/webhooks/{id}/deliveries"],
      ["POST", "/webhooks/{id}/deliveries/{delivery_id}/retry"],
      ["POST", "/webhooks/{id}/replay"],
    ] as const;
    const deliveryIds = fc.oneof(
      fc.constant(deliveryId),
      fc.constantFrom("dlv_x", "%00", "'", "a".repeat(200)),
      fc.string({ maxLength: 10 }).map(encode),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        ids(),
        deliveryIds,
        webhookBody,
        queryString,
        async ([method, template], id, did, body, qs) => {
          // Deleting the fixture would turn the rest into 404s: only a copy is ever deleted.
          const target = method === "DELETE" && id === subId ? "wh_notthefixture00" : id;
          const path = template.replace("{id}", target).replace("{delivery_id}", did);
          const withQuery = method === "GET" ? `${path}?${qs}` : path;
          const hasBody = method === "POST" || method === "PATCH";
          const r = await call(withQuery, {
            key,
            method,
            headers: hasBody ? { "content-type": "application/json" } : {},
            body: hasBody ? body : undefined,
            direct: true,
          });
          expectWellFormedRefusalOrSuccess(r, []);
          if (hasBody && (template === "/webhooks" || template.endsWith("/replay") || method === "PATCH"))
            expectBodyRefusalNamesField(r, body, template === "/webhooks" ? ["url", "target_url"] : ["since"]);
          if (method === "GET" && template === "/webhooks/{id}/deliveries" && r.status === 400) {
            const named = r.body.message?.match(/^Invalid (.+?) parameter/)?.[1];
            expect(
              qs.split("&").map((p) => decodeURIComponentSafe(p.split("=")[0]!)),
              r.body.message,
            ).toContain(named);
          }
        },
      ),
      { numRuns: 2000, seed: 8 },
    );
  }, 180_000);

  it("GET /jobs?webhook=true: 500 hostile webhook_url values never produce a 5xx, refusals name webhook_url", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...HOSTILE_URLS), fc.string({ maxLength: 60 }), value), queryString, async (url, qs) => {
        const r = await call(`/jobs?webhook=true&webhook_url=${encode(url)}&${qs}`, { key, direct: true });
        expectWellFormedRefusalOrSuccess(r, ["webhook", "webhook_url", ...qs.split("&").map((p) => p.split("=")[0]!)]);
      }),
      { numRuns: 500, seed: 9 },
    );
  }, 120_000);

  it("/freelancers and /search_freelancers: 1,200 generated query strings, each answered in its own shape", async () => {
    await fc.assert(
      fc.asyncProperty(freelancerQuery, fc.constantFrom("/freelancers", "/search_freelancers"), async (qs, path) => {
        const r = await call(`${path}?${qs}`, { key, direct: true });
        const sent = qs.split("&").map((p) => p.split("=")[0]!);
        if (path === "/search_freelancers") expectSeedShape(r, sent);
        else expectWellFormedRefusalOrSuccess(r, sent);
      }),
      { numRuns: 1200, seed: 10 },
    );
  }, 120_000);

  it("admin ingestion: 300 hostile queries to GET /admin/runs and a few to POST /admin/scrape never produce a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (qs) => {
        const r = await admin(`/admin/runs?${qs}`, { direct: true });
        expectWellFormedRefusalOrSuccess(
          r,
          qs.split("&").map((p) => p.split("=")[0]!),
        );
      }),
      { numRuns: 300, seed: 11 },
    );
    // A scrape is a real ingestion run: a handful is enough to show the query and body are ignored safely.
    await fc.assert(
      fc.asyncProperty(queryString, jsonBody, async (qs, body) => {
        const r = await admin(`/admin/scrape?${qs}`, { method: "POST", body, direct: true });
        expectWellFormedRefusalOrSuccess(r, []);
      }),
      { numRuns: 5, seed: 12 },
    );
  }, 120_000);

  it("oversized bodies are refused with 413 in the envelope on every operation that takes one", async () => {
    const big = JSON.stringify({ url: "https://example.com/x", description: "x".repeat(70 * 1024) });
    const targets: [string, string, boolean][] = [
      ["POST", "/webhooks", false],
      ["PATCH", `/webhooks/${subId}`, false],
      ["POST", `/webhooks/${subId}/replay`, false],
      ["POST", "/admin/keys", true],
      ["PATCH", "/admin/keys/key_x", true],
    ];
    for (const [method, path, asAdmin] of targets) {
      const init = { method, body: big, headers: { "content-type": "application/json" }, direct: true };
      const r = asAdmin ? await admin(path, init) : await call(path, { ...init, key });
      expect(r.status, `${method} ${path}`).toBe(413);
      expect(r.body).toMatchObject({ success: false, data: [], count: 0 });
      expect(r.body.message).toMatch(/^Request body too large/);
    }
  });
});
