// Lifecycle events (docs/api.md#lifecycle-events): after a subscription was sent a job (jobs.matched),
// it can follow the job: jobs.updated carries what changed (applicants, hires, interviews, budget,
// rate, title, description, status), at most once per UPDATE_COALESCE_SECONDS after the job's
// previous event, with every change since; jobs.closed is sent once, right away, when the job closes.
// Changes are recorded by a trigger on the jobs table (migrations/0010), so every writer (search
// pages, the detail refresh) feeds them; the pending pairs are followed up after each ingestion.
import { type ChangeRow, dueFollowUps, type FollowUp, type PendingFollowUp, recordFollowUps } from "../db/deliveries";
import { jobViewOf } from "../jobs/model";
import { newDeliveryId, newEventId } from "./ids";
import { enqueueDeliveries } from "./queue";
import type { FrozenEvent, JobChanges, SubscribableEvent } from "./types";

const PAGE = 500;
const MAX_PAGES = 20;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Several changes in order, as one: each field from its first `from` to its last `to`; fields back where they started drop out. */
export function mergeChanges(list: JobChanges[]): JobChanges {
  const merged: JobChanges = {};
  for (const changes of list) {
    for (const [field, c] of Object.entries(changes)) {
      const before = merged[field];
      if ("changed" in c) merged[field] = c;
      else merged[field] = before && !("changed" in before) ? { from: before.from, to: c.to } : c;
    }
  }
  for (const [field, c] of Object.entries(merged)) if (!("changed" in c) && same(c.from, c.to)) delete merged[field];
  return merged;
}

const closes = (changes: JobChanges[]) =>
  changes.some((c) => {
    const s = c.status;
    return !!s && !("changed" in s) && s.to === 2;
  });

/**
 * What to do with each due pair: a jobs.closed (the job closed, the subscription follows closings,
 * none sent yet), a jobs.updated (it follows updates and something still differs), or nothing
 * (the pair is only moved on). Pure: the caller reads and writes.
 */
function planFollowUps(
  pairs: PendingFollowUp[],
  changes: ChangeRow[],
  jobs: { id: string; doc: string; first_seen: string }[],
): FollowUp[] {
  const byJob = new Map<string, ChangeRow[]>();
  for (const c of changes) byJob.set(c.job_id, [...(byJob.get(c.job_id) ?? []), c]);
  const docs = new Map(jobs.map((j) => [j.id, j]));
  return pairs.map((p) => {
    const unsent = (byJob.get(p.job_id) ?? []).filter((c) => c.id > p.changes_through);
    const through = unsent.length ? unsent[unsent.length - 1]!.id : p.changes_through;
    const base = { webhook_id: p.webhook_id, job_id: p.job_id, from: p.changes_through, through };
    const stored = docs.get(p.job_id);
    if (!stored || !unsent.length) return { ...base, delivery: null };
    const events = JSON.parse(p.events) as SubscribableEvent[];
    const list = unsent.map((c) => JSON.parse(c.changes) as JobChanges);
    let type: "jobs.updated" | "jobs.closed" | null = null;
    let merged = mergeChanges(list);
    if (events.includes("jobs.closed") && !p.closed_sent && closes(list)) type = "jobs.closed";
    else if (events.includes("jobs.updated")) {
      // Who follows closings hears about the status there, not twice.
      if (events.includes("jobs.closed")) {
        const { status: _, ...rest } = merged;
        merged = rest;
      }
      if (Object.keys(merged).length) type = "jobs.updated";
    }
    if (!type) return { ...base, delivery: null };
    const payload: FrozenEvent = { jobs: [jobViewOf(stored.doc, stored.first_seen)], changes: merged };
    return {
      ...base,
      delivery: {
        id: newDeliveryId(),
        event_id: newEventId(),
        type,
        payload: JSON.stringify(payload),
        status: p.active ? "pending" : "failed",
        last_error: p.active ? null : `Subscription disabled: ${p.disabled_reason ?? ""}`,
      },
    };
  });
}

/** Sends what is due: called after every ingestion run and poll tick (announce.ts). */
export async function announceFollowUps(env: Env, tiersWithWebhooks: string[], coalesceSeconds: number, now: number): Promise<void> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const due = await dueFollowUps(env.DB, tiersWithWebhooks, now - coalesceSeconds * 1000, PAGE);
    if (!due.pairs.length) return;
    const planned = planFollowUps(due.pairs, due.changes, due.jobs);
    await enqueueDeliveries(env.DELIVERY_QUEUE, await recordFollowUps(env.DB, planned, now));
    if (due.pairs.length < PAGE) return;
  }
}
