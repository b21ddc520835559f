// Synthetic jobs for benchmarks: valid JobSchema objects (src/jobs/model.ts) whose filterable
// fields all vary, with text that has a realistic long-tail vocabulary so FTS5 posting lists look
// like real ones. Deterministic: job i is the same on every run. Benchmarks run under tsx, so the
// stored row and the PRNG come from src/ itself.

import { jobToRow } from "../../src/db/jobs.ts";
import { mulberry32 } from "../../src/lib/random.ts";
import { isoSeconds as iso } from "../../src/lib/time.ts";

const pick = (r, list) => list[Math.floor(r() * list.length)];
const some = (r, list, n) => [...list].sort(() => r() - 0.5).slice(0, n);

// [category name, slug, group, group slug, skills, tags, title templates]
export const CATEGORIES = [
  [
    "Web Development",
    "web-development",
    "Web, Mobile & Software Dev",
    "web-mobile-software-dev",
    ["React", "TypeScript", "JavaScript", "Node.js", "Next.js", "PHP", "Laravel", "Vue.js", "HTML", "CSS", "Django", "Python"],
    ["saas", "dashboard", "landing page", "api integration", "bug fix"],
    [
      "Build a {s} dashboard for our SaaS",
      "Fix bugs in our {s} web app",
      "Senior {s} developer for an ongoing project",
      "Landing page in {s}",
    ],
  ],
  [
    "Mobile Development",
    "mobile-development",
    "Web, Mobile & Software Dev",
    "web-mobile-software-dev",
    ["Flutter", "Dart", "Swift", "iOS", "Android", "Kotlin", "React Native", "Firebase"],
    ["mobile app", "mvp", "app store", "push notifications"],
    ["{s} developer to finish our mobile app", "Build an MVP app with {s}", "Publish our {s} app to the store"],
  ],
  [
    "Scripts & Utilities",
    "scripts-utilities",
    "Web, Mobile & Software Dev",
    "web-mobile-software-dev",
    ["Python", "Web Scraping", "Selenium", "Automation", "Google Apps Script", "Bash"],
    ["automation", "scraper", "data pipeline"],
    ["{s} script to automate reports", "Web scraping with {s}", "Automate our workflow with {s}"],
  ],
  [
    "DevOps & Solution Architecture",
    "devops-solution-architecture",
    "Web, Mobile & Software Dev",
    "web-mobile-software-dev",
    ["AWS", "Docker", "Kubernetes", "Terraform", "CI/CD", "Linux", "Cloudflare Workers", "Google Cloud Platform"],
    ["infrastructure", "migration", "cost optimization", "security"],
    ["Migrate our stack to {s}", "{s} engineer for infrastructure work", "Set up {s} pipelines"],
  ],
  [
    "Data Analysis & Testing",
    "data-analysis-testing",
    "Data Science & Analytics",
    "data-science-analytics",
    ["SQL", "Python", "Tableau", "Microsoft Power BI", "Excel", "Data Visualization", "pandas"],
    ["reporting", "kpi", "analytics", "dashboard"],
    ["{s} analyst for monthly reporting", "Build KPI dashboards in {s}", "Clean and analyse sales data with {s}"],
  ],
  [
    "AI & Machine Learning",
    "ai-machine-learning",
    "Data Science & Analytics",
    "data-science-analytics",
    ["Machine Learning", "Python", "PyTorch", "LLM", "OpenAI API", "LangChain", "Computer Vision", "NLP"],
    ["ai", "chatbot", "rag", "fine-tuning"],
    ["Build an AI chatbot with {s}", "{s} engineer for a RAG prototype", "Fine-tune a model using {s}"],
  ],
  [
    "Graphic, Editorial & Presentation Design",
    "graphic-editorial-presentation-design",
    "Design & Creative",
    "design-creative",
    ["Adobe Illustrator", "Adobe Photoshop", "Logo Design", "Brand Identity", "Canva", "Presentation Design"],
    ["branding", "logo", "pitch deck", "social media"],
    ["Design a logo and brand identity", "Pitch deck designer ({s})", "{s} designer for social media posts"],
  ],
  [
    "Product Design",
    "product-design",
    "Design & Creative",
    "design-creative",
    ["Figma", "UI Design", "UX Research", "Prototyping", "Wireframing", "Adobe XD"],
    ["ui", "ux", "mobile app", "redesign"],
    ["Redesign our app in {s}", "{s} designer for a B2B product", "UX audit and {s} prototypes"],
  ],
  [
    "Video & Animation",
    "video-animation",
    "Design & Creative",
    "design-creative",
    ["Video Editing", "Adobe Premiere Pro", "Adobe After Effects", "Motion Graphics", "DaVinci Resolve"],
    ["youtube", "short form", "explainer video"],
    ["Video editor for YouTube channel ({s})", "Explainer video with {s}", "Edit short-form clips in {s}"],
  ],
  [
    "Content Writing",
    "content-writing",
    "Writing",
    "writing",
    ["Content Writing", "Copywriting", "SEO Writing", "Blog Writing", "Ghostwriting", "Newsletter"],
    ["newsletter", "blog", "founder stories", "growth marketing"],
    ["Write a weekly newsletter", "{s} for our B2B blog", "Ghostwriter for founder stories"],
  ],
  [
    "Translation & Localization Services",
    "translation-localization-services",
    "Translation",
    "translation",
    ["Translation", "Spanish", "French", "German", "Japanese", "Proofreading", "Localization"],
    ["localization", "website", "documents"],
    ["Translate our website into {s}", "{s} translator for product docs", "Localize an app ({s})"],
  ],
  [
    "Digital Marketing",
    "digital-marketing",
    "Sales & Marketing",
    "sales-marketing",
    ["SEO", "Google Ads", "Facebook Ads", "Social Media Marketing", "Email Marketing", "Growth Hacking"],
    ["growth marketing", "paid ads", "lead generation", "saas"],
    ["{s} expert to grow our traffic", "Run {s} campaigns for e-commerce", "{s} strategy for a SaaS launch"],
  ],
  [
    "Lead Generation & Telemarketing",
    "lead-generation-telemarketing",
    "Sales & Marketing",
    "sales-marketing",
    ["Lead Generation", "Cold Calling", "LinkedIn", "Appointment Setting", "HubSpot"],
    ["b2b", "outreach", "sales"],
    ["B2B lead generation with {s}", "Appointment setter ({s})", "Build a prospect list using {s}"],
  ],
  [
    "Virtual Assistance",
    "virtual-assistance",
    "Admin Support",
    "admin-support",
    ["Data Entry", "Virtual Assistance", "Email Management", "Microsoft Excel", "Customer Service"],
    ["admin", "part time", "long term"],
    ["Virtual assistant for {s}", "{s} help, ongoing", "Part-time assistant: {s}"],
  ],
  [
    "Accounting & Bookkeeping",
    "accounting-bookkeeping",
    "Accounting & Consulting",
    "accounting-consulting",
    ["Bookkeeping", "QuickBooks Online", "Xero", "Tax Preparation", "Financial Modeling"],
    ["finance", "monthly close", "startup"],
    ["Bookkeeper with {s}", "{s} for a small business", "Monthly close in {s}"],
  ],
  [
    "Ecommerce Development",
    "ecommerce-development",
    "Web, Mobile & Software Dev",
    "web-mobile-software-dev",
    ["Shopify", "WooCommerce", "WordPress", "Liquid", "Magento", "Stripe"],
    ["ecommerce", "store", "checkout", "wordpress"],
    ["Shopify store setup ({s})", "Customize our {s} theme", "Fix checkout issues in {s}"],
  ],
];

