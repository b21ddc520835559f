// Job objects for tests: a readable builder and a seeded random generator for property tests.
import type { Job, JobView } from "../../src/jobs/model";
import { mulberry32 } from "../../src/lib/random";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

export function makeJob(id: string, o: DeepPartial<Job> = {}): Job {
  const base: Job = {
    id,
    title: `Job ${id}`,
    description: "A plain description.",
    url: `https://www.upwork.com/jobs/~02${id}`,
    posted_on: "2025-11-01T10:00:00Z",
    last_visited_at: "2025-11-01T11:00:00Z",
    job_type: 2,
    status: 1,
    contractor_tier: 2,
    category: {
      name: "Web Development",
      slug: "web-development",
      group: "Web, Mobile & Software Dev",
      group_slug: "web-mobile-software-dev",
    },
    budget: { fixed_amount: 500, currency: "USD" },
    hourly_budget: null,
    buyer: {
      payment_verified: true,
      country: "US",
      city: "Austin",
      timezone: "America/Chicago",
      total_spent: 1000,
      total_assignments: 3,
      total_jobs_with_hires: 2,
    },
    skills: [],
    tags: [],
    client_activity: {
      total_applicants: 5,
      total_hired: 0,
      total_invited_to_interview: 0,
      unanswered_invites: 0,
      invitations_sent: 0,
      last_buyer_activity: null,
    },
    duration_label: "1 to 3 months",
    engagement: "",
    is_private: false,
    privacy_reason: "",
  };
  return {
    ...base,
    ...o,
    category: { ...base.category, ...o.category },
    budget: { ...base.budget, ...o.budget },
    hourly_budget: o.hourly_budget === undefined ? base.hourly_budget : (o.hourly_budget as Job["hourly_budget"]),
    buyer: { ...base.buyer, ...o.buyer },
    client_activity: { ...base.client_activity, ...o.client_activity },
  } as Job;
}

/** A job as the API shows it: with received_at. */
export const asView = (job: Job, receivedAt = "2025-11-01T10:05:00Z"): JobView => ({ ...job, received_at: receivedAt });

/** Seeded helpers over mulberry32 (src/lib/random.ts). */
export function rng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    some: <T>(xs: readonly T[], max: number): T[] => [
      ...new Set(Array.from({ length: Math.floor(next() * (max + 1)) }, () => xs[Math.floor(next() * xs.length)]!)),
    ],
    bool: (p = 0.5) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

export const WORDS = [
  "react",
  "node",
  "typescript",
  "python",
  "scraper",
  "api",
  "design",
  "logo",
  "seo",
  "writer",
  "data",
  "cloudflare",
  "workers",
  "shopify",
  "wordpress",
  "video",
  "editor",
  "developer",
  "senior",
  "ai",
] as const;
export const SKILLS = ["React", "Node.js", "TypeScript", "Python", "Figma", "SEO", "Shopify", "WordPress", "C++", "Data Entry"] as const;
export const TAGS = ["saas", "newsletter", "ecommerce", "startup", "long term", "urgent"] as const;
export const CATEGORIES = [
  ["Web Development", "web-development", "Web, Mobile & Software Dev", "web-mobile-software-dev"],
  ["Graphic Design", "graphic-design", "Design & Creative", "design-creative"],
  ["Content Writing", "content-writing", "Writing", "writing"],
  ["Data Analysis", "data-analysis", "Data Science & Analytics", "data-science-analytics"],
] as const;
export const COUNTRIES = ["US", "GB", "IN", "DE", "AU", null] as const;
export const ENGAGEMENT_VALUES = ["full-time", "part-time", "as-needed", ""] as const;

export function randomJob(r: Rng, i: number): Job {
  const hourly = r.bool();
  const [name, slug, group, group_slug] = r.pick(CATEGORIES);
  const words = (n: number) => Array.from({ length: n }, () => r.pick(WORDS)).join(" ");
  const min = r.int(5, 80);
  const day = String(r.int(1, 28)).padStart(2, "0");
  const hh = String(r.int(0, 23)).padStart(2, "0");
  return makeJob(`job${String(i).padStart(5, "0")}`, {
    title: words(r.int(2, 5)),
    description: `${words(r.int(3, 12))}. ${words(r.int(0, 6))}`,
    posted_on: `2025-10-${day}T${hh}:${r.pick(["00", "15", "30"])}:00Z`, // collisions on purpose: ties break by id
    job_type: hourly ? 1 : 2,
    status: r.bool(0.8) ? 1 : 2,
    contractor_tier: r.pick([1, 2, 3] as const),
    category: { name, slug, group, group_slug },
    budget: { fixed_amount: hourly ? null : r.pick([50, 100, 500, 1000, 2500, 10000]), currency: "USD" },
    hourly_budget: hourly ? (r.bool(0.1) ? { min: null, max: null } : { min, max: r.bool(0.3) ? null : min + r.int(0, 60) }) : null,
    buyer: {
      payment_verified: r.bool(0.7),
      country: r.pick(COUNTRIES),
      total_spent: r.pick([0, 100, 5000, 25000, 100000]),
      total_jobs_with_hires: r.int(0, 30),
    },
    skills: r.some(SKILLS, 3),
    tags: r.some(TAGS, 2),
    client_activity: { total_applicants: r.int(0, 60) },
    engagement: r.pick(ENGAGEMENT_VALUES),
    is_private: r.bool(0.1),
  });
}
