// Hostile input: thousands of generated query strings and JSON bodies against every endpoint. The API
// must never answer 5xx, always answer the JSON envelope, and name the offending parameter on 400.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { admin, call, createKey } from "./support/api";

const HOSTILE_VALUES = [
  '"', '""', "*", "**", "NEAR(", "NEAR(a b)", "AND AND", "OR", "NOT", "-", "--", "^", ":", "(", ")", "{}", "[]",
  "'; DROP TABLE jobs;--", "1 OR 1=1", "%", "%%", "%00", "%ZZ", "%2525", "%E0%A4%A", "\u0000", "\uFFFF", "\uD800",
  "𝔘𝔭𝔴𝔬𝔯𝔨", "名前", "ñandú", "1e309", "-1", "-0", "NaN", "Infinity", "0x10", "1_000", "99999999999999999999",
  "3.14159", "1,2,3", ",,,", " ", "true", "false", "null", "undefined", "[object Object]", "2025-02-30", "2025-11-03T25:00:00Z",
  "a".repeat(600), "x,".repeat(80), "US,GB,DE,FR,IT,ES,PT,NL,BE,PL",
];
const PARAMS = [
  "q", "tags", "skills", "category", "category_group", "job_type", "contractor_tier", "status", "engagement", "is_private",
  "budget_min", "budget_max", "hourly_min", "hourly_max", "payment_verified", "country", "exclude_country", "min_total_spent",
  "min_hires", "max_applicants", "posted_after", "posted_before", "limit", "cursor", "webhook", "webhook_url",
  "unknown", "LIMIT", "q[]", "__proto__", "constructor",
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
  fc.dictionary(fc.constantFrom("name", "tier", "active", "extra", "__proto__", "url", "filters"), jsonValue, { maxKeys: 4 }).map((o) => JSON.stringify(o)),
  fc.constantFrom("", "{", "[]", "null", "1", '"str"', "{\"name\":", "\u0000"),
);

type Result = Awaited<ReturnType<typeof call>>;
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
