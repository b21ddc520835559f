// The freelancer object exactly as the hosted freelancer search API returns it (docs/api.md#freelancer-object): same names, types and
// badge strings. Both /search_freelancers and /freelancers answer these objects.
import { z } from "@hono/zod-openapi";

export const FreelancerSchema = z
  .object({
    name: z.string().openapi({ example: "Yurij M." }),
    title: z.string().openapi({ example: "React Developer Frontend React Full Stack Developer React Node SaaS" }),
    description: z.string(),
    profile_url: z.string().openapi({ example: "https://www.upwork.com/freelancers/~01dc05c3dd4817bee4" }),
    portrait_url: z.string().nullable(),
    hourly_rate: z
      .string()
      .nullable()
      .openapi({ example: "35.0", description: 'Decimal string ("35.0"); null when the freelancer shows no rate.' }),
    currency: z.string().nullable().openapi({ example: "USD" }),
    country: z.string().nullable().openapi({ example: "Ukraine", description: "Full English name." }),
    city: z.string().nullable(),
    state: z.string().nullable(),
    timezone: z.string().nullable(),
    skills: z.array(z.string()),
    job_success_score: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .openapi({ example: 1, description: "Job Success Score as a 0-1 fraction (1 = 100%); null when hidden or not yet earned." }),
    total_earnings: z.number().nullable().openapi({ description: "null when the freelancer hides earnings." }),
    total_hours: z.number().nullable(),
    total_completed_jobs: z.number().int().nullable(),
    // enum lists null too: a nullable literal is otherwise documented as an enum null breaks.
    top_rated: z
      .literal("top_rated")
      .nullable()
      .openapi({ enum: ["top_rated", null], description: '"top_rated" when Top Rated (Plus included), else null.' }),
    top_rated_plus: z
      .literal("top_rated_plus")
      .nullable()
      .openapi({ enum: ["top_rated_plus", null] }),
    vetted: z.boolean().openapi({ description: "Expert-Vetted." }),
    id_verified: z.boolean(),
    hide_jss: z.boolean(),
    hide_earnings: z.boolean(),
    ciphertext: z.string().openapi({ example: "~01dc05c3dd4817bee4" }),
  })
  .openapi("Freelancer");

export type Freelancer = z.infer<typeof FreelancerSchema>;
