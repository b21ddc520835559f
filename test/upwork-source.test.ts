// The upwork sources end to end against the fake Upwork (test/fakes/upwork.ts), which executes every
// query against the schema fixture (test/fakes/upwork-schema.ts): SOURCE=upwork and
// FREELANCER_SOURCE=upwork through the cron, and the operator's self-check (POST /admin/upwork/check)
// on the fixture and on drifted copies of it.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Freelancer } from "../src/freelancers/model";
import { runScheduled } from "../src/ingest/cron";
import { demoNode } from "../src/ingest/sources/demo";
import type { ScrapeRun } from "../src/ingest/types";
import type { JobView } from "../src/jobs/model";
import type { CheckRow } from "../src/upwork/check-report";
import { checkTable } from "../src/upwork/check-report";
import { admin, call, createKey, type Envelope } from "./support/api";

const FAKE = env.FAKE_BASE_URL;
let ns = "";
let n = 0;
const fake = async <T = unknown>(op: string, body?: unknown) =>
  (await fetch(`${FAKE}/upwork/${ns}/${op}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) })).json<T>();
const log = () => fake<{ op: string; body: { query?: string; variables?: Record<string, unknown> } }[]>("__log");

const nodes = (count: number) => Array.from({ length: count }, (_, i) => demoNode(7000 + i, Date.UTC(2026, 10, 28) - i * 60_000));
const profiles = Array.from({ length: 12 }, (_, i) => ({
  id: String(1_960_000_000_000_000_000n + BigInt(i)),
  ciphertext: `~01beef${i.toString(16).padStart(2, "0")}0000000000`,
  shortName: `Dev ${i}.`,
  title: i % 3 ? "Rust engineer" : "Designer",
  description: "Profiles from the fake Upwork.",
  portrait: null,
  totalHourlyJobs: i,
  totalFixedPriceJobs: 2,
  skills: [{ preferredLabel: "Rust" }],
  hourlyRate: { rawValue: `${40 + i}.0`, currency: "USD", displayValue: `${40 + i}.0` },
  topRatedStatus: null,
  hideEarnings: false,
  location: { country: "PL", city: "Warsaw", state: null },
}));

/** The deployment's env pointed at this test's fake Upwork, for jobs and freelancers. */
const upworkEnv = (more: Record<string, string> = {}) =>
  ({
    ...env,
    SOURCE: "upwork",
    FREELANCER_SOURCE: "upwork",
    FREELANCER_SEARCHES: "engineer",
    FREELANCER_RESULTS_PER_SEARCH: "20",
    UPWORK_GRAPHQL_URL: `${FAKE}/upwork/${ns}/graphql`,
    UPWORK_TOKEN_URL: `${FAKE}/upwork/${ns}/token`,
    UPWORK_PAGE_SIZE: "20",
    UPWORK_MAX_PAGES: "5",
    UPWORK_MAX_REQUESTS_PER_MINUTE: "600000",
    DETAILS_PER_RUN: "0",
    ...more,
  }) as Env;

beforeEach(async () => {
  ns = `e2e-${++n}`;
  // Each fake namespace starts its own token chain (rt-0) and its own enum spelling.
  await env.DB.batch([
    env.DB.prepare("DELETE FROM jobs"),
    env.DB.prepare("DELETE FROM upwork_tokens"),
    env.DB.prepare("DELETE FROM ingest_state WHERE key = 'upwork:freelancer-user-type'"),
  ]);
});

describe("SOURCE=upwork and FREELANCER_SOURCE=upwork through the cron", () => {
  it("stores jobs paged by offset and freelancers found with the looked-up userType", async () => {
    await fake("__reset", { nodes: nodes(55), profiles });
    const e = upworkEnv();
    const run = (await runScheduled(e, "admin"))!;
    expect(run).toMatchObject({ source: "upwork", status: "ok", new: 55, fetched: 55, error: null });
    expect(run.searches).toEqual([{ search: "{}", pages: 3, fetched: 55, fallback: null, warnings: [], error: null }]);
    const searches = (await log()).filter((c) => String(c.body.query).includes("marketplaceJobPostingsSearch"));
    expect(searches.map((c) => (c.body.variables!.filter as { pagination_eq: unknown }).pagination_eq)).toEqual([
      { first: 20, after: "0" },
      { first: 20, after: "20" },
      { first: 20, after: "40" },
    ]);

    const key = await createKey("enterprise", "upwork-e2e");
    const jobs = await call<Envelope<JobView>>("/jobs?limit=100&status=any", { key, env: e });
    expect(jobs.body.count).toBe(55);
    const freelancers = await call<Envelope<Freelancer>>("/freelancers?query=engineer&per_page=50", { key, env: e });
    expect(freelancers.status).toBe(200);
    expect(freelancers.body.data.map((f) => f.title)).toEqual(Array(8).fill("Rust engineer"));
    const asked = (await log()).filter((c) => String(c.body.query).includes("freelancerProfileSearchRecords"));
    expect(asked[0]!.body.variables).toEqual({
      searchFilter: { keyword: "engineer", userType: "Freelancer" },
      pagination: { first: 20, after: "0" },
    });
  });

  it("the detail refresh brings client activity in; a job missing twice is closed", async () => {
    const list = nodes(3);
    await fake("__reset", { nodes: list });
    await runScheduled(upworkEnv(), "admin");
    const e = upworkEnv({ DETAILS_PER_RUN: "3" });
    const [a, b] = list.map((x) => String(x.id));
    const jobActivity = {
      lastClientActivity: "2026-11-28T09:30:00+0000",
      invitesSent: 4,
      totalInvitedToInterview: 2,
      totalHired: 0,
      totalUnansweredInvites: 1,
      totalOffered: 0,
      totalRecommended: null,
    };
    await env.DB.prepare("UPDATE upwork_tokens SET expires_at = 0").run();
    // Upwork no longer lists them; only a still answers the detail query.
    await fake("__reset", {
      nodes: [],
      refreshToken: "rt-1",
      details: { [a!]: { data: { id: a, workFlowState: { status: "ACTIVE", closeResult: null }, activityStat: { jobActivity } } } },
    });
    const runs: ScrapeRun[] = [];
    for (let i = 0; i < 2; i++) {
      await env.DB.prepare("UPDATE jobs SET last_seen = '2026-11-01T00:00:00Z'").run();
      runs.push((await runScheduled(e, "admin"))!);
    }
    expect(
      runs.map((r) => r.closed),
      JSON.stringify(runs),
    ).toEqual([0, 2]); // b and c: not found twice
    const key = await createKey("enterprise", "upwork-e2e-detail");
    const job = await call<Envelope<JobView>>(`/jobs/${a}`, { key, env: e });
    expect(job.body.data[0]).toMatchObject({
      status: 1,
      client_activity: {
        invitations_sent: 4,
        total_invited_to_interview: 2,
        unanswered_invites: 1,
        last_buyer_activity: "2026-11-28T09:30:00Z",
      },
    });
    const closed = await call<Envelope<JobView>>(`/jobs/${b}`, { key, env: e });
    expect(closed.body.data[0]!.status).toBe(2);
  });
});

describe("POST /admin/upwork/check", () => {
  type Check = Envelope<CheckRow, { ok: boolean }>;
  const check = async (reset: Record<string, unknown> = {}, more: Record<string, string> = {}) => {
    await fake("__reset", { nodes: nodes(2), profiles, ...reset });
    return admin<Check>("/admin/upwork/check", { method: "POST", env: upworkEnv(more) });
  };
  const row = (body: Check, item: string) => body.data.find((r) => r.item === item);

  it("passes on the schema fixture: every item present, the three calls ok, no whole-schema introspection", async () => {
    const { status, body } = await check();
    expect(status).toBe(200);
    const problems = body.data.filter((r) => r.status !== "present" && r.status !== "ok");
    expect(problems, JSON.stringify(problems)).toEqual([]);
    expect(body.ok).toBe(true);
    for (const item of [
      "Query.marketplaceJobPostingsSearch",
      "Query.marketplaceJobPostingsSearch(marketPlaceJobFilter)",
      "MarketplaceJobPostingsSearchFilter.pagination_eq",
      "Pagination.after",
      "MarketplaceJobPostingSearchSortField.RECENCY",
      "MarketplaceJobPostingSearchType.USER_JOBS_SEARCH",
      "MarketplaceJobPostingSearchResult.hourlyBudgetType",
      "JobActivity.totalUnansweredInvites",
      "FreelancerProfileSearchFilter.userType",
      "FreelancerProfileSearchUserTypeEnum.Freelancer",
      "FreelancerProfilesSearchRecordType … on FreelancerProfilesSearchRecord",
    ]) {
      expect(row(body, item), item).toMatchObject({ status: "present" });
    }
    expect(row(body, "call: job search (1 job)")).toMatchObject({ status: "ok" });
    expect(row(body, "call: job detail")).toMatchObject({ status: "ok" });
    expect(row(body, "call: freelancer search (1 profile)")).toMatchObject({ status: "ok", detail: "userType Freelancer" });
    const queries = (await log()).map((c) => String(c.body.query ?? ""));
    expect(queries.some((q) => q.includes("__schema"))).toBe(false);
    // One small introspection per type, within the run's request budget.
    const introspections = queries.filter((q) => q.includes("__type")).length;
    expect(introspections).toBeLessThanOrEqual(40);
    expect(checkTable({ ok: body.ok, rows: body.data })).toMatch(/\nOK: \d+ present, 3 ok, 0 missing, 0 changed, 0 failed\n$/);
  });

  it("names a removed field", async () => {
    const { body } = await check({ drift: { removeField: "JobActivity.totalOffered" } });
    expect(body.ok).toBe(false);
    expect(row(body, "JobActivity.totalOffered")).toEqual({
      item: "JobActivity.totalOffered",
      status: "missing",
      detail: "a field we select",
    });
    expect(row(body, "call: job detail")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining('Cannot query field "totalOffered" on type "JobActivity"'),
    });
    const table = checkTable({ ok: body.ok, rows: body.data });
    expect(table.split("\n")[2]).toMatch(/^JobActivity\.totalOffered\s+missing\s+a field we select$/); // problems first
    expect(table).toMatch(/NOT OK: .*1 missing/);
  });

  it("names a renamed enum value", async () => {
    const { body } = await check({ drift: { renameEnumValue: "MarketplaceJobPostingSearchSortField.RECENCY=NEWEST_FIRST" } });
    expect(body.ok).toBe(false);
    expect(row(body, "MarketplaceJobPostingSearchSortField.RECENCY")).toEqual({
      item: "MarketplaceJobPostingSearchSortField.RECENCY",
      status: "missing",
      detail: "values: NEWEST_FIRST, RELEVANCE",
    });
    expect(row(body, "call: job search (1 job)")).toMatchObject({ status: "failed" });
  });

  it("a configured userType the schema does not have is named, and the freelancer search fails with Upwork's error", async () => {
    const { body } = await check({}, { UPWORK_FREELANCER_USER_TYPE: "FREELANCER" });
    expect(body.ok).toBe(false);
    expect(row(body, "FreelancerProfileSearchUserTypeEnum.FREELANCER")).toMatchObject({
      status: "missing",
      detail: "values: Freelancer, Client",
    });
    expect(row(body, "call: freelancer search (1 profile)")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining('got invalid value "FREELANCER"'),
    });
  });

  it("a missing scope: each call fails with Upwork's message and the scope it likely needs", async () => {
    const { body } = await check({ missingScopes: ["Money"] });
    expect(body.ok).toBe(false);
    const search = row(body, "call: job search (1 job)")!;
    expect(search.status).toBe("failed");
    expect(search.detail).toContain("doesn't have enough oauth2 permissions/scopes to access: [Money.rawValue");
    expect(search.detail).toContain('likely missing scope: "Common Entities – Read-Only" and "Read marketplace Job Postings"');
    // The schema itself is still readable: the items are present.
    expect(row(body, "Money.rawValue")).toMatchObject({ status: "present" });
  });

  it("is refused with 409 when the upwork source is not configured, and needs the admin token", async () => {
    await fake("__reset", {});
    const unconfigured = await admin("/admin/upwork/check", {
      method: "POST",
      env: upworkEnv({ UPWORK_CLIENT_ID: "", UPWORK_REFRESH_TOKEN: "" }),
    });
    expect(unconfigured.status).toBe(409);
    expect(unconfigured.body.message).toMatch(/not configured: .*UPWORK_CLIENT_ID/);
    const anonymous = await call("/admin/upwork/check", { method: "POST", env: upworkEnv() });
    expect(anonymous.status).toBe(401);
  });
});
