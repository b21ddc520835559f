// The default source: no network, no credentials. It builds responses in the official GraphQL shape
// (marketplaceJobPostingsSearch nodes, marketplaceJobPosting details) and feeds them through the
// same normalizer as the upwork source. Job number k is generated deterministically from k; a counter
// in D1 hands each run a fresh range of k, atomically, so overlapping runs never share a job:
// the first run gets a backlog of 240 jobs spread over the last 25 days, every later run 5 new ones
// (k % 5 = 0 is hourly, k % 5 = 1 fixed-price of 1,000 or more). It never runs dry. A poll tick
// (reach "newest") instead gets the jobs that "appeared" since the previous tick: a Poisson number
// at DEMO_JOBS_PER_MINUTE, posted at random times in between, so `npm start` shows alerts arriving.
import { claimDemoRange, swapDemoPollTime } from "../../db/state";
import type { Job } from "../../jobs/model";
import { applyDetail, normalizeSearchNode, occupationCategory } from "../normalize";
import { type IngestSource, pageOf, type SourceContext, type SourcePage } from "./types";

const DEMO_BACKLOG = 240;
const DEMO_PER_RUN = 5;
const ID_PREFIX = "2091";
const HOUR = 3_600_000;

/** Deterministic 0..1 from (k, salt). */
function rnd(k: number, salt: number): number {
  let x = (Math.imul(k + 1, 2654435761) ^ Math.imul(salt + 7, 40503)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}
const pick = <T>(list: readonly T[], k: number, salt: number): T => list[Math.floor(rnd(k, salt) * list.length)]!;

// [group, subcategory, subcategory label, titles, skills]
const TOPICS: readonly [string, string, string, string[], string[]][] = [
  [
    "web_mobile_software_dev",
    "web_development",
    "Web Development",
    [
      "React dashboard for a logistics startup",
      "Fix checkout bugs in our Shopify store",
      "Senior TypeScript developer for a Cloudflare Workers API",
      "WordPress site speed optimisation",
    ],
    ["React", "TypeScript", "Node.js", "WordPress", "Shopify", "Cloudflare Workers", "PHP"],
  ],
  [
    "web_mobile_software_dev",
    "mobile_development",
    "Mobile Development",
    ["Flutter app for appointment booking", "iOS developer to ship a SwiftUI MVP", "React Native fixes before store release"],
    ["Flutter", "Swift", "React Native", "Kotlin", "Firebase"],
  ],
  [
    "design_creative",
    "graphic_design",
    "Graphic Design",
    ["Logo and brand kit for a coffee roastery", "Pitch deck design (15 slides)", "Packaging design for a skincare line"],
    ["Logo Design", "Adobe Illustrator", "Brand Identity", "Figma"],
  ],
  [
    "sales_marketing",
    "digital_marketing",
    "Digital Marketing",
    ["Google Ads specialist for a B2B SaaS", "Growth marketer for our newsletter", "SEO audit and content plan"],
    ["Google Ads", "SEO", "Email Marketing", "Growth Marketing", "Newsletter"],
  ],
  [
    "writing",
    "content_writing",
    "Content Writing",
    ["Weekly blog posts about personal finance", "Technical writer for API documentation", "Ghostwriter for founder LinkedIn posts"],
    ["Content Writing", "Copywriting", "Technical Writing", "Blog Writing"],
  ],
  [
    "data_science_analytics",
    "data_analysis",
    "Data Analysis",
    ["Python data pipeline into BigQuery", "Power BI dashboard for sales data", "Machine learning model for churn prediction"],
    ["Python", "SQL", "Power BI", "Machine Learning", "BigQuery"],
  ],
  [
    "admin_support",
    "virtual_assistance",
    "Virtual Assistance",
    ["Virtual assistant for inbox and calendar", "Data entry from PDFs into Airtable", "Customer research and lead lists"],
    ["Data Entry", "Virtual Assistance", "Airtable", "Lead Generation"],
  ],
  [
    "it_networking",
    "devops_solution_architecture",
    "DevOps & Solution Architecture",
    ["Kubernetes cluster hardening", "Set up CI/CD with GitHub Actions", "AWS cost review and migration plan"],
    ["Kubernetes", "AWS", "Terraform", "GitHub Actions", "DevOps"],
  ],
  [
    "translation",
    "language_localization",
    "Language Localization",
    ["Translate an app into German and French", "Spanish subtitles for 10 videos"],
    ["Translation", "German", "French", "Spanish", "Localization"],
  ],
  [
    "accounting_consulting",
    "accounting_bookkeeping",
    "Accounting & Bookkeeping",
    ["Bookkeeper for a small e-commerce brand", "Financial model for a seed round"],
    ["Bookkeeping", "QuickBooks", "Financial Modeling", "Xero"],
  ],
];

// Upstream sends full names, sometimes alpha-3 codes (docs/upwork-source.md#data-quirks). [country, city, timezone]
const PLACES: readonly [string, string | null, string | null][] = [
  ["United States", "Austin", "America/Chicago"],
  ["United States", "New York", "America/New_York"],
  ["United States", null, "America/Los_Angeles"],
  ["GBR", "London", "Europe/London"],
  ["United Kingdom", "Leeds", "Europe/London"],
  ["IND", null, "Asia/Kolkata"],
  ["India", "Bengaluru", "Asia/Kolkata"],
  ["Germany", "Berlin", "Europe/Berlin"],
  ["Canada", "Toronto", "America/Toronto"],
  ["Australia", "Sydney", "Australia/Sydney"],
  ["PAK", "Lahore", "Asia/Karachi"],
  ["Netherlands", "Amsterdam", "Europe/Amsterdam"],
  ["France", "Paris", "Europe/Paris"],
  ["United Arab Emirates", "Dubai", "Asia/Dubai"],
  ["Israel", "Tel Aviv", "Asia/Jerusalem"],
  ["Brazil", "São Paulo", "America/Sao_Paulo"],
  ["Singapore", null, null],
  ["UKR", "Kyiv", "Europe/Kyiv"],
];
const TIERS = ["ENTRY_LEVEL", "INTERMEDIATE", "EXPERT"] as const;
const FIXED = [50, 120, 250, 400, 600, 900, 1000, 1500, 2500, 4000, 7500, 15000];
const RATES = [8, 12, 18, 25, 35, 45, 60, 80, 110];
const DURATIONS = [
  ["WEEK", "Less than 1 month"],
  ["MONTH", "1 to 3 months"],
  ["QUARTER", "3 to 6 months"],
  ["ONGOING", "More than 6 months"],
] as const;
const ENGAGEMENTS = ["Less than 30 hrs/week", "30+ hrs/week", "Hours to be determined", null] as const;
const money = (n: number | null) => (n === null ? null : { rawValue: n.toFixed(1), currency: "USD", displayValue: n.toFixed(1) });
const upwTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");

const demoId = (k: number) => `${ID_PREFIX}${String(k).padStart(15, "0")}`;
const demoK = (id: string) => (id.startsWith(ID_PREFIX) ? Number(id.slice(ID_PREFIX.length)) : -1);

/** Job number k in the official search-node shape, published at `postedMs`. */
export function demoNode(k: number, postedMs: number): Record<string, unknown> {
  const [group, sub, subLabel, titles, skills] = pick(TOPICS, k, 1);
  const [country, city, timezone] = pick(PLACES, k, 2);
  // k % 5: 0 hourly, 1 fixed ≥ 1,000, else either (so each later run of 5 has both kinds).
  const fixed = k % 5 === 1 || (k % 5 > 1 && rnd(k, 3) < 0.5);
  const amount = k % 5 === 1 ? pick(FIXED.slice(6), k, 4) : pick(FIXED, k, 4);
  const rate = pick(RATES, k, 5);
  const budgetKind = rnd(k, 6);
  const newClient = rnd(k, 7) < 0.2;
  const hires = newClient ? 0 : Math.floor(rnd(k, 8) ** 2 * 300);
  const [duration, durationLabel] = pick(DURATIONS, k, 9);
  const title = pick(titles, k, 10);
  const chosen = [...new Set([pick(skills, k, 11), pick(skills, k, 12), pick(skills, k, 13)])];
  return {
    id: demoId(k),
    ciphertext: `~02${demoId(k)}`,
    title,
    description: `${title}. ${pick(["We are a small team and need", "Our agency needs", "I run an online store and need", "Our startup needs"], k, 14)} help with ${subLabel.toLowerCase()}. Skills: ${chosen.join(", ")}. ${pick(["Long-term work for the right person.", "Please start your proposal with your favourite project.", "Clear milestones, quick feedback.", "Fast turnaround needed."], k, 15)}`,
    createdDateTime: upwTime(postedMs - 1000),
    publishedDateTime: upwTime(postedMs),
    renewedDateTime: rnd(k, 16) < 0.1 ? upwTime(postedMs + HOUR) : null,
    duration,
    durationLabel,
    engagement: fixed ? null : pick(ENGAGEMENTS, k, 17),
    amount: money(fixed ? amount : 0),
    hourlyBudgetType: fixed ? null : budgetKind < 0.15 ? "NOT_PROVIDED" : "MANUAL",
    hourlyBudgetMin: fixed || budgetKind < 0.15 ? null : money(rate),
    hourlyBudgetMax: fixed || budgetKind < 0.3 ? null : money(Math.round(rate * 1.6)),
    weeklyBudget: null,
    experienceLevel: pick(TIERS, k, 18),
    category: group,
    subcategory: sub,
    freelancersToHire: 1,
    totalFreelancersToHire: null,
    enterprise: hires > 150,
    premium: hires > 200,
    applied: false,
    totalApplicants: Math.floor(rnd(k, 19) * 60),
    preferredFreelancerLocation: null,
    preferredFreelancerLocationMandatory: false,
    skills: chosen.map((s) => ({ name: s.toLowerCase().replace(/\W+/g, "-"), prettyName: s, highlighted: false })),
    occupations: { category: occupationCategory(group), subCategories: [{ id: `9${k}`, prefLabel: subLabel }] },
    engagementDuration: null,
    client: {
      totalHires: hires,
      totalPostedJobs: newClient ? 1 : hires + Math.floor(rnd(k, 20) * 20),
      totalSpent: newClient ? null : money(Math.round(rnd(k, 21) ** 3 * 400_000 * 100) / 100),
      verificationStatus: newClient || rnd(k, 22) < 0.25 ? null : "VERIFIED",
      location: { city, country, state: null, timezone },
      totalReviews: Math.floor(hires * 0.8),
      totalFeedback: hires ? Math.round((4 + rnd(k, 23)) * 100) / 100 : 0,
      hasFinancialPrivacy: false,
    },
  };
}

/** The detail answer for job k at `nowMs`: some close after three days, some are private. */
function demoDetail(k: number, postedMs: number, nowMs: number): { data: unknown; errors: unknown[] } {
  if (k % 9 === 4)
    return {
      data: null,
      errors: [{ message: "Job posting is not accessible: private", extensions: { classification: "ExecutionAborted" } }],
    };
  const ageHours = Math.max(0, (nowMs - postedMs) / HOUR);
  const closed = k % 4 === 0 && ageHours > 72;
  return {
    data: {
      id: demoId(k),
      workFlowState: { status: closed ? "CLOSED" : "ACTIVE", closeResult: closed ? "0" : null },
      activityStat: {
        jobActivity: {
          totalHired: closed ? 1 : 0,
          totalInvitedToInterview: Math.floor(rnd(k, 24) * 6),
          totalUnansweredInvites: Math.floor(rnd(k, 25) * 3),
          invitesSent: Math.floor(rnd(k, 24) * 6) + 2,
          totalOffered: closed ? 1 : 0,
          totalRecommended: null,
          lastClientActivity: new Date(Math.min(nowMs, postedMs + (1 + rnd(k, 26) * 40) * HOUR)).toISOString(),
        },
      },
    },
    errors: [],
  };
}

/** A Poisson-distributed count with mean `mean` (Knuth; the mean here is small), at most `cap`. */
function poisson(mean: number, random: () => number, cap: number): number {
  const limit = Math.exp(-Math.min(mean, 30));
  let n = 0;
  for (let p = random(); p > limit && n < cap; p *= random()) n++;
  return n;
}

const LIVE_CAP = 50;

export class DemoJobSource implements IngestSource<Job> {
  readonly name = "demo" as const;

  constructor(private readonly random: () => number = Math.random) {}

  async *pages(ctx: SourceContext): AsyncIterable<SourcePage<Job>> {
    const now = ctx.now.getTime();
    // A tick: the jobs that appeared since the previous tick (none on the first; the backlog comes from a run).
    let live: { since: number; count: number } | null = null;
    if (ctx.reach === "newest") {
      const since = (await swapDemoPollTime(ctx.env.DB, now)) ?? now;
      live = { since, count: poisson((ctx.settings.demoJobsPerMinute * Math.max(0, now - since)) / 60_000, this.random, LIVE_CAP) };
      if (live.count === 0) return;
    }
    // Claim a range of k atomically: the first claim inserts the backlog, later ones add their count.
    const perRun = live?.count ?? DEMO_PER_RUN;
    const end = await claimDemoRange(ctx.env.DB, DEMO_BACKLOG, perRun);
    const start = end === DEMO_BACKLOG ? 0 : end - perRun;
    const times = live ? Array.from({ length: perRun }, () => live.since + this.random() * (now - live.since)).sort((a, b) => a - b) : [];
    // Backlog: one job every ~2.5 h back to 25 days ago; a run's jobs: the last few minutes; a tick's: since the last tick.
    const postedAt = (k: number) =>
      end === DEMO_BACKLOG
        ? now - (DEMO_BACKLOG - k) * 2.5 * HOUR + rnd(k, 30) * HOUR
        : live
          ? Math.round(times[k - start]!)
          : now - (end - k) * 45_000;
    // Newest first, in pages of 50, like the real search.
    const nodes = [];
    for (let k = end - 1; k >= start; k--) nodes.push({ cursor: String(end - k), node: demoNode(k, postedAt(k)) });
    for (let i = 0; i < nodes.length; i += 50) yield pageOf(nodes.slice(i, i + 50).map(normalizeSearchNode));
  }

  async *refresh(ctx: SourceContext, known: Job[]): AsyncIterable<SourcePage<Job>> {
    const page: SourcePage<Job> & { missing: string[] } = { items: [], skipped: [], fetched: 0, missing: [] };
    for (const job of known) {
      const k = demoK(job.id);
      if (k < 0) continue; // not a demo job (e.g. stored by another source before switching)
      const { data, errors } = demoDetail(k, Date.parse(job.posted_on), ctx.now.getTime());
      const outcome = applyDetail(job, data, errors);
      page.fetched++;
      if (outcome.kind === "job") {
        page.items.push(outcome.job);
        page.skipped.push(...outcome.notes);
      } else {
        page.items.push(job);
        if (outcome.kind === "invalid") page.skipped.push(outcome.reason);
        else page.missing.push(job.id);
      }
    }
    yield page;
  }
}
