// One ingestion run, the same for the cron, POST /admin/scrape and /__scheduled:
// lock → fetch pages → normalize (in the source) → de-duplicate → upsert → detail refresh of known
// open jobs → hand new jobs to push → retention → scrape_runs row. Failures end the run as
// `partial` (something was stored) or `failed`; what was fetched before a failure is still stored.
// A poll tick (pollOnce, driven by the Poller) is the light version: the newest page of each search,
// stored and announced the same way, no refresh, no retention, no scrape_runs row. Both report to the
// source's health record (docs/architecture.md#freshness).

import { deleteExpired, knownIds, recordDetailChecks, refreshCandidates, upsertJobs } from "../db/jobs";
import { finishRun, insertRun } from "../db/runs";
import { recordSourceOutcome } from "../db/source-health";
import { acquireLock, readValue, releaseLock } from "../db/state";
import type { Job } from "../jobs/model";
import { isoSeconds, sleep } from "../lib/time";
import { announceNewJobs } from "../push/announce";
import { type IngestSettings, SettingsError, type SourceName, settingsFrom } from "../settings";
import { BudgetExhausted, errMessage, openUpstream, RateLimited, type Upstream } from "../upstream/client";
import { DemoJobSource } from "./sources/demo";
import { RelayJobSource } from "./sources/relay";
import type { IngestSource, SourceContext, SourcePage } from "./sources/types";
import { UpworkJobSource } from "./sources/upwork";
import type { ScrapeRun } from "./types";

const LOCK = "lock:ingest";
/** A poll tick's lock holder starts with this; a run's is `run:<id>`. */
const TICK_HOLDER = "poll:";
/** A crashed run's lock frees itself after this; a live run finishes well within it. */
const LOCK_TTL_MS = 15 * 60_000;
/**
 * A poll tick's deadline (the Poller gives up waiting after it) and its lock's lifetime: a tick that
 * hangs can hold the lock no longer than that, so the ticks after it are not skipped for long.
 */
export const TICK_DEADLINE_MS = 5 * 60_000;
/**
 * How long a run waits for a poll tick to let go of the lock. A tick reads one page per search and
 * takes seconds; skipping the whole walk (detail refresh, retention) because one was in flight would
 * lose a cron cycle, and the cron re-arming a missing alarm starts a tick just before its own run.
 */
const RUN_WAITS_FOR_TICK_MS = 60_000;
const LOCK_RECHECK_MS = 250;
const DAY_MS = 86_400_000;

type JobSource = IngestSource<Job>;

function createJobSource(name: SourceName): JobSource {
  switch (name) {
    case "demo":
      return new DemoJobSource();
    case "upwork":
      return new UpworkJobSource();
    case "relay":
      return new RelayJobSource();
  }
}

export interface RunOptions {
  trigger?: ScrapeRun["trigger"];
  /** Tests: a scripted clock, instant sleeps, a different source or settings. */
  now?: Date;
  sleep?: (ms: number) => Promise<void>;
  source?: JobSource;
  settings?: Partial<IngestSettings>;
  /** Tests: called once the lock is held and the source is about to be asked. */
  onLocked?: () => Promise<void>;
  /** Tests: observe the hand-off to push (defaults to announceNewJobs). */
  announce?: (env: Env, jobs: Job[]) => Promise<void>;
}

/** What a walk or a tick fetched and stored. */
interface Fetched {
  fetched: number;
  skipped: string[];
  new: number;
  updated: number;
  unchanged: number;
  newJobs: Job[];
  /** Whether the store step ran (else nothing fetched was kept). */
  stored: boolean;
  /** "fetch: …", "store: …" */
  errors: string[];
  /** The error that ended the fetch, to tell a 429 from the rest. */
  fetchError: unknown;
}

/** Fetches the source's pages (as far as ctx.reach says) and stores every job found once (the last copy wins). */
async function fetchAndStore(env: Env, source: JobSource, ctx: SourceContext): Promise<Fetched> {
  const out: Fetched = {
    fetched: 0,
    skipped: [],
    new: 0,
    updated: 0,
    unchanged: 0,
    newJobs: [],
    stored: false,
    errors: [],
    fetchError: null,
  };
  const found = new Map<string, Job>();
  try {
    for await (const page of source.pages(ctx)) {
      out.fetched += page.fetched;
      out.skipped.push(...page.skipped);
      for (const job of page.items) found.set(job.id, job);
    }
  } catch (err) {
    out.fetchError = err;
    out.errors.push(describe("fetch", err));
  }
  try {
    const result = await upsertJobs(env.DB, [...found.values()], isoSeconds(ctx.now));
    const inserted = new Set(result.inserted);
    out.newJobs = [...found.values()].filter((j) => inserted.has(j.id));
    out.new = result.inserted.length;
    out.updated = result.updated.length;
    out.unchanged = result.unchanged;
    out.stored = true;
  } catch (err) {
    out.errors.push(describe("store", err));
  }
  return out;
}

