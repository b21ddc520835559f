import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type Freelancer, FreelancerSchema } from "../src/freelancers/model";
import { refreshFreelancers } from "../src/freelancers/refresh";
import { DemoFreelancerSource } from "../src/freelancers/sources/demo";
import { RelayFreelancerSource } from "../src/freelancers/sources/relay";
import { UpworkFreelancerSource } from "../src/freelancers/sources/upwork";
import type { FreelancerPaging } from "../src/routes/freelancers/schema";
import { settingsFrom } from "../src/settings";
import { requestBudget } from "../src/upstream/budget-object";
import { UpworkGraphql, type UpworkTokens } from "../src/upwork/graphql";
import { call, createKey, type Envelope } from "./support/api";

const FAKE = env.FAKE_BASE_URL;
const withVars = (vars: Record<string, string>) => ({ ...env, ...vars }) as Env;

async function setMode(mode: "ok" | "http500") {
  await fetch(`${FAKE}/freelancers/__mode`, { method: "POST", body: JSON.stringify({ mode }) });
}
/** What the fake was asked; `body` is the GraphQL request when the official API was called. */
interface FakeRequest {
  method: string;
  path: string;
  apiKey?: string;
  authorization?: string;
  body?: { query: string; variables: { searchFilter?: Record<string, unknown>; pagination: { first: number; after?: string } } };
}
async function fakeRequests(): Promise<FakeRequest[]> {
  return (await fetch(`${FAKE}/freelancers/__requests`)).json();
}

describe("demo source", () => {
  it("first refresh on an empty database stores a few hundred varied profiles; filters all bite", async () => {
    const result = await refreshFreelancers(env);
    expect(result.source).toBe("demo");
    expect(result.searches.every((s) => s.error === null)).toBe(true);
    const stored = (await env.DB.prepare("SELECT count(*) AS n FROM freelancers").first<{ n: number }>())!.n;
    expect((await env.DB.prepare("SELECT count(*) AS n FROM freelancer_docs").first<{ n: number }>())!.n).toBe(stored);
    expect(stored).toBeGreaterThanOrEqual(200);
    expect(stored).toBeLessThanOrEqual(600);
    expect(result.searches.reduce((a, s) => a + s.new, 0)).toBe(stored); // de-duplicated across overlapping searches

    const key = await createKey("enterprise");
    const total = async (qs: string) => {
      const { status, body } = await call<Envelope<Freelancer, FreelancerPaging>>(`/freelancers?${qs}`, { key });
      expect(status, JSON.stringify(body)).toBe(200);
      for (const f of body.data) FreelancerSchema.strict().parse(f);
      return body.total_results;
    };
    const all = await total("");
    expect(all).toBe(stored);
    for (const qs of [
      "query=react",
      "query=designer",
      "country=Ukraine",
      "country=us",
      "hourly_rate_min=50",
      "hourly_rate_max=20",
      "skills=python",
      "skills=react,typescript&skills_match=all",
      "min_job_success=90",
      "top_rated=true",
      "top_rated=false",
    ]) {
      const n = await total(qs);
      expect(n, qs).toBeGreaterThan(0);
      expect(n, qs).toBeLessThan(all);
    }
    // Both upstream shapes made it through the normalizer: JSS only exists in the website shape,
    // hidden earnings and Top Rated Plus appear.
    expect(await total("sort=job_success&min_job_success=0")).toBeLessThan(all);
    const { body } = await call<Envelope<Freelancer>>("/freelancers?per_page=50&sort=earnings&order=asc", { key });
    expect(body.data.some((f) => f.hide_earnings)).toBe(false); // hidden earnings sort last
    const rows = await env.DB.prepare("SELECT doc FROM freelancer_docs").all<{ doc: string }>();
    const docs = rows.results.map((r) => JSON.parse(r.doc) as Freelancer);
    expect(docs.some((d) => d.hide_earnings && d.total_earnings === null)).toBe(true);
    expect(docs.some((d) => d.hide_jss && d.job_success_score === null)).toBe(true);
    expect(docs.some((d) => d.top_rated_plus === "top_rated_plus")).toBe(true);
    expect(docs.every((d) => !d.hide_earnings || d.total_earnings === null)).toBe(true);
    expect(docs.every((d) => !d.hide_jss || d.job_success_score === null)).toBe(true);
  });

  it("the next cron run skips searches refreshed within FREELANCER_REFRESH_MINUTES; a forced run changes nothing", async () => {
    const again = await refreshFreelancers(env);
    expect(again.searches).toEqual([]);
    expect(again.skipped_fresh).toBe(settingsFrom(env).freelancers.searches.length);
    const forced = await refreshFreelancers(env, { force: true });
    expect(forced.searches.reduce((a, s) => a + s.new + s.updated, 0)).toBe(0);
    const later = await refreshFreelancers(env, { now: new Date(Date.now() + 7 * 3600_000) });
    expect(later.searches.length).toBe(settingsFrom(env).freelancers.searches.length);
  });

  it("pages through results deterministically", async () => {
    const demo = new DemoFreelancerSource();
    const p1 = await demo.search({ query: "developer", page: 1, perPage: 50 });
    const p2 = await demo.search({ query: "developer", page: 2, perPage: 50 });
    expect(p1.items).toHaveLength(50);
    expect(p1.hasMore).toBe(true);
    const ids = [...p1.items, ...p2.items].map((f) => f.ciphertext);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await demo.search({ query: "developer", page: 1, perPage: 50 })).items).toEqual(p1.items);
  });
});