// [ISO code, city, timezone, weight]
const COUNTRIES = [
  ["US", "Austin", "America/Chicago", 30],
  ["GB", "London", "Europe/London", 9],
  ["CA", "Toronto", "America/Toronto", 6],
  ["AU", "Sydney", "Australia/Sydney", 5],
  ["DE", "Berlin", "Europe/Berlin", 5],
  ["IN", "Bengaluru", "Asia/Kolkata", 5],
  ["AE", "Dubai", "Asia/Dubai", 3],
  ["NL", "Amsterdam", "Europe/Amsterdam", 3],
  ["FR", "Paris", "Europe/Paris", 3],
  ["IL", "Tel Aviv", "Asia/Jerusalem", 2],
  ["SG", "Singapore", "Asia/Singapore", 2],
  ["ES", "Madrid", "Europe/Madrid", 2],
  ["PL", "Warsaw", "Europe/Warsaw", 2],
  ["BR", "Sao Paulo", "America/Sao_Paulo", 2],
  ["PK", "Lahore", "Asia/Karachi", 2],
  ["CH", "Zurich", "Europe/Zurich", 1],
  ["SE", "Stockholm", "Europe/Stockholm", 1],
  ["MX", "Mexico City", "America/Mexico_City", 1],
  ["NG", "Lagos", "Africa/Lagos", 1],
  ["JP", "Tokyo", "Asia/Tokyo", 1],
];
const COUNTRY_TOTAL = COUNTRIES.reduce((s, c) => s + c[3], 0);

