// The relay source against a fake instance of this API: next_cursor walking, RELAY_MAX_PAGES,
// the API key header, malformed items, 429 + Retry-After, auth errors.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { normalizeSearchNode } from "../src/ingest/normalize";
import { runIngestion } from "../src/ingest/run";
import { demoNode } from "../src/ingest/sources/demo";
import { relayJobsUrl } from "../src/ingest/sources/relay";
import type { Job } from "../src/jobs/model";
import { type IngestSettings, settingsFrom } from "../src/settings";

const FAKE = env.FAKE_BASE_URL;
let ns = "";
let n = 0;
const fake = async <T = unknown>(op: string, body?: unknown) =>
  (await fetch(`${FAKE}/relay/${ns}/${op}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) })).json<T>();

/** Jobs as another instance serves them, newest first. */
const jobs = (count: number, from = 0): Job[] =>
  Array.from({ length: count }, (_, i) => {
    const r = normalizeSearchNode(demoNode(from + i, Date.UTC(2026, 10, 20) - (from + i) * 60_000));
    if (!r.ok) throw new Error(r.reason);
    return r.job;
  });

let sleeps: number[] = [];
function run(relay: Partial<IngestSettings["relay"]> = {}) {
  const base = settingsFrom(env).ingest;
  return runIngestion(env, {
    trigger: "admin",
    settings: { source: "relay", relay: { ...base.relay, url: `${FAKE}/relay/${ns}`, ...relay }, http: { ...base.http, retryBaseMs: 5 } },
    sleep: async (ms) => void (ms > 1 && sleeps.push(ms)),
    announce: async () => {},
  });
}

beforeEach(async () => {
  ns = `r${++n}`;
  sleeps = [];
  await env.DB.prepare("DELETE FROM jobs").run();
  await fake("__reset", { jobs: jobs(250) });
});

describe("relay source", () => {
  it("walks next_cursor with the API key, closed jobs included, and stores every job", async () => {
    const r = await run();
    expect(r).toMatchObject({ source: "relay", status: "ok", new: 250, fetched: 250, requests: 3 });
    /** The fake's log: each request's query string and X-API-KEY. */
    const calls = await fake<{ query: string; apiKey?: string }[]>("__log");
    expect(calls.map((c) => new URLSearchParams(c.query).get("cursor"))).toEqual([null, "100", "200"]);
    expect(calls.every((c) => c.apiKey === "relay-key" && new URLSearchParams(c.query).get("status") === "any")).toBe(true);
  });

  it("stops at RELAY_MAX_PAGES", async () => {
    expect(await run({ maxPages: 2 })).toMatchObject({ status: "ok", new: 200, requests: 2 });
  });

  it("stops at the first page with nothing new, and applies updates it saw", async () => {
    await run();
    const changed = jobs(250);
    changed[1] = { ...changed[1]!, status: 2 };
    await fake("__reset", { jobs: [...jobs(3, 900), ...changed] });
    const r = await run();
    expect(r).toMatchObject({ status: "ok", new: 3, updated: 1, requests: 2 });
    const row = await env.DB.prepare("SELECT status FROM jobs WHERE id = ?1").bind(changed[1]!.id).first<{ status: number }>();
    expect(row!.status).toBe(2);
  });

  it("skips malformed items and keeps the rest", async () => {
    const list: unknown[] = jobs(5);
    list.push({ title: "no id" }, { ...jobs(1, 50)[0], job_type: 9 }, 42);
    await fake("__reset", { jobs: list });
    const r = await run();
    expect(r).toMatchObject({ status: "ok", new: 5, fetched: 8, skipped: 3 });
    expect(r.skip_reasons).toEqual({ "missing id": 1, "invalid job_type": 1, "not an object": 1 });
  });

  it("honours 429 Retry-After from the relay", async () => {
    await fake("__script", {
      responses: [{ status: 429, headers: { "retry-after": "2" }, body: { success: false, message: "Rate limit exceeded" } }],
    });
    expect(await run()).toMatchObject({ status: "ok", new: 250 });
    expect(sleeps).toContain(2000);
  });

  it("a wrong key or a non-envelope answer fails the run with the relay's message", async () => {
    const bad = await runIngestion(env, {
      trigger: "admin",
      settings: { source: "relay", relay: { url: `${FAKE}/relay/${ns}`, apiKey: "wrong", maxPages: 20 } },
      announce: async () => {},
    });
    expect(bad).toMatchObject({ status: "failed", new: 0 });
    expect(bad.error).toMatch(/HTTP 401: Invalid API key/);
    await fake("__script", { responses: [{ body: { data: "nope" } }] });
    expect((await run()).error).toMatch(/relay answered HTTP 200/);
  });

  it("needs RELAY_URL", async () => {
    const r = await run({ url: undefined });
    expect(r).toMatchObject({ status: "failed" });
    expect(r.error).toMatch(/RELAY_URL/);
  });

  it("accepts the API's base URL or its /jobs URL", () => {
    expect(relayJobsUrl("https://x.example/api/").toString()).toBe("https://x.example/api/jobs");
    expect(relayJobsUrl("https://x.example/jobs").toString()).toBe("https://x.example/jobs");
  });
});