describe("relay source (seed 004's API)", () => {
  it("pages through a seed 004 API with its key and normalizes loose values", async () => {
    await setMode("ok");
    const source = new RelayFreelancerSource(`${FAKE}/freelancers/relay`, "relay-key");
    const first = await source.search({ query: "react developer", page: 1, perPage: 50 });
    expect(first.total).toBe(60); // "react" or "developer": roles 0 and 1
    expect(first.hasMore).toBe(true);
    const loose = first.items.find((f) => f.name === "Relay 0")!;
    expect(loose).toMatchObject({
      hourly_rate: "20.0",
      job_success_score: 0.95,
      country: "India",
      total_earnings: null,
      hide_earnings: true,
    });
    const reqs = await fakeRequests();
    expect(reqs[0]!.path).toBe("/relay/search_freelancers?page=1&query=react+developer&per_page=50");
    expect(reqs[0]!.apiKey).toBe("relay-key");
  });

  it("refreshFreelancers with FREELANCER_SOURCE=relay stores FREELANCER_RESULTS_PER_SEARCH profiles per search", async () => {
    await setMode("ok");
    const vars = withVars({
      FREELANCER_SOURCE: "relay",
      FREELANCER_RELAY_URL: `${FAKE}/freelancers/relay/`,
      FREELANCER_RELAY_API_KEY: "relay-key",
      FREELANCER_SEARCHES: '["python developer", "writer"]',
      FREELANCER_RESULTS_PER_SEARCH: "55",
    });
    const result = await refreshFreelancers(vars);
    expect(result.searches.map((s) => [s.query, s.fetched, s.error])).toEqual([
      ["python developer", 55, null], // 60 match; stops at the setting, across two pages
      ["writer", 30, null],
    ]);
    const n = (await env.DB.prepare("SELECT count(*) AS n FROM freelancer_docs WHERE name LIKE 'Relay %'").first<{ n: number }>())!.n;
    expect(n).toBe(85);
  });

  it("records an upstream failure per search without throwing, and retries it on the next run", async () => {
    await setMode("http500");
    const vars = withVars({
      FREELANCER_SOURCE: "relay",
      FREELANCER_RELAY_URL: `${FAKE}/freelancers/relay`,
      FREELANCER_RELAY_API_KEY: "relay-key",
      FREELANCER_SEARCHES: "designer",
    });
    const failed = await refreshFreelancers(vars);
    expect(failed.searches[0]!.error).toMatch(/HTTP 500/);
    const row = await env.DB.prepare(
      "SELECT error, refreshed_at FROM freelancer_searches WHERE source = 'relay' AND query = 'designer'",
    ).first<{ error: string; refreshed_at: string }>();
    expect(row!.error).toMatch(/HTTP 500/);
    await setMode("ok");
    const retried = await refreshFreelancers(vars);
    expect(retried.searches[0]).toMatchObject({ query: "designer", fetched: 30, error: null });
  });

  it("a wrong relay key is a clear error", async () => {
    await setMode("ok");
    const source = new RelayFreelancerSource(`${FAKE}/freelancers/relay`, "wrong");
    await expect(source.search({ query: "x", page: 1, perPage: 10 })).rejects.toThrow(/HTTP 401/);
  });
});

