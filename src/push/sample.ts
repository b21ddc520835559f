// The job a test event carries when the subscriber's filters match nothing stored yet.
import type { Job } from "../jobs/model";

export function sampleJob(now: string): Job {
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
  };
}
