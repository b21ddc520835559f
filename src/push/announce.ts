// The hand-off from ingestion to push: new jobs matched, then lifecycle follow-ups (lifecycle.ts). Matching is driven by D1, not by the list passed in: every job
// stored after the matching cursor is matched, the (subscription, job) events are recorded, and only
// then is anything enqueued. Re-running is harmless (the events table has a unique key), so overlapping
// runs, crashes between storing and matching, and retries all end with each event recorded once.

import { recordMatches, redispatchStale } from "../db/deliveries";
import { advanceCursor, jobsAfter, readCursor } from "../db/push-cursor";
import { type MatchingSubscription, subscriptionsForMatching } from "../db/subscriptions";
import { type JobFilter, JobFilterSchema } from "../jobs/filter";
import { type MatchableJob, toMatchable } from "../jobs/filter-match";
import type { Job } from "../jobs/model";
import { settingsFrom } from "../settings";
import { newDeliveryId, newEventId } from "./ids";
import { announceFollowUps } from "./lifecycle";
import { matchJobs, SubscriptionIndex } from "./match";
import { enqueueDeliveries } from "./queue";
import type { NewDelivery } from "./types";

const MAX_BATCH_JOBS = 100;
const PAGE = 1000;
const MAX_PAGES = 20;
/** A pending delivery this overdue with no consumer holding it has lost its queue message. */
const STALE_MS = 10 * 60_000;

/** A subscription being matched, with its filter parsed. */
interface Candidate extends MatchingSubscription {
  filter: JobFilter;
}

// Parsed filters per isolate, keyed by subscription and its last change: parse once, match often.
const parsed = new Map<string, { updatedAt: number; filter: JobFilter | null }>();

function toCandidate(row: MatchingSubscription): Candidate | null {
  let hit = parsed.get(row.id);
  if (!hit || hit.updatedAt !== row.updated_at) {
    let filter: JobFilter | null = null;
    try {
      const r = JobFilterSchema.safeParse(JSON.parse(row.filters));
      filter = r.success ? r.data : null;
    } catch {
      filter = null;
    }
    if (!filter) console.error("push: a stored subscription filter no longer parses", row.id);
    hit = { updatedAt: row.updated_at, filter };
    if (parsed.size > 50_000) parsed.clear();
    parsed.set(row.id, hit);
  }
  return hit.filter ? { ...row, filter: hit.filter } : null;
}

/** One event per job, or per ≤100 jobs for batch subscriptions; disabled-for-failing ones are recorded as failed. */
function planDeliveries(matched: Map<Candidate, MatchableJob[]>): NewDelivery[] {
  const out: NewDelivery[] = [];
  for (const [subscription, jobs] of matched) {
    const ids = jobs.map((m) => m.job.id);
    const groups: string[][] = [];
    if (subscription.batch) for (let i = 0; i < ids.length; i += MAX_BATCH_JOBS) groups.push(ids.slice(i, i + MAX_BATCH_JOBS));
    else for (const id of ids) groups.push([id]);
    for (const job_ids of groups) {
      out.push({
        id: newDeliveryId(),
        webhook_id: subscription.id,
        event_id: newEventId(),
        status: subscription.active ? "pending" : "failed",
        last_error: subscription.active ? null : `Subscription disabled: ${subscription.disabled_reason ?? ""}`,
        job_ids,
      });
    }
  }
  return out;
}

/** Called once per ingestion run with the jobs it stored for the first time. */
export async function announceNewJobs(env: Env, jobs: Job[]): Promise<void> {
  const now = Date.now();
  const settings = settingsFrom(env);
  const tiers = Object.entries(settings.tiers)
    .filter(([, t]) => t.max_webhooks !== 0)
    .map(([name]) => name);
  let cursor = await readCursor(
    env.DB,
    jobs.map((j) => j.id),
  );
  let index: SubscriptionIndex<Candidate> | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await jobsAfter(env.DB, cursor, PAGE);
    if (!rows.length) break;
    index ??= new SubscriptionIndex(
      (await subscriptionsForMatching(env.DB, tiers)).map(toCandidate).filter((s): s is Candidate => s !== null),
    );
    if (index.size) {
      const matched = matchJobs(
        index,
        rows.map((r) => toMatchable(JSON.parse(r.doc) as Job)),
      );
      await enqueueDeliveries(env.DELIVERY_QUEUE, await recordMatches(env.DB, planDeliveries(matched), now));
    }
    cursor = rows[rows.length - 1]!.seq;
    await advanceCursor(env.DB, cursor);
    if (rows.length < PAGE) break;
  }
  // Then what changed in jobs subscribers were sent (jobs.updated, jobs.closed).
  await announceFollowUps(env, tiers, settings.push.updateCoalesceSeconds, now);
  // Safety net for enqueues that failed after their events were recorded.
  await enqueueDeliveries(env.DELIVERY_QUEUE, await redispatchStale(env.DB, now, STALE_MS, 500));
}