// Upwork's freelancerProfileSearchRecords on the fake Upwork (test/fakes/upwork.ts), which executes
// queries against the schema fixture: userType is required, `after` must be an offset.
const PROFILES = Array.from({ length: 7 }, (_, i) => ({
  id: String(1_950_000_000_000_000_000n + BigInt(i)),
  ciphertext: `~01c0ffee${i.toString(16).padStart(2, "0")}00000000`,
  shortName: `Official ${i}.`,
  title: i % 2 ? "Rust engineer" : "Go engineer",
  description: "Backend services.",
  portrait: null,
  totalHourlyJobs: i,
  totalFixedPriceJobs: 1,
  skills: [{ preferredLabel: i % 2 ? "Rust" : "Go" }],
  hourlyRate: { rawValue: `${50 + i}.00`, currency: "USD", displayValue: `${50 + i}.00` },
  topRatedStatus: i === 0 ? "TOP_RATED_PLUS" : null,
  hideEarnings: false,
  location: { country: "DE", city: "Berlin", state: null },
}));
let upworkNo = 0;
/** A fresh fake Upwork namespace with PROFILES (and `extra` reset options); returns its URLs and helpers. */
async function upworkFake(extra: Record<string, unknown> = {}) {
  const base = `${FAKE}/upwork/freelancers-${++upworkNo}`;
  await fetch(`${base}/__reset`, { method: "POST", body: JSON.stringify({ profiles: PROFILES, ...extra }) });
  const log = async () =>
    (await (await fetch(`${base}/__log`)).json()) as {
      op: string;
      authorization?: string;
      body: { query?: string; variables?: Record<string, unknown>; refresh_token?: string };
    }[];
  /** An access token the fake accepts (issued by its token endpoint). */
  const liveToken = async () => {
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: "rt-0",
      client_id: "test-client",
      client_secret: "test-secret",
    });
    return ((await (await fetch(`${base}/token`, { method: "POST", body: form })).json()) as { access_token: string }).access_token;
  };
  return { graphql: `${base}/graphql`, token: `${base}/token`, log, liveToken };
}

describe("upwork source (official GraphQL)", () => {
  const upworkSource = (graphql: string, tokens: UpworkTokens, userType = "Freelancer") =>
    new UpworkFreelancerSource(new UpworkGraphql(graphql, tokens), { get: async () => userType, forget: async () => {} });

  it("pages by offset with the bearer token and the required userType, and normalizes the official shape", async () => {
    const fake = await upworkFake();
    const token = await fake.liveToken();
    const source = upworkSource(fake.graphql, { accessToken: async () => token });
    const first = await source.search({ query: "engineer", page: 1, perPage: 5 });
    expect(first.items).toHaveLength(5);
    expect(first).toMatchObject({ total: 7, hasMore: true });
    expect(first.items[0]).toMatchObject({ country: "Germany", hourly_rate: "50.0", top_rated_plus: "top_rated_plus", skills: ["Go"] });
    const second = await source.search({ query: "engineer", page: 2, perPage: 5 });
    expect(second.items).toHaveLength(2);
    expect(second.hasMore).toBe(false);
    const calls = (await fake.log()).filter((c) => c.op === "graphql");
    expect(calls[0]!.authorization).toBe(`Bearer ${token}`);
    expect(calls[0]!.body.variables).toEqual({
      searchFilter: { keyword: "engineer", userType: "Freelancer" },
      pagination: { first: 5, after: "0" },
    });
    expect(calls[1]!.body.variables!.pagination).toEqual({ first: 5, after: "5" });
    expect(calls[0]!.body.query).toContain("freelancerProfileSearchRecords");
  });

  it("a userType the schema does not have is Upwork's validation error, not an empty result", async () => {
    const fake = await upworkFake();
    const token = await fake.liveToken();
    await expect(
      upworkSource(fake.graphql, { accessToken: async () => token }, "FREELANCER").search({ query: "go", page: 1, perPage: 5 }),
    ).rejects.toThrow(/Upwork GraphQL error: Variable "\$searchFilter" got invalid value "FREELANCER" at "searchFilter.userType"/);
  });

  it("turns a 200 with GraphQL errors (missing scope) and a 401 into errors", async () => {
    const fake = await upworkFake({ missingScopes: ["Money"] });
    const token = await fake.liveToken();
    await expect(
      upworkSource(fake.graphql, { accessToken: async () => token }).search({ query: "x", page: 1, perPage: 5 }),
    ).rejects.toThrow(/oauth2 permissions\/scopes to access: \[Money.rawValue, Money.currency\]/);
    await expect(
      upworkSource(fake.graphql, { accessToken: async () => "expired" }).search({ query: "x", page: 1, perPage: 5 }),
    ).rejects.toThrow(/HTTP 401/);
  });

  it("after a 401 asks the token store for a fresh token once and retries", async () => {
    const fake = await upworkFake();
    const token = await fake.liveToken();
    const rejected: string[] = [];
    const tokens = {
      accessToken: async () => "expired",
      refreshAfter401: async (t: string) => {
        rejected.push(t);
        return token;
      },
    };
    const page = await upworkSource(fake.graphql, tokens).search({ query: "go", page: 1, perPage: 3 });
    expect(page.items).toHaveLength(3);
    expect(rejected).toEqual(["expired"]);
    expect((await fake.log()).filter((c) => c.op === "graphql").map((r) => r.authorization)).toEqual(["Bearer expired", `Bearer ${token}`]);
  });
});

