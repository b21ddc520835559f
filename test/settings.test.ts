// The one settings schema (src/settings.ts): defaults, the parsers, and one bad value per setting
// through every Worker entry point. HTTP answers 500 `Invalid setting <NAME>: <why>` (the reference
// keeps working), a cron run is recorded failed with that message, and the queue consumer leaves the
// delivery untouched (retried later, never failed or dead-lettered) until the setting is fixed.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { recordMatches } from "../src/db/deliveries";
import { upsertJobs } from "../src/db/jobs";
import worker from "../src/index";
import { newDeliveryId, newEventId } from "../src/push/ids";
import { SETTINGS_RETRY_LIMIT } from "../src/push/queue";
import type { DeliveryMessage } from "../src/push/types";
import { DEFAULT_FREELANCER_SEARCHES, DEFAULT_RETRY_SCHEDULE, parseSettings, SETTINGS, type SettingName } from "../src/settings";
import { call, createKey } from "./support/api";
import { makeJob } from "./support/jobs";
import { receiverName, receiverUrl, script, subscribe } from "./support/push";
import { captureQueue, consume, count, envWith } from "./support/reliability";

/** One value per setting that its parser must refuse. A new setting fails this file until it has one. */
const BAD: Record<SettingName, unknown> = {
  ADMIN_TOKEN: { not: "text" },
  TIERS: '{"gold":{"requests_per_minute":1}}',
  SOURCE: "rss",
  RETENTION_DAYS: "soon",
  POLL_INTERVAL_SECONDS: "3",
  DEMO_JOBS_PER_MINUTE: "-1",
  DETAILS_PER_RUN: "-1",
  UPWORK_CLIENT_ID: ["a"],
  UPWORK_CLIENT_SECRET: { not: "text" },
  UPWORK_REFRESH_TOKEN: { not: "text" },
  UPWORK_SEARCHES: "[react",
  UPWORK_PAGE_SIZE: "51",
  UPWORK_FREELANCER_USER_TYPE: "free lancer",
  UPWORK_MAX_PAGES: "0",
  UPWORK_MAX_REQUESTS_PER_MINUTE: "1.5",
  UPWORK_MAX_REQUESTS_PER_RUN: "0",
  UPWORK_MAX_REQUESTS_PER_DAY: "lots",
  UPWORK_GRAPHQL_URL: "ftp://upwork.example/graphql",
  UPWORK_TOKEN_URL: "not a url",
  RELAY_URL: "relay.example",
  RELAY_API_KEY: { not: "text" },
  RELAY_MAX_PAGES: "0",
  UPSTREAM_TIMEOUT_MS: "5",
  UPSTREAM_RETRIES: "11",
  UPSTREAM_RETRY_BASE_MS: "-1",
  UPSTREAM_MAX_RETRY_WAIT_MS: "1e9",
  FREELANCER_SOURCE: "scrape",
  FREELANCER_SEARCHES: '[{"q":"react"}]',
  FREELANCER_RESULTS_PER_SEARCH: "0",
  FREELANCER_REFRESH_MINUTES: "-1",
  FREELANCER_RELAY_URL: "javascript:alert(1)",
  FREELANCER_RELAY_API_KEY: { not: "text" },
  ALLOW_PRIVATE_WEBHOOK_TARGETS: "yes",
  WEBHOOK_RETRY_SCHEDULE: "5,x,10",
  WEBHOOK_TIMEOUT_SECONDS: "0",
  WEBHOOK_SECRET_GRACE_SECONDS: "-1",
  WEBHOOK_AUTO_DISABLE_SECONDS: "59",
  UPDATE_COALESCE_SECONDS: "-1",
  TELEGRAM_API_URL: "telegram.org",
};
const NAMES = Object.keys(BAD) as SettingName[];

