// POST /webhooks/{id}/test: a webhook.test event sent once, right away, through the same attempt
// as the queue consumer's (deliver.ts), and logged with the deliveries (retry it like any delivery).
import { getDelivery, insertDelivery, recordOutcomes, withDetails } from "../db/deliveries";
import { listJobs } from "../db/jobs";
import { JobFilterSchema } from "../jobs/filter";
import type { JobView } from "../jobs/model";
import { isoSeconds } from "../lib/time";
import type { PushSettings } from "../settings";
import { attemptDelivery } from "./deliver";
import { newDeliveryId, newEventId } from "./ids";
import type { DeliveryWithAttempts, Subscription } from "./types";

export async function sendTestEvent(db: D1Database, settings: PushSettings, subscription: Subscription): Promise<DeliveryWithAttempts> {
  // The newest stored job the filters match, so the receiver sees a real one; else a sample.
  const newest = (await listJobs(db, JobFilterSchema.parse(JSON.parse(subscription.filters)), 1)).jobs;
  const jobs = newest.length ? newest : [sampleJob(isoSeconds())];
  const now = Date.now();
  const delivery = await insertDelivery(
    db,
    { id: newDeliveryId(), webhook_id: subscription.id, event_id: newEventId(), type: "webhook.test", payload: JSON.stringify({ jobs }) },
    now,
  );
  const { record } = await attemptDelivery(settings, subscription, delivery, { jobs }, now, "once");
  // A test never switches the subscription off: a 410 here is the receiver's answer, shown, not obeyed.
  await recordOutcomes(db, [{ ...record, deactivate: null }], [], now, settings.autoDisableSeconds * 1000);
  const [done] = await withDetails(db, [(await getDelivery(db, subscription.id, delivery.id))!]);
  return done!;
}

/** The job a test event carries when the subscription's filters match nothing stored yet. */
function sampleJob(now: string): JobView {
  return {
    id: "0000000000000000000",
    title: "Sample job: this is a webhook.test event",
    description: "A test event sent by POST /webhooks/{id}/test. Real events carry jobs that match your filters.",
    url: "https://www.upwork.com/jobs/~010000000000000000000",
    posted_on: now,
    last_visited_at: now,
    job_type: 2,
    status: 1,
    contractor_tier: 2,
    category: {
      name: "Web Development",
      slug: "web-development",
      group: "Web, Mobile & Software Dev",
      group_slug: "web-mobile-software-dev",
    },
    budget: { fixed_amount: 1000, currency: "USD" },
    hourly_budget: null,
    buyer: {
      payment_verified: true,
      country: "US",
      city: null,
      timezone: null,
      total_spent: 12000,
      total_assignments: 8,
      total_jobs_with_hires: 6,
    },
    skills: ["TypeScript", "Cloudflare Workers"],
    tags: ["webhooks"],
    client_activity: {
      total_applicants: 0,
      total_hired: 0,
      total_invited_to_interview: 0,
      unanswered_invites: 0,
      invitations_sent: 0,
      last_buyer_activity: null,
    },
    duration_label: "1 to 3 months",
    engagement: "part-time",
    is_private: false,
    privacy_reason: "",
    received_at: now,
  };
}