/**
 * Takes the run lock for a run: waits out a poll tick (up to RUN_WAITS_FOR_TICK_MS), gives way at
 * once to another run. Returns null when the lock is held, else why the run is skipped.
 */
async function takeRunLock(db: D1Database, holder: string, wait: (ms: number) => Promise<void>): Promise<string | null> {
  for (let waited = 0; ; waited += LOCK_RECHECK_MS) {
    if (await acquireLock(db, LOCK, holder, Date.now(), LOCK_TTL_MS)) return null;
    const current = await readValue(db, LOCK);
    if (current !== null && !current.startsWith(TICK_HOLDER)) return "another ingestion run is in progress";
    if (waited >= RUN_WAITS_FOR_TICK_MS) return `a poll tick held the run lock for more than ${RUN_WAITS_FOR_TICK_MS / 1000} s`;
    await wait(LOCK_RECHECK_MS);
  }
}

function sourceContext(
  env: Env,
  settings: IngestSettings,
  upstream: Upstream,
  now: Date,
  reach: SourceContext["reach"],
  report?: SourceContext["report"],
): SourceContext {
  return { env, settings, upstream, now, known: (ids) => knownIds(env.DB, ids), reach, report };
}

export async function runIngestion(env: Env, options: RunOptions = {}): Promise<ScrapeRun> {
  const now = options.now ?? new Date();
  const realStart = Date.now();
  const startedAt = isoSeconds(now);
  let settings: IngestSettings | undefined;
  let configError: string | null = null;
  try {
    settings = { ...settingsFrom(env).ingest, ...options.settings };
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    configError = err.message;
  }
  // With a broken configuration the run is still recorded, under the source as configured.
  const sourceName = options.source?.name ?? settings?.source ?? (env.SOURCE?.trim().slice(0, 40) || "demo");
  const run: ScrapeRun = {
    id: 0,
    source: sourceName,
    trigger: options.trigger ?? "cron",
    status: "running",
    started_at: startedAt,
    finished_at: null,
    fetched: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    refreshed: 0,
    closed: 0,
    deleted: 0,
    skipped: 0,
    skip_reasons: {},
    searches: [],
    requests: 0,
    error: null,
  };
  run.id = await insertRun(env.DB, run.source, run.trigger, startedAt, isoSeconds(new Date(now.getTime() - LOCK_TTL_MS)));
  const finish = async (status: ScrapeRun["status"], error: string | null) => {
    run.status = status;
    run.error = error;
    run.finished_at = isoSeconds(new Date(now.getTime() + Date.now() - realStart));
    await finishRun(env.DB, run);
    return run;
  };
  if (!settings) return finish("failed", configError);

  const holder = `run:${run.id}`;
  const refused = await takeRunLock(env.DB, holder, options.sleep ?? sleep);
  if (refused) return finish("skipped", refused);
  try {
    return await execute(env, run, settings, options, now, finish);
  } catch (err) {
    return await finish("failed", describe("run", err));
  } finally {
    await releaseLock(env.DB, LOCK, holder);
  }
}

