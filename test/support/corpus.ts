// A small hand-made corpus where every /jobs filter selects some jobs and excludes others.
import { makeJob } from "./jobs";

export const CORPUS = [
  makeJob("a", {
    title: "Launch a weekly AI founder newsletter",
    description: "We need a researcher-writer to source stories and trends.",
    posted_on: "2025-11-03T10:00:00Z",
    job_type: 2, contractor_tier: 2, budget: { fixed_amount: 2500 },
    buyer: { country: "US", payment_verified: true, total_spent: 84500, total_jobs_with_hires: 21 },
    skills: ["newsletter", "AI Research", "marketing"], tags: ["founder stories", "growth marketing"],
    client_activity: { total_applicants: 12 }, engagement: "part-time",
  }),
  makeJob("b", {
    title: "Senior TypeScript developer for Cloudflare Workers API",
    description: "Add a webhook delivery queue, retries and tests.",
    posted_on: "2025-11-03T09:00:00Z",
    job_type: 1, contractor_tier: 3, budget: { fixed_amount: null }, hourly_budget: { min: 45, max: 80 },
    buyer: { country: "GB", payment_verified: true, total_spent: 18250, total_jobs_with_hires: 14 },
    skills: ["TypeScript", "Cloudflare Workers"], tags: [],
    client_activity: { total_applicants: 7 }, engagement: "full-time",
  }),
  makeJob("c", {
    title: "Logo for a bakery",
    description: "Simple, warm logo.",
    posted_on: "2025-11-02T12:00:00Z",
    job_type: 2, contractor_tier: 1, budget: { fixed_amount: 150 },
    category: { name: "Graphic Design", slug: "graphic-design", group: "Design & Creative", group_slug: "design-creative" },
    buyer: { country: "IN", payment_verified: false, total_spent: 0, total_jobs_with_hires: 0 },
    skills: ["Logo Design", "Illustrator"], client_activity: { total_applicants: 40 }, engagement: "",
  }),
  makeJob("d", {
    title: "Python scraper for product prices",
    description: "Build a scraper in python. No WordPress.",
    posted_on: "2025-11-02T08:00:00Z",
    job_type: 1, contractor_tier: 2, budget: { fixed_amount: null }, hourly_budget: { min: 20, max: null },
    buyer: { country: "DE", payment_verified: true, total_spent: 3000, total_jobs_with_hires: 4 },
    skills: ["Python", "Scrapy"], tags: ["data"], client_activity: { total_applicants: 15 }, engagement: "as-needed",
  }),
  makeJob("e", {
    title: "Closed React job",
    posted_on: "2025-11-01T12:00:00Z",
    status: 2, job_type: 2, budget: { fixed_amount: 1000 },
    buyer: { country: "US" }, skills: ["React"],
  }),
  makeJob("f", {
    title: "Confidential React Native app",
    description: "Looking for a React Native developer.",
    posted_on: "2025-11-01T09:00:00Z",
    job_type: 2, contractor_tier: 2, budget: { fixed_amount: 5000 },
    buyer: { country: "AU", payment_verified: true, total_spent: 5000, total_jobs_with_hires: 2 },
    skills: ["React Native", "React"], client_activity: { total_applicants: 3 },
    is_private: true, privacy_reason: "This job is private",
  }),
  makeJob("g", {
    title: "WordPress maintenance",
    posted_on: "2025-10-30T09:00:00Z",
    job_type: 1, budget: { fixed_amount: null }, hourly_budget: { min: null, max: null },
    buyer: { country: null, payment_verified: false, total_spent: 100, total_jobs_with_hires: 1 },
    skills: ["WordPress"], client_activity: { total_applicants: 25 },
  }),
  makeJob("h", {
    title: "Fixed job with hidden budget",
    posted_on: "2025-10-29T09:00:00Z",
    job_type: 2, budget: { fixed_amount: null },
    buyer: { country: "US", payment_verified: true, total_spent: 200, total_jobs_with_hires: 1 },
    client_activity: { total_applicants: 30 },
  }),
];