const DURATIONS = ["Less than 1 month", "1 to 3 months", "3 to 6 months", "More than 6 months"];
const COMMON = (
  "we are looking for a an the and with to of in on our for experienced developer designer help " +
  "project team work need please include your portfolio budget timeline long term ongoing quality fast " +
  "communication english required nice have plus must startup company agency client existing new build " +
  "create improve fix update integrate deliver weekly daily hours remote flexible detail oriented"
).split(" ");
const TAIL = Array.from({ length: 6000 }, (_, i) => `w${i.toString(36)}`);

function pickCountry(r) {
  let x = r() * COUNTRY_TOTAL;
  for (const c of COUNTRIES) {
    x -= c[3];
    if (x < 0) return c;
  }
  return COUNTRIES[0];
}

const money = (x) => Math.round(x * 100) / 100;

/**
 * Job number `i` of a corpus whose newest job was posted at `newestMs`. Posting times spread over
 * `spanDays` (several jobs share a second now and then, so the id tie-break matters).
 */
export function generateJob(i, { newestMs = Date.UTC(2026, 10, 20, 12), spanDays = 90 } = {}) {
  const r = mulberry32((i + 1) * 2654435761);
  const [name, slug, group, groupSlug, skillPool, tagPool, titles] = pick(r, CATEGORIES);
  const skills = some(r, skillPool, 2 + Math.floor(r() * 5));
  const tags = r() < 0.15 ? [] : some(r, tagPool, 1 + Math.floor(r() * 3));
  const hourly = r() < 0.45;
  const postedMs = newestMs - Math.floor(r() * spanDays * 86_400) * 1000;
  const [country, city, timezone] = r() < 0.04 ? [null, null, null] : pickCountry(r);
  const newBuyer = r() < 0.3;
  const totalSpent = newBuyer ? 0 : money(Math.exp(r() * 13)); // 1 .. ~440k, log-spread
  const hires = newBuyer ? 0 : Math.floor(r() * r() * 120);
  const assignments = hires + Math.floor(r() * 10);
  const applicants = Math.floor(r() * r() * 120);
  const isPrivate = r() < 0.03;
  let hourlyBudget = null;
  if (hourly && r() >= 0.06) {
    // Some clients give no range at all (null), some only a minimum (max null).
    const min = Math.round(5 + r() * r() * 120);
    hourlyBudget = { min, max: r() < 0.25 ? null : min + Math.round(5 + r() * 60) };
  }
  const fixed = hourly ? null : r() < 0.03 ? null : Math.round(Math.exp(1.6 + r() * 8.6)); // ~5 .. ~27k
  const words = [];
  const n = 30 + Math.floor(r() * 150);
  for (let k = 0; k < n; k++) {
    const x = r();
    if (x < 0.6) words.push(pick(r, COMMON));
    else if (x < 0.72) words.push(pick(r, skills));
    else if (x < 0.78) words.push(pick(r, tagPool));
    else words.push(TAIL[Math.floor(r() * r() * TAIL.length)]);
  }
  const title = pick(r, titles).replace("{s}", skills[0]);
  const id = String(2_090_000_000_000_000_000n + BigInt(i));
  return {
    id,
    title,
    description: `${title}. ${words.join(" ")}.`,
    url: `https://www.upwork.com/jobs/~02${id}`,
    posted_on: iso(postedMs),
    last_visited_at: iso(postedMs + Math.floor(r() * 36_000) * 1000),
    job_type: hourly ? 1 : 2,
    status: r() < 0.85 ? 1 : 2,
    contractor_tier: 1 + Math.floor(r() * 3),
    category: { name, slug, group, group_slug: groupSlug },
    budget: { fixed_amount: fixed, currency: "USD" },
    hourly_budget: hourlyBudget,
    buyer: {
      payment_verified: r() < 0.75,
      country,
      city,
      timezone,
      total_spent: totalSpent,
      total_assignments: assignments,
      total_jobs_with_hires: hires,
    },
    skills,
    tags,
    client_activity: {
      total_applicants: applicants,
      total_hired: Math.floor(r() * 3),
      total_invited_to_interview: Math.floor(r() * Math.min(applicants + 1, 15)),
      unanswered_invites: Math.floor(r() * 4),
      invitations_sent: Math.floor(r() * 12),
      last_buyer_activity: r() < 0.2 ? null : iso(postedMs + Math.floor(r() * 72_000) * 1000),
    },
    duration_label: pick(r, DURATIONS),
    engagement: pick(r, ["full-time", "part-time", "as-needed", "as-needed", ""]),
    is_private: isPrivate,
    privacy_reason: isPrivate ? "Only freelancers invited by the client can view this job" : "",
  };
}