async function execute(
  env: Env,
  run: ScrapeRun,
  settings: IngestSettings,
  options: RunOptions,
  now: Date,
  finish: (status: ScrapeRun["status"], error: string | null) => Promise<ScrapeRun>,
): Promise<ScrapeRun> {
  await options.onLocked?.();
  const source = options.source ?? createJobSource(settings.source);
  const { upstream } = openUpstream(env, settings, source.name, { sleep: options.sleep });
  const ctx = sourceContext(env, settings, upstream, now, "walk", (outcome) => run.searches.push(outcome));
  const tally = (page: SourcePage<Job>, counter: "fetched" | "refreshed" = "fetched") => {
    run[counter] += page.fetched;
    countSkips(run, page.skipped);
  };

  // 1. Search.
  const got = await fetchAndStore(env, source, ctx);
  const { stored, newJobs, errors } = got;
  // A search that failed after others succeeded does not end the walk, but the run says so.
  for (const s of run.searches) if (s.error && !errors.some((e) => e.includes(s.error!))) errors.push(`search ${s.search}: ${s.error}`);
  run.fetched = got.fetched;
  countSkips(run, got.skipped);
  run.new = got.new;
  run.updated = got.updated;
  run.unchanged = got.unchanged;

  // 2. Detail refresh of open jobs seen longest ago (closes jobs, updates client activity).
  if (stored && source.refresh && settings.detailsPerRun > 0 && !errors.length) {
    try {
      const candidates = await refreshCandidates(env.DB, settings.detailsPerRun);
      const before = new Map(candidates.map((j) => [j.id, j.status]));
      const fresh: Job[] = [];
      const missing = new Set<string>();
      try {
        for await (const page of source.refresh(ctx, candidates)) {
          tally(page, "refreshed");
          fresh.push(...page.items);
          for (const id of page.missing ?? []) missing.add(id);
        }
      } catch (err) {
        // Running out of budget here is the plan working: the rest waits for the next run.
        if (!(err instanceof BudgetExhausted)) errors.push(describe("refresh", err));
      }
      if (fresh.length) {
        // Stamped a second after the search so that next run's candidates start with jobs not re-checked yet.
        const stamp = isoSeconds(new Date(now.getTime() + 1000));
        const result = await upsertJobs(env.DB, fresh, stamp);
        run.updated += result.updated.length;
        run.closed = fresh.filter((j) => j.status === 2 && before.get(j.id) === 1).length;
        // "Not found" twice in a row closes a job; once could be a hiccup.
        const found = fresh.filter((j) => !missing.has(j.id)).map((j) => j.id);
        run.closed += (await recordDetailChecks(env.DB, found, [...missing], stamp)).length;
      }
    } catch (err) {
      errors.push(describe("refresh", err));
    }
  }

  // 3. Push: once per run, with exactly the jobs this run stored first (the stored row is the truth).
  try {
    await (options.announce ?? announceNewJobs)(env, newJobs);
  } catch (err) {
    errors.push(describe("announce", err));
  }

  // 4. Retention.
  try {
    run.deleted = await deleteExpired(env.DB, isoSeconds(new Date(now.getTime() - settings.retentionDays * DAY_MS)));
  } catch (err) {
    errors.push(describe("retention", err));
  }

  run.requests = upstream.requests;
  const status = !errors.length ? "ok" : stored && run.fetched > 0 ? "partial" : "failed";
  const error = errors.length ? errors.join("; ").slice(0, 1000) : null;
  await recordSourceOutcome(env.DB, { at: Date.now(), ok: status === "ok", answered: status !== "failed", error: got.fetchError ?? error });
  return finish(status, error);
}

function countSkips(run: { skipped: number; skip_reasons: Record<string, number> }, reasons: string[]): void {
  run.skipped += reasons.length;
  for (const reason of reasons) run.skip_reasons[reason] = (run.skip_reasons[reason] ?? 0) + 1;
}

export interface PollResult {
  status: "ok" | "skipped" | "failed";
  fetched: number;
  new: number;
  requests: number;
  error: string | null;
  /** Set when upstream rate-limited the tick: back off, at least this long when known. */
  rateLimited: { retryAfterMs: number | null } | null;
}

/**
 * One poll tick: the newest page of each configured search, stored and announced as a run would.
 * A tick that finds a run (or another tick) holding the lock waits for the next tick.
 */
export async function pollOnce(
  env: Env,
  options: Pick<RunOptions, "now" | "sleep" | "source" | "settings" | "announce"> = {},
): Promise<PollResult> {
  const now = options.now ?? new Date();
  const settings = { ...settingsFrom(env).ingest, ...options.settings };
  const result: PollResult = { status: "ok", fetched: 0, new: 0, requests: 0, error: null, rateLimited: null };
  const holder = `${TICK_HOLDER}${crypto.randomUUID()}`;
  if (!(await acquireLock(env.DB, LOCK, holder, Date.now(), TICK_DEADLINE_MS))) return { ...result, status: "skipped" };
  try {
    const source = options.source ?? createJobSource(settings.source);
    // No retries inside a tick: the next tick comes soon, and a 429 must back the poller off instead.
    const { upstream } = openUpstream(env, settings, source.name, { sleep: options.sleep, retries: 0 });
    const got = await fetchAndStore(env, source, sourceContext(env, settings, upstream, now, "newest"));
    Object.assign(result, { fetched: got.fetched, new: got.new, requests: upstream.requests });
    if (got.fetchError instanceof RateLimited) result.rateLimited = { retryAfterMs: got.fetchError.retryAfterMs };
    try {
      await (options.announce ?? announceNewJobs)(env, got.newJobs);
    } catch (err) {
      got.errors.push(describe("announce", err));
    }
    if (got.errors.length) Object.assign(result, { status: "failed", error: got.errors.join("; ").slice(0, 1000) });
    const answered = got.stored && (!got.fetchError || got.fetched > 0);
    await recordSourceOutcome(env.DB, { at: Date.now(), ok: !got.errors.length, answered, error: got.fetchError ?? result.error });
    return result;
  } finally {
    await releaseLock(env.DB, LOCK, holder);
  }
}

const describe = (stage: string, err: unknown) => `${stage}: ${errMessage(err)}`;