describe("the settings schema", () => {
  it("has a bad-value row for every setting", () => {
    expect(NAMES.sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  it("defaults: an empty environment parses", () => {
    const s = parseSettings({});
    expect(s.adminToken).toBeUndefined();
    expect(s.tiers.enterprise).toEqual({ credits_per_month: null, requests_per_minute: 5000, max_webhooks: null });
    expect(s.ingest).toMatchObject({ source: "demo", retentionDays: 30, detailsPerRun: 20, relay: { maxPages: 20, url: undefined } });
    expect(s.ingest.upwork).toMatchObject({
      searches: [{}],
      pageSize: 50,
      maxPages: 3,
      maxRequestsPerMinute: 40,
      maxRequestsPerRun: 60,
      maxRequestsPerDay: 40_000,
      graphqlUrl: "https://api.upwork.com/graphql",
    });
    expect(s.push).toEqual({
      retrySchedule: DEFAULT_RETRY_SCHEDULE,
      allowPrivateTargets: false,
      timeoutMs: 15_000,
      rotationGraceSeconds: 86_400,
      autoDisableSeconds: 432_000,
      updateCoalesceSeconds: 3600,
      telegramApiUrl: "https://api.telegram.org",
    });
    expect(s.freelancers).toMatchObject({
      source: "demo",
      searches: DEFAULT_FREELANCER_SEARCHES,
      resultsPerSearch: 100,
      refreshMinutes: 360,
    });
  });

  it("blank means default; values are trimmed; lists take commas or JSON", () => {
    const s = parseSettings({
      SOURCE: "  Upwork ",
      RETENTION_DAYS: " ",
      TIERS: '{"free":{"requests_per_minute":7}}',
      UPWORK_SEARCHES: '["react OR vue", {"jobType_eq":"HOURLY","pagination_eq":{"first":5}}]',
      FREELANCER_SEARCHES: "react developer, python ,, python",
      WEBHOOK_RETRY_SCHEDULE: "[1, 2, 3]",
      WEBHOOK_TIMEOUT_SECONDS: "2.5",
      ALLOW_PRIVATE_WEBHOOK_TARGETS: "TRUE",
    });
    expect(s.ingest.source).toBe("upwork");
    expect(s.freelancers.source).toBe("upwork"); // follows SOURCE when not set
    expect(s.ingest.retentionDays).toBe(30);
    expect(s.tiers.free).toEqual({ credits_per_month: 100, requests_per_minute: 7, max_webhooks: 0 });
    expect(s.ingest.upwork.searches).toEqual([{ searchExpression_eq: "react OR vue" }, { jobType_eq: "HOURLY" }]);
    expect(s.freelancers.searches).toEqual(["react developer", "python"]);
    expect(s.push).toMatchObject({ retrySchedule: [1, 2, 3], timeoutMs: 2500, allowPrivateTargets: true });
    expect(parseSettings({ WEBHOOK_RETRY_SCHEDULE: "1, 2,3", FREELANCER_SEARCHES: '["a, b", "c"]' })).toMatchObject({
      push: { retrySchedule: [1, 2, 3] },
      freelancers: { searches: ["a, b", "c"] },
    });
    expect(parseSettings({ SOURCE: "relay", FREELANCER_SOURCE: "off" }).freelancers.source).toBe("off");
  });

  it.each(NAMES)("%s: a bad value is refused with the setting's name and why", (name) => {
    expect(() => parseSettings({ [name]: BAD[name] } as never)).toThrow(new RegExp(`^Invalid setting ${name}: \\S`));
  });

  it("messages say what was expected", () => {
    const why = (vars: Record<string, unknown>) => {
      try {
        parseSettings(vars as never);
      } catch (err) {
        return (err as Error).message;
      }
      return "no error";
    };
    expect(why({ RETENTION_DAYS: "soon" })).toBe('Invalid setting RETENTION_DAYS: expected a whole number from 1 to 3650, got "soon"');
    expect(why({ SOURCE: "rss" })).toBe('Invalid setting SOURCE: expected one of demo, upwork, relay, got "rss"');
    expect(why({ UPWORK_SEARCHES: "[react" })).toBe("Invalid setting UPWORK_SEARCHES: not valid JSON");
    expect(why({ UPWORK_SEARCHES: "[1]" })).toBe("Invalid setting UPWORK_SEARCHES: 0: expected a search string or an Upwork filter object");
    expect(why({ UPWORK_SEARCHES: "[]" })).toBe("Invalid setting UPWORK_SEARCHES: expected at least one search");
    expect(why({ TIERS: '{"free":{"requests_per_minute":0}}' })).toMatch(/^Invalid setting TIERS: free\.requests_per_minute: /);
    expect(why({ WEBHOOK_RETRY_SCHEDULE: "100000" })).toBe(
      "Invalid setting WEBHOOK_RETRY_SCHEDULE: item 1: expected whole seconds from 0 to 86400",
    );
    expect(why({ FREELANCER_SEARCHES: "x".repeat(201) })).toBe(
      "Invalid setting FREELANCER_SEARCHES: item 1: is longer than 200 characters",
    );
  });
});

describe("one bad setting through every entry point", () => {
  let key: string;
  let pending: DeliveryMessage;
  const receiver = receiverName("settings");

  beforeAll(async () => {
    key = await createKey("enterprise", "settings");
    await script(receiver, [], { status: 200 });
    const sub = await subscribe(key, { url: receiverUrl(receiver), filters: { skills: "settings-test" } });
    const job = makeJob("7900000000000000001", { skills: ["settings-test"] });
    await upsertJobs(env.DB, [job], "2025-11-03T12:00:00Z");
    const recorded = await recordMatches(
      env.DB,
      [{ id: newDeliveryId(), webhook_id: sub.id, event_id: newEventId(), status: "pending", last_error: null, job_ids: [job.id] }],
      Date.now(),
    );
    pending = recorded[0]!;
  });

  const delivery = () =>
    env.DB.prepare("SELECT status, attempts, dispatch FROM webhook_deliveries WHERE id = ?1")
      .bind(pending.delivery_id)
      .first<{ status: string; attempts: number; dispatch: string }>();

  it.each(NAMES)("%s", async (name) => {
    const message = new RegExp(`^Invalid setting ${name}: `);
    const dlq = captureQueue();
    const bad = envWith({ [name]: BAD[name], DEAD_LETTER_QUEUE: dlq.queue });

    // fetch: the API answers 500 in the envelope, naming the setting; the reference still answers.
    const health = await call("/health", { env: bad, key });
    expect(health.status).toBe(500);
    expect(health.body).toMatchObject({ success: false, data: [], count: 0 });
    expect(health.body.message).toMatch(message);
    expect((await call("/jobs?limit=1", { env: bad, key })).body.message).toMatch(message);
    expect((await call("/openapi.json", { env: bad })).status).toBe(200);
    expect((await call("/docs", { env: bad })).status).toBe(200);

    // scheduled: the run is recorded failed with the message.
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), bad, ctx);
    await waitOnExecutionContext(ctx);
    const run = await env.DB.prepare("SELECT status, error FROM scrape_runs ORDER BY id DESC LIMIT 1").first<{
      status: string;
      error: string;
    }>();
    expect(run!.status).toBe("failed");
    expect(run!.error).toMatch(message);

    // queue: retried later, the delivery untouched; after many tries acknowledged, still pending, never dead-lettered.
    const before = await delivery();
    expect(await consume(bad, [pending])).toEqual([{ verdict: "retry", delaySeconds: 60 }]);
    expect(await consume(bad, [pending], undefined, SETTINGS_RETRY_LIMIT)).toEqual([{ verdict: "ack" }]);
    expect(await delivery()).toEqual(before);
    expect(dlq.take()).toEqual([]);
  });

  it("fixing the setting resumes delivery: the same message is delivered", async () => {
    expect((await delivery())!.status).toBe("pending");
    expect(await consume(env, [pending])).toEqual([{ verdict: "ack" }]);
    expect(await delivery()).toMatchObject({ status: "delivered", attempts: 1 });
    expect(await count("SELECT count(*) AS n FROM webhook_attempts WHERE delivery_id = ?1", pending.delivery_id)).toBe(1);
  });
});