describe("upwork source through refreshFreelancers", () => {
  // Each test's fake starts a new token chain (rt-0): forget the stored one.
  beforeEach(async () => {
    await env.DB.prepare("DELETE FROM upwork_tokens").run();
  });
  const upworkVars = (fake: Awaited<ReturnType<typeof upworkFake>>, more: Record<string, string> = {}) =>
    withVars({
      FREELANCER_SOURCE: "upwork",
      FREELANCER_SEARCHES: "rust",
      FREELANCER_RESULTS_PER_SEARCH: "7",
      UPWORK_CLIENT_ID: "test-client",
      UPWORK_CLIENT_SECRET: "test-secret",
      UPWORK_REFRESH_TOKEN: "rt-0",
      UPWORK_TOKEN_URL: fake.token,
      UPWORK_GRAPHQL_URL: fake.graphql,
      UPWORK_MAX_REQUESTS_PER_MINUTE: "600000",
      ...more,
    });

  it("looks the userType up once, uses the ingestion's token keeper and spends the shared request budget", async () => {
    const fake = await upworkFake();
    await env.DB.prepare("DELETE FROM ingest_state WHERE key = 'upwork:freelancer-user-type'").run();
    const before = (await requestBudget(env).usage("upwork")).today;
    const vars = upworkVars(fake);
    const now = new Date("2031-02-03T04:05:06Z");
    const r = await refreshFreelancers(vars, { now });
    expect(r.searches).toEqual([{ query: "rust", fetched: 3, new: 3, updated: 0, error: null }]);
    const calls = await fake.log();
    // One token refresh, the one-type introspection of the userType enum, one page.
    expect(calls.map((c) => c.op)).toEqual(["token", "graphql", "graphql"]);
    expect(calls[1]!.body.query).toContain('__type(name: "FreelancerProfileSearchUserTypeEnum")');
    expect(calls[2]!.body.variables).toMatchObject({ searchFilter: { keyword: "rust", userType: "Freelancer" } });
    expect(await env.DB.prepare("SELECT value FROM ingest_state WHERE key = 'upwork:freelancer-user-type'").first("value")).toBe(
      "Freelancer",
    );
    expect((await requestBudget(env).usage("upwork")).today).toBe(before + 3);

    // The next refresh reuses the stored spelling: no introspection.
    await refreshFreelancers(vars, { now: new Date("2031-02-04T04:05:06Z") });
    expect((await fake.log()).slice(3).map((c) => c.op)).toEqual(["graphql"]);
  });

  it("UPWORK_FREELANCER_USER_TYPE overrides the lookup; a wrong one is the search's error", async () => {
    const fake = await upworkFake();
    const r = await refreshFreelancers(upworkVars(fake, { UPWORK_FREELANCER_USER_TYPE: "FREELANCER" }), {
      now: new Date("2031-03-01T00:00:00Z"),
    });
    expect(r.searches[0]!.error).toMatch(/got invalid value "FREELANCER"/);
    expect((await fake.log()).filter((c) => String(c.body.query ?? "").includes("__type"))).toEqual([]);
  });
});

describe("refreshFreelancers never throws into the cron", () => {
  it("reports invalid settings instead of throwing", async () => {
    const r = await refreshFreelancers(withVars({ FREELANCER_SOURCE: "relay", FREELANCER_RELAY_URL: "" }));
    expect(r).toMatchObject({ source: "invalid", searches: [], error: expect.stringMatching(/FREELANCER_RELAY_URL/) });
    expect((await refreshFreelancers(withVars({ FREELANCER_SEARCHES: "[oops" }))).error).toMatch(/not valid JSON/);
  });

  it("FREELANCER_SOURCE=off does nothing", async () => {
    expect(await refreshFreelancers(withVars({ FREELANCER_SOURCE: "off" }))).toEqual({ source: "off", searches: [], skipped_fresh: 0 });
  });

  it("upwork without OAuth secrets says which ones are missing", async () => {
    const noSecrets = { UPWORK_CLIENT_ID: "", UPWORK_CLIENT_SECRET: "", UPWORK_REFRESH_TOKEN: "" };
    const r = await refreshFreelancers(withVars({ FREELANCER_SOURCE: "upwork", FREELANCER_SEARCHES: "golang", ...noSecrets }));
    expect(r).toMatchObject({
      source: "invalid",
      searches: [],
      error: expect.stringMatching(/UPWORK_CLIENT_ID, UPWORK_CLIENT_SECRET, UPWORK_REFRESH_TOKEN/),
    });
  });
});
