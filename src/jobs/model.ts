// The job object of the hosted Upwork Jobs API (docs/api.md#job-object): field names, types, nesting and enums.
import { z } from "@hono/zod-openapi";

export const JOB_TYPE = { hourly: 1, fixed: 2 } as const;
export const JOB_STATUS = { open: 1, closed: 2 } as const;
export const CONTRACTOR_TIER = { entry: 1, intermediate: 2, expert: 3 } as const;
export const ENGAGEMENTS = ["full-time", "part-time", "as-needed"] as const;

export const JobSchema = z.object({
  id: z.string().openapi({ example: "2090000000000000101" }),
  title: z.string(),
  description: z.string(),
  url: z.string().openapi({ example: "https://www.upwork.com/jobs/~022090000000000000101" }),
  posted_on: z.string().openapi({ example: "2025-11-03T14:02:12Z" }),
  last_visited_at: z.string(),
  job_type: z.union([z.literal(1), z.literal(2)]).openapi({ description: "1 hourly, 2 fixed price" }),
  status: z.union([z.literal(1), z.literal(2)]).openapi({ description: "1 open, 2 closed" }),
  contractor_tier: z.union([z.literal(1), z.literal(2), z.literal(3)]).openapi({ description: "1 entry, 2 intermediate, 3 expert" }),
  category: z.object({ name: z.string(), slug: z.string(), group: z.string(), group_slug: z.string() }),
  budget: z.object({ fixed_amount: z.number().nullable(), currency: z.string() }),
  hourly_budget: z.object({ min: z.number().nullable(), max: z.number().nullable() }).nullable(),
  buyer: z.object({
    payment_verified: z.boolean(),
    country: z.string().nullable().openapi({ description: "ISO 3166-1 alpha-2" }),
    city: z.string().nullable(),
    timezone: z.string().nullable(),
    total_spent: z.number(),
    total_assignments: z.number().int(),
    total_jobs_with_hires: z.number().int(),
  }),
  skills: z.array(z.string()),
  tags: z.array(z.string()),
  client_activity: z.object({
    total_applicants: z.number().int(),
    total_hired: z.number().int(),
    total_invited_to_interview: z.number().int(),
    unanswered_invites: z.number().int(),
    invitations_sent: z.number().int(),
    last_buyer_activity: z.string().nullable(),
  }),
  duration_label: z.string(),
  engagement: z.enum(["full-time", "part-time", "as-needed", ""]),
  is_private: z.boolean(),
  privacy_reason: z.string(),
});

/** A job as a source delivers it, normalized (what ingestion stores). */
export type Job = z.infer<typeof JobSchema>;

/** A job as the API and every push channel show it: the stored job plus when this deployment received it. */
export const JobViewSchema = JobSchema.extend({
  received_at: z.string().openapi({
    example: "2025-11-03T14:02:19Z",
    description:
      "When this deployment first stored the job (ISO 8601). posted_on is when it was posted upstream; the difference is the lag.",
  }),
}).openapi("Job");

export type JobView = z.infer<typeof JobViewSchema>;

/** The view of a stored job document received at `receivedAt` (throws when the document is not JSON). */
export function jobViewOf(doc: string, receivedAt: string): JobView {
  return { ...(JSON.parse(doc) as Job), received_at: receivedAt };
}