const ROW_COLUMNS = Object.keys(jobToRow(generateJob(0), ""));
// The statement shape of upsertJobs (src/db/jobs.ts): one JSON parameter carries many rows.
const INSERT_ROWS = `INSERT INTO jobs (${ROW_COLUMNS.join(", ")}) SELECT ${ROW_COLUMNS.map((c) => `json_extract(value, '$.${c}')`).join(", ")} FROM json_each(?1)`;

/**
 * Inserts jobs into a D1 binding (e.g. from openLocalD1 in wrangler.mjs) as upsertJobs does: rows
 * as one bound JSON parameter per statement (under `chunkBytes`), statements sent in batches.
 */
export async function insertJobs(db, jobs, now, { chunkBytes = 900_000, statementsPerBatch = 4 } = {}) {
  let statements = [];
  let rows = [];
  let size = 0;
  const flushRows = () => {
    if (rows.length) statements.push(db.prepare(INSERT_ROWS).bind(`[${rows.join(",")}]`));
    rows = [];
    size = 0;
  };
  const flushBatch = async () => {
    if (statements.length) await db.batch(statements);
    statements = [];
  };
  for (const job of jobs) {
    // Received when posted (as the poller does), so received_at windows (feeds, filter previews) look real.
    const row = JSON.stringify({ ...jobToRow(job, now), first_seen: job.posted_on });
    if (size + row.length > chunkBytes) {
      flushRows();
      if (statements.length >= statementsPerBatch) await flushBatch();
    }
    rows.push(row);
    size += row.length + 1;
  }
  flushRows();
  await flushBatch();
}
