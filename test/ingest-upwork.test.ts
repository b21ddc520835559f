// The upwork source against the fake official API on 127.0.0.1: pages, pagination and dedupe,
// OAuth refresh and rotation, 401 → refresh → retry, 429 + Retry-After, 500s, timeouts, garbage,
// malformed items, the detail refresh and the request budget. Each test gets a fresh fake namespace.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import search from "../src/ingest/fixtures/upwork-graphql-search.json";
import { type RunOptions, runIngestion } from "../src/ingest/run";
import { demoNode } from "../src/ingest/sources/demo";
import type { Job } from "../src/jobs/model";
import { type IngestSettings, settingsFrom } from "../src/settings";
import { requestBudget } from "../src/upstream/budget-object";

const FAKE = env.FAKE_BASE_URL;
let ns = "";
let testNo = 0;

const fake = async <T = unknown>(op: string, body?: unknown) => {
  const res = await fetch(`${FAKE}/upwork/${ns}/${op}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  return res.json<T>();
};
const script = (target: "graphql" | "token", responses: unknown[]) => fake("__script", { target, responses });
/** A request the fake received: a GraphQL request (op graphql) or the token request's form fields (op token). */
interface Received {
  op: string;
  authorization?: string;
  body: {
    query?: string;
    variables?: {
      id?: string;
      filter?: { searchExpression_eq?: string; pagination_eq?: { first: number; after?: string } };
      sort?: { field: string }[];
    };
    grant_type?: string;
    refresh_token?: string;
    client_id?: string;
    client_secret?: string;
  };
}
const log = () => fake<Received[]>("__log");

/** n search nodes, newest first. */
const nodes = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => demoNode(from + i, Date.UTC(2026, 10, 20) - (from + i) * 60_000));

function settings(extra: Partial<IngestSettings["upwork"]> = {}, rest: Partial<IngestSettings> = {}): Partial<IngestSettings> {
  const base = settingsFrom(env).ingest;
  return {
    source: "upwork",
    detailsPerRun: 0,
    upwork: {
      ...base.upwork,
      graphqlUrl: `${FAKE}/upwork/${ns}/graphql`,
      tokenUrl: `${FAKE}/upwork/${ns}/token`,
      maxRequestsPerMinute: 600_000,
      ...extra,
    },
    // Generous timeout: a loaded CI machine must not turn a slow answer into an extra retry.
    http: { ...base.http, retryBaseMs: 10, timeoutMs: 3000, maxRetryWaitMs: 60_000 },
    ...rest,
  };
}

let sleeps: number[] = [];
let announced: Job[][] = [];
const run = (s: Partial<IngestSettings> = settings(), more: RunOptions = {}) =>
  runIngestion(env, {
    trigger: "admin",
    settings: s,
    now: new Date(Date.UTC(2026, 10, 20, 12)),
    sleep: async (ms) => void (ms > 1 && sleeps.push(ms)),
    announce: async (_env, jobs) => void announced.push(jobs),
    ...more,
  });

const tokenRow = () =>
  env.DB.prepare("SELECT access_token, refresh_token, expires_at FROM upwork_tokens").first<{
    access_token: string | null;
    refresh_token: string;
    expires_at: number;
  }>();
const jobCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM jobs").first<{ n: number }>())!.n;

beforeEach(async () => {
  ns = `t${++testNo}`;
  sleeps = [];
  announced = [];
  await env.DB.batch([env.DB.prepare("DELETE FROM jobs"), env.DB.prepare("DELETE FROM upwork_tokens")]);
  await fake("__reset", { nodes: nodes(120) });
});

describe("search pages", () => {
  it("walks pages with pagination_eq, de-duplicates across pages and searches, announces new jobs once", async () => {
    const r = await run(settings({ searches: [{}, { searchExpression_eq: "react" }], pageSize: 50, maxPages: 3 }));
    expect(r).toMatchObject({ source: "upwork", status: "ok", new: 120, updated: 0, skipped: 0, error: null });
    const react = nodes(120).filter((n) => String(n.title).toLowerCase().includes("react")).length;
    expect(react).toBeGreaterThan(0);
    expect(r.fetched).toBe(120 + react);
    expect(await jobCount()).toBe(120);
    expect(announced).toHaveLength(1);
    expect(announced[0]!.map((j) => j.id).sort()).toEqual(
      nodes(120)
        .map((n) => n.id)
        .sort(),
    );

    const calls = (await log()).filter((c) => c.op === "graphql");
    expect(calls[0]!.body.variables).toMatchObject({ filter: { pagination_eq: { first: 50, after: "0" } }, sort: [{ field: "RECENCY" }] });
    expect(calls.slice(0, 3).map((c) => c.body.variables!.filter!.pagination_eq!.after)).toEqual(["0", "50", "100"]);
    expect(calls[3]!.body.variables!.filter).toMatchObject({ searchExpression_eq: "react" });
    expect(r.requests).toBe(calls.length); // the run's own requests: the token refresh is the keeper's (it counts in the shared budget)
  });

  it("a later run stops at the first page with nothing new and stores only the new jobs", async () => {
    await run(settings({ pageSize: 50, maxPages: 3 }));
    await fake("__reset", { nodes: [...nodes(4, 500), ...nodes(120)], refreshToken: "rt-1" });
    await env.DB.prepare("UPDATE upwork_tokens SET expires_at = 0").run(); // the reset fake forgot the live tokens
    const r = await run(settings({ pageSize: 50, maxPages: 3 }));
    expect(r).toMatchObject({ status: "ok", new: 4, fetched: 100 });
    expect(announced[1]!.map((j) => j.id)).toEqual(nodes(4, 500).map((n) => n.id));
  });

  it("tolerates a failing pagination_eq: one plain page instead", async () => {
    await fake("__reset", { nodes: nodes(30), paginationFails: true });
    const r = await run(settings({ pageSize: 50 }));
    expect(r).toMatchObject({ status: "ok", new: 10 });
    const calls = (await log()).filter((c) => c.op === "graphql");
    expect(calls.at(-1)!.body.variables!.filter!.pagination_eq).toBeUndefined();
  });

  it("partial data: a null in a non-null field costs that node only, counted with Upwork's error; the good nodes are stored", async () => {
    const good = search.data.marketplaceJobPostingsSearch.edges.map((e) => e.node);
    const id = (n: number) => `20900000000000009${String(n).padStart(2, "0")}`;
    const bad = [
      { ...good[0], id: null }, // ID! → Upwork nulls the edge and says why
      { ...good[1], id: id(1), title: "" }, // valid for Upwork, useless for us
      { ...good[2], id: id(2), publishedDateTime: "tomorrow", createdDateTime: "later" },
      { ...good[3], id: id(3), experienceLevel: "NOVICE" }, // a nullable field nulled: the node stays
      { ...good[4], id: id(4), client: { ...good[4]!.client, totalSpent: { rawValue: null, currency: "USD", displayValue: "" } } },
    ];
    await fake("__reset", { nodes: [...good, ...bad] });
    const r = await run();
    expect(r).toMatchObject({ status: "ok", new: 8, fetched: 11, skipped: 3, error: null });
    expect(r.skip_reasons).toEqual({
      "graphql error: Cannot return null for non-nullable field MarketplaceJobPostingSearchResult.id.": 1,
      "missing title": 1,
      "missing or invalid publishedDateTime": 1,
    });
    expect(r.searches).toEqual([
      {
        search: "{}",
        pages: 1,
        fetched: 11,
        fallback: null,
        warnings: [
          'graphql error: Enum "FreelancerProfileExperienceLevel" cannot represent value: "NOVICE"',
          "graphql error: Cannot return null for non-nullable field Money.rawValue.",
        ],
        error: null,
      },
    ]);
    const row = await env.DB.prepare("SELECT skip_reasons, searches FROM scrape_runs WHERE id = ?1")
      .bind(r.id)
      .first<{ skip_reasons: string; searches: string }>();
    expect(JSON.parse(row!.skip_reasons)).toEqual(r.skip_reasons);
    expect(JSON.parse(row!.searches)).toEqual(r.searches);
    const kept = await env.DB.prepare("SELECT doc FROM jobs WHERE id = ?1").bind(id(4)).first<{ doc: string }>();
    expect((JSON.parse(kept!.doc) as Job).buyer.total_spent).toBe(0);
  });

  it("job type: hourly when the node says anything hourly, else fixed, even with an open budget (amount 0)", async () => {
    const base = nodes(1)[0]!;
    const money = (v: string) => ({ rawValue: v, currency: "USD", displayValue: v });
    const none = { hourlyBudgetType: null, hourlyBudgetMin: null, hourlyBudgetMax: null };
    const list = [
      { ...base, id: "3000000000000000001", ...none, amount: money("0.0") }, // fixed, open budget
      { ...base, id: "3000000000000000002", ...none, amount: money("750.0") },
      { ...base, id: "3000000000000000003", ...none, hourlyBudgetType: "NOT_PROVIDED", amount: money("0.0") },
      { ...base, id: "3000000000000000004", ...none, hourlyBudgetMin: money("20.0"), amount: money("0.0") },
    ];
    await fake("__reset", { nodes: list });
    await run();
    const types = await env.DB.prepare("SELECT id, job_type FROM jobs ORDER BY id").all<{ id: string; job_type: number }>();
    expect(types.results.map((t) => t.job_type)).toEqual([2, 2, 1, 1]);
    const open = await env.DB.prepare("SELECT doc FROM jobs WHERE id = '3000000000000000001'").first<{ doc: string }>();
    expect(JSON.parse(open!.doc)).toMatchObject({ job_type: 2, budget: { fixed_amount: 0 }, hourly_budget: null });
  });
});

describe("degraded cases end in a run record that says what happened", () => {
  it("GraphQL errors in a 200 on the paginated request: one plain page instead, with Upwork's message recorded", async () => {
    await fake("__reset", { nodes: nodes(30), paginationFails: "errors" });
    const r = await run(settings({ pageSize: 50 }));
    expect(r).toMatchObject({ status: "ok", new: 10, error: null });
    expect(r.searches[0]).toMatchObject({ pages: 1, fetched: 10, fallback: "Upwork search failed: Exception occurred", error: null });
    const calls = (await log()).filter((c) => c.op === "graphql");
    expect(calls.map((c) => c.body.variables!.filter!.pagination_eq)).toEqual([{ first: 50, after: "0" }, undefined]);
  });

  it("a failed page 2 keeps page 1 and goes on with the next search", async () => {
    const page1 = {
      data: {
        marketplaceJobPostingsSearch: {
          totalCount: 120,
          edges: nodes(50).map((node, i) => ({ cursor: `c${i}`, node })),
          pageInfo: { endCursor: "opaque", hasNextPage: true },
        },
      },
    };
    await script("graphql", [
      { body: page1 },
      ...Array.from({ length: 4 }, () => ({ status: 500, body: { errors: [{ message: "Exception occurred" }] } })),
    ]);
    const r = await run(settings({ searches: [{}, { searchExpression_eq: "react" }], pageSize: 50, maxPages: 3 }));
    const react = nodes(120).filter((n) => String(n.title).toLowerCase().includes("react")).length;
    expect(r).toMatchObject({
      status: "partial",
      new:
        50 +
        nodes(120)
          .slice(50)
          .filter((n) => String(n.title).toLowerCase().includes("react")).length,
    });
    expect(r.error).toMatch(/^search \{\}: HTTP 500 .* after 4 attempts/);
    expect(r.searches).toEqual([
      { search: "{}", pages: 1, fetched: 50, fallback: null, warnings: [], error: expect.stringMatching(/HTTP 500/) },
      { search: "react", pages: 1, fetched: react, fallback: null, warnings: [], error: null },
    ]);
    const row = await env.DB.prepare("SELECT status, searches FROM scrape_runs WHERE id = ?1")
      .bind(r.id)
      .first<{ status: string; searches: string }>();
    expect(row!.status).toBe("partial");
    expect(JSON.parse(row!.searches)).toEqual(r.searches);
  });

  it("a missing scope (errors in a 200, no data) fails the search with Upwork's message", async () => {
    await fake("__reset", { nodes: nodes(5), missingScopes: ["Money"] });
    const r = await run();
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(
      /search \{\}: Upwork search failed: The client or authentication token doesn't have enough oauth2 permissions\/scopes to access: \[Money\./,
    );
    expect(r.searches[0]!.fallback).toMatch(/oauth2 permissions/);
  });
});

describe("OAuth tokens", () => {
  it("refreshes with the configured token, persists the rotated pair, and reuses it", async () => {
    await run();
    const tokenCalls = (await log()).filter((c) => c.op === "token");
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.body).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: "rt-0",
      client_id: "test-client",
      client_secret: "test-secret",
    });
    expect(await tokenRow()).toMatchObject({ access_token: "at-1", refresh_token: "rt-1" });

    await run();
    expect((await log()).filter((c) => c.op === "token")).toHaveLength(1);
    expect((await log()).filter((c) => c.op === "graphql").every((c) => c.authorization === "Bearer at-1")).toBe(true);
  });

  it("an expired token is refreshed before use with the newest refresh token", async () => {
    await run();
    await env.DB.prepare("UPDATE upwork_tokens SET expires_at = ?1")
      .bind(Date.now() - 1000)
      .run();
    const r = await run();
    expect(r.status).toBe("ok");
    const tokenCalls = (await log()).filter((c) => c.op === "token");
    expect(tokenCalls.map((c) => c.body.refresh_token)).toEqual(["rt-0", "rt-1"]);
    expect(await tokenRow()).toMatchObject({ access_token: "at-2", refresh_token: "rt-2" });
  });

  it("401 → refresh once → retry succeeds", async () => {
    await run();
    const before = (await log()).length;
    await fake("__expire");
    const r = await run();
    expect(r).toMatchObject({ status: "ok", error: null });
    const calls = (await log()).slice(before);
    expect(calls.map((c) => `${c.op} ${c.authorization ?? c.body.refresh_token}`)).toEqual([
      "graphql Bearer at-1",
      "token rt-1",
      "graphql Bearer at-2",
    ]);
    expect(await tokenRow()).toMatchObject({ access_token: "at-2", refresh_token: "rt-2" });
  });

  it("a second 401 after the refresh fails the run without looping", async () => {
    await run();
    await script("graphql", [
      { status: 401, body: { message: "Authentication failed" } },
      { status: 401, body: { message: "Authentication failed" } },
    ]);
    const r = await run();
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/HTTP 401.*Authentication failed/);
    expect((await log()).filter((c) => c.op === "token")).toHaveLength(2);
  });

  it("a rejected refresh token fails with a message naming the settings", async () => {
    await script("token", [{ status: 400, body: { error: "invalid_grant" } }]);
    const r = await run();
    expect(r).toMatchObject({ status: "failed", new: 0 });
    expect(r.error).toMatch(/invalid_grant.*UPWORK_REFRESH_TOKEN/);
  });

  it("missing credentials fail the run with the names of the missing secrets", async () => {
    const r = await run(settings({ clientSecret: undefined, refreshToken: undefined }));
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/UPWORK_CLIENT_SECRET, UPWORK_REFRESH_TOKEN/);
  });
});

describe("upstream faults", () => {
  it("429 with Retry-After waits that long, then succeeds", async () => {
    await script("graphql", [{ status: 429, headers: { "retry-after": "7" }, body: { message: "Too many requests" } }]);
    const r = await run();
    expect(r).toMatchObject({ status: "ok", new: 120 });
    expect(sleeps).toContain(7000);
  });

  it("a Retry-After longer than the run waits ends the run instead", async () => {
    await script("graphql", [{ status: 429, headers: { "retry-after": "3600" } }]);
    const r = await run();
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/HTTP 429.*3600 s/);
    expect(sleeps).not.toContain(3_600_000);
  });

  it("500s are retried with exponential backoff", async () => {
    await script("graphql", [{ status: 502 }, { status: 503 }]);
    const r = await run();
    expect(r).toMatchObject({ status: "ok", new: 120 });
    expect(sleeps).toEqual([10, 20]);
  });

  it("a page failing after retries ends the run as partial, keeping the pages before it", async () => {
    const page1 = {
      data: {
        marketplaceJobPostingsSearch: {
          edges: nodes(50).map((node, i) => ({ cursor: String(i + 1), node })),
          pageInfo: { endCursor: "50", hasNextPage: true },
        },
      },
    };
    await script("graphql", [
      { body: page1 },
      ...Array.from({ length: 4 }, () => ({ status: 500, body: { errors: [{ message: "Exception occurred" }] } })),
    ]);
    const r = await run(settings({ pageSize: 50, maxPages: 3 }));
    expect(r).toMatchObject({ status: "partial", new: 50 });
    expect(r.error).toMatch(/search \{\}: HTTP 500 .* after 4 attempts/);
    expect(await jobCount()).toBe(50);
    expect(announced[0]).toHaveLength(50);
  });

  it("every attempt failing ends the run as failed", async () => {
    await script(
      "graphql",
      Array.from({ length: 8 }, () => ({ status: 500 })),
    );
    const r = await run();
    expect(r).toMatchObject({ status: "failed", new: 0 });
    expect(r.requests).toBe(8); // 4 paginated attempts + 4 plain ones (the token refresh is the keeper's)
  });

  it("timeouts are retried, then reported", async () => {
    const fast = settings();
    fast.http = { ...fast.http!, timeoutMs: 400 };
    await script("graphql", [{ delayMs: 1500, body: {} }]);
    expect(await run(fast)).toMatchObject({ status: "ok", new: 120 });
    await script(
      "graphql",
      Array.from({ length: 8 }, () => ({ delayMs: 1500, body: {} })),
    );
    const r = await run(fast);
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/timeout after 400 ms/);
  });

  it("garbage JSON and GraphQL errors fail the run with a readable error", async () => {
    await script("graphql", [{ raw: "<html><title>Challenge</title>" }]);
    let r = await run();
    expect(r).toMatchObject({ status: "failed" });
    expect(r.error).toMatch(/not JSON/);
    const scope = { body: { errors: [{ message: "The client or authentication token doesn't have enough oauth2 permissions/scopes" }] } };
    await script("graphql", [scope, scope]); // the paginated request, then the plain one
    r = await run();
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/Upwork search failed: The client or authentication token/);
  });

  it("the per-run request budget stops the walk and keeps what was fetched", async () => {
    const r = await run(settings({ pageSize: 50, maxPages: 3, maxRequestsPerRun: 2 }));
    expect(r).toMatchObject({ status: "partial", new: 100, requests: 2 });
    expect(r.error).toMatch(/request budget of 2 reached/);
  });

  it("the daily budget, shared with every caller, ends a run once today's requests are spent", async () => {
    // Allow exactly one more upwork request today: the token refresh takes it, the search finds the day spent.
    const used = (await requestBudget(env).usage("upwork")).today;
    const r = await run(settings({ maxRequestsPerDay: used + 1 }));
    expect(r.requests).toBe(0);
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/the daily request budget is spent until \d{4}-\d{2}-\d{2}T00:00:00/);
    expect((await log()).map((c) => c.op)).toEqual(["token"]);
    expect((await requestBudget(env).usage("upwork")).today).toBe(used + 1);
  });
});

describe("detail refresh", () => {
  const activity = (over: Record<string, unknown> = {}) => ({
    lastClientActivity: null,
    invitesSent: 0,
    totalInvitedToInterview: 0,
    totalHired: 0,
    totalUnansweredInvites: 0,
    totalOffered: 0,
    totalRecommended: null,
    ...over,
  });
  const posting = (id: string, status: string, over: Record<string, unknown> = {}) => ({
    id,
    workFlowState: { status, closeResult: null },
    activityStat: { jobActivity: activity() },
    ...over,
  });
  const docOf = async (id: string) =>
    JSON.parse((await env.DB.prepare("SELECT doc FROM jobs WHERE id = ?1").bind(id).first<{ doc: string }>())!.doc) as Job;

  /** Stores `list`, then makes the given ids the refresh candidates and resets the fake with `details`. */
  async function storedThenDetails(list: Record<string, unknown>[], ids: string[], details: Record<string, unknown>) {
    await fake("__reset", { nodes: list });
    await run();
    const marks = ids.map(() => "?").join(", ");
    await env.DB.prepare(`UPDATE jobs SET last_seen = '2026-11-01T00:00:00Z' WHERE id IN (${marks})`)
      .bind(...ids)
      .run();
    await env.DB.prepare("UPDATE upwork_tokens SET expires_at = 0").run();
    await fake("__reset", { nodes: [], refreshToken: "rt-1", details });
  }

  it("closes jobs upstream closed, marks private ones, refreshes client activity from activityStat; the query is valid for the schema", async () => {
    const list = nodes(6);
    const [e, a, b, c, d] = list.map((n) => String(n.id)).slice(-5) as [string, string, string, string, string];
    await storedThenDetails(list, [a, b, c, d, e], {
      [a]: {
        data: posting(a, "CLOSED", {
          workFlowState: { status: "CLOSED", closeResult: "0" },
          activityStat: { jobActivity: activity({ totalHired: 1 }) },
        }),
      },
      [b]: { data: posting(b, "ACTIVE", { contractTerms: { contractType: "FIXED_PRICE" } }) },
      [c]: {
        data: posting(c, "ACTIVE", {
          activityStat: {
            jobActivity: activity({
              invitesSent: 5,
              totalInvitedToInterview: 3,
              totalUnansweredInvites: 2,
              totalHired: 1,
              lastClientActivity: "2026-11-20T11:00:00+0000",
            }),
          },
        }),
      },
      [d]: { data: null, errors: [{ message: "Job posting is not accessible", extensions: { classification: "ExecutionAborted" } }] },
      [e]: { data: null, errors: [{ message: "Exception occurred" }] },
    });
    const r = await run(settings({}, { detailsPerRun: 5 }));
    expect(r).toMatchObject({
      status: "ok",
      new: 0,
      refreshed: 5,
      closed: 1,
      skipped: 1,
      skip_reasons: { "detail error: Exception occurred": 1 },
    });
    // The job that could not be checked is unchanged but moves to the back of the rotation.
    const seen = await env.DB.prepare("SELECT status, last_seen FROM jobs WHERE id = ?1")
      .bind(e)
      .first<{ status: number; last_seen: string }>();
    expect(seen!.status).toBe(1);
    expect(seen!.last_seen > "2026-11-01T00:00:00Z").toBe(true);
    expect(await docOf(a)).toMatchObject({ status: 2, client_activity: { total_hired: 1 } });
    expect(await docOf(b)).toMatchObject({ status: 1, job_type: 2, hourly_budget: null });
    expect(await docOf(c)).toMatchObject({
      status: 1,
      client_activity: {
        invitations_sent: 5,
        total_invited_to_interview: 3,
        unanswered_invites: 2,
        total_hired: 1,
        last_buyer_activity: "2026-11-20T11:00:00Z",
      },
      last_visited_at: "2026-11-20T11:00:00Z",
    });
    expect(await docOf(d)).toMatchObject({ status: 1, is_private: true });
    const calls = (await log()).filter((x) => x.op === "graphql" && String(x.body.query).includes("marketplaceJobPosting("));
    expect(calls.map((x) => x.body.variables!.id).sort()).toEqual([a, b, c, d, e].sort());
    expect(String(calls[0]!.body.query)).toContain("activityStat { jobActivity { lastClientActivity invitesSent");
  });

  it("not found closes a job only after two checks in a row; an unknown workFlowState is noted and changes nothing", async () => {
    const list = nodes(3);
    const [x, y, z] = list.map((n) => String(n.id)) as [string, string, string];
    await storedThenDetails(list, [x, y, z], { [y]: { data: posting(y, "ON_HOLD") }, [z]: { data: posting(z, "ACTIVE") } });
    const first = await run(settings({}, { detailsPerRun: 3 }));
    expect(first).toMatchObject({ status: "ok", refreshed: 3, closed: 0, skip_reasons: { "unknown workFlowState ON_HOLD": 1 } });
    expect(await docOf(x)).toMatchObject({ status: 1 });
    expect(await docOf(y)).toMatchObject({ status: 1 });

    // A job found again in between starts over: z answered, x still missing.
    await env.DB.prepare("UPDATE jobs SET last_seen = '2026-11-01T00:00:00Z'").run();
    const second = await run(settings({}, { detailsPerRun: 3 }));
    expect(second).toMatchObject({ status: "ok", closed: 1 });
    expect(await docOf(x)).toMatchObject({ status: 2 });
    expect(await docOf(y)).toMatchObject({ status: 1 });
    expect(await docOf(z)).toMatchObject({ status: 1 });
  });
});
