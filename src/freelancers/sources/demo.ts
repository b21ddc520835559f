// The demo freelancer source: no network. A fixed, deterministic population of synthetic profiles
// (plus the fixtures), served as upstream would serve them (half in the website's
// visitorFreelancerSearchV2 shape, half in the official freelancerProfileSearchRecords shape) and run
// through the real normalizer. Varied on purpose: every /freelancers filter keeps some and drops others.

import { tokenize } from "../../jobs/keyword";
import { mulberry32 } from "../../lib/random";
import officialFixture from "../fixtures/official-search.json";
import visitorFixture from "../fixtures/visitor-search.json";
import { normalizeOfficialSearch, normalizeVisitorSearch } from "../normalize";
import type { FreelancerPageRequest, FreelancerPageResult, FreelancerSource } from "./types";

interface Role {
  titles: string[];
  skills: string[];
  blurb: string;
  rate: [number, number];
}

const ROLES: Role[] = [
  {
    titles: ["React developer", "Senior React & Next.js developer", "Frontend developer (React, TypeScript)"],
    skills: ["React", "JavaScript", "TypeScript", "Next.js", "Node.js", "Redux"],
    blurb: "I build fast web apps and dashboards with React and TypeScript.",
    rate: [25, 110],
  },
  {
    titles: ["Python developer", "Backend Python engineer (Django, FastAPI)", "Python automation developer"],
    skills: ["Python", "Django", "FastAPI", "PostgreSQL", "Web Scraping", "REST API"],
    blurb: "APIs, scrapers and automation scripts in Python.",
    rate: [20, 95],
  },
  {
    titles: ["Data analyst", "Data scientist - machine learning", "BI analyst (Power BI, Tableau)"],
    skills: ["SQL", "Python", "Tableau", "Microsoft Power BI", "Machine Learning", "Data Analysis"],
    blurb: "Dashboards, forecasting models and clean data for decision makers.",
    rate: [20, 120],
  },
  {
    titles: ["Shopify developer", "WordPress web developer", "WooCommerce and Shopify expert"],
    skills: ["Shopify", "WordPress", "PHP", "Liquid", "WooCommerce", "CSS"],
    blurb: "Online stores, themes and speed optimisation.",
    rate: [15, 70],
  },
  {
    titles: ["UI/UX designer", "Product designer (Figma)", "Mobile app UI designer"],
    skills: ["Figma", "UI Design", "UX Research", "Prototyping", "Adobe XD"],
    blurb: "User research, wireframes and polished interfaces in Figma.",
    rate: [20, 100],
  },
  {
    titles: ["Graphic designer", "Logo and brand identity designer", "Illustrator and graphic designer"],
    skills: ["Logo Design", "Adobe Illustrator", "Adobe Photoshop", "Brand Identity", "Graphic Design"],
    blurb: "Logos, brand kits and print-ready artwork.",
    rate: [10, 60],
  },
  {
    titles: ["Content writer", "SEO blog writer", "Technical writer"],
    skills: ["Content Writing", "SEO Writing", "Copywriting", "Blog Writing", "Technical Writing"],
    blurb: "Articles and docs that rank and read well.",
    rate: [12, 75],
  },
  {
    titles: ["Digital marketing specialist", "Google Ads and Facebook Ads expert", "SEO and social media marketing manager"],
    skills: ["SEO", "Google Ads", "Facebook Ads", "Social Media Marketing", "Email Marketing"],
    blurb: "Paid and organic marketing campaigns with measurable results.",
    rate: [15, 90],
  },
  {
    titles: ["Mobile developer (Flutter)", "iOS developer (Swift)", "React Native mobile developer"],
    skills: ["Flutter", "Dart", "Swift", "iOS", "Android", "React Native"],
    blurb: "Cross-platform and native mobile apps from idea to store.",
    rate: [25, 120],
  },
  {
    titles: ["DevOps engineer", "AWS cloud engineer", "Kubernetes and Terraform specialist"],
    skills: ["AWS", "Docker", "Kubernetes", "Terraform", "CI/CD", "Linux"],
    blurb: "Cloud infrastructure, CI/CD pipelines and cost reviews.",
    rate: [35, 150],
  },
  {
    titles: ["Virtual assistant", "Executive virtual assistant", "Data entry and admin assistant"],
    skills: ["Data Entry", "Customer Service", "Email Management", "Microsoft Excel", "Administrative Support"],
    blurb: "Inbox, calendar and admin support so you can focus.",
    rate: [5, 25],
  },
  {
    titles: ["Video editor", "YouTube video editor", "Motion graphics artist and video editor"],
    skills: ["Video Editing", "Adobe Premiere Pro", "Adobe After Effects", "Motion Graphics", "DaVinci Resolve"],
    blurb: "Edits, colour and motion graphics for YouTube and ads.",
    rate: [12, 80],
  },
];

const PLACES: { country: string; city: string; state: string | null; timezone: string }[] = [
  { country: "United States", city: "Austin", state: "TX", timezone: "America/Chicago" },
  { country: "United States", city: "Seattle", state: "WA", timezone: "America/Los_Angeles" },
  { country: "Ukraine", city: "Lviv", state: "Lviv", timezone: "UTC+02:00 Israel" },
  { country: "Poland", city: "Krakow", state: null, timezone: "Europe/Warsaw" },
  { country: "India", city: "Bengaluru", state: "Karnataka", timezone: "Asia/Kolkata" },
  { country: "Pakistan", city: "Lahore", state: "Punjab", timezone: "Asia/Karachi" },
  { country: "Philippines", city: "Cebu", state: null, timezone: "Asia/Manila" },
  { country: "United Kingdom", city: "Manchester", state: null, timezone: "Europe/London" },
  { country: "Germany", city: "Berlin", state: null, timezone: "Europe/Berlin" },
  { country: "Brazil", city: "Sao Paulo", state: "SP", timezone: "America/Sao_Paulo" },
  { country: "Argentina", city: "Cordoba", state: null, timezone: "America/Argentina/Cordoba" },
  { country: "Nigeria", city: "Lagos", state: "Lagos", timezone: "Africa/Lagos" },
  { country: "Egypt", city: "Cairo", state: null, timezone: "Africa/Cairo" },
  { country: "Canada", city: "Toronto", state: "ON", timezone: "America/Toronto" },
  { country: "Bangladesh", city: "Dhaka", state: null, timezone: "Asia/Dhaka" },
  { country: "Serbia", city: "Belgrade", state: null, timezone: "Europe/Belgrade" },
];

const FIRST = [
  "Anna",
  "Omar",
  "Li",
  "Maria",
  "Ivan",
  "Sara",
  "Tunde",
  "Elena",
  "Raj",
  "Chloe",
  "Mateo",
  "Aisha",
  "Pavel",
  "Grace",
  "Hiro",
  "Lucia",
  "Ahmed",
  "Nina",
  "Kofi",
  "Jonas",
];
const LAST = "ABCDEFGHIJKLMNOPRSTVWZ";

/** Synthetic profiles per role: 12 roles × 30 = 360, plus the 9 fixture profiles. */
const PER_ROLE = 30;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

interface Synthetic {
  shape: "visitor" | "official";
  raw: Record<string, unknown>;
  text: Set<string>;
}

function ciphertextOf(i: number): string {
  const r = mulberry32(i * 7919 + 17);
  let hex = "";
  while (hex.length < 18) hex += Math.floor(r() * 16).toString(16);
  return `~01${hex}`;
}

function synthetic(i: number): Synthetic {
  const r = mulberry32(i + 1);
  const role = ROLES[i % ROLES.length]!;
  const place = pick(r, PLACES);
  const title = pick(r, role.titles);
  const skills = [...role.skills].sort(() => r() - 0.5).slice(0, 3 + Math.floor(r() * 3));
  const years = 2 + Math.floor(r() * 12);
  const description = `${role.blurb} ${years} years of experience with ${skills.slice(0, 2).join(" and ")}.`;
  const name = `${pick(r, FIRST)} ${pick(r, LAST.split(""))}.`;
  const ciphertext = ciphertextOf(i);
  const noRate = r() < 0.05;
  const rate = noRate ? null : Math.round((role.rate[0] + r() * (role.rate[1] - role.rate[0])) * 2) / 2;
  const isNew = r() < 0.12;
  const jss = isNew ? null : Math.round((0.6 + r() * 0.4) * 100) / 100;
  const earnings = isNew ? 0 : Math.round(r() * r() * 400_000);
  const badgeRoll = r();
  const topRatedPlus = !isNew && jss !== null && jss >= 0.9 && badgeRoll < 0.15;
  const topRated = topRatedPlus || (!isNew && jss !== null && jss >= 0.85 && badgeRoll < 0.5);
  const hipo = !topRated && badgeRoll > 0.85;
  const hideEarnings = r() < 0.08;
  const hideJss = r() < 0.06;
  const hourlyJobs = isNew ? 0 : Math.floor(r() * 60);
  const fixedJobs = isNew ? 0 : Math.floor(r() * 40);
  const text = new Set(tokenize([name, title, description, skills.join(" ")].join(" ")));
  if (i % 2 === 0) {
    return {
      shape: "visitor",
      text,
      raw: {
        personId: String(1_910_000_000_000_000_000n + BigInt(i)),
        vetted: r() < 0.05,
        totalCompletedJobs: hourlyJobs + fixedJobs,
        individualTotalEarnings: earnings,
        profile: {
          identity: { id: String(1_920_000_000_000_000_000n + BigInt(i)), ciphertext },
          personalData: {
            title,
            firstName: name.split(" ")[0],
            lastName: name.split(" ")[1],
            description,
            location: place,
            chargeRate: rate === null ? null : { rawValue: rate.toFixed(1), currency: "USD" },
            portrait: {
              portrait100: `https://www.upwork.com/profile-portraits/demo-${i}-100`,
              portrait150: `https://www.upwork.com/profile-portraits/demo-${i}-150`,
            },
            profileUrl: `https://www.upwork.com/freelancers/${ciphertext}`,
          },
          skills: skills.map((s, k) => ({
            id: String(1_031_626_700_000_000_000n + BigInt(k)),
            skill: s.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
            prettyName: s,
          })),
          verifications: { idVerified: r() < 0.8 },
          preferences: { hideEarnings, hideJss },
          profileAggregates: {
            nSS100BwScore: jss,
            topRatedStatus: topRated ? "top_rated" : hipo ? "hipo" : null,
            topRatedPlusStatus: topRatedPlus ? "top_rated_plus" : null,
            totalHours: isNew ? 0 : Math.round(r() * 8000 * 100) / 100,
            totalHourlyJobs: hourlyJobs,
            totalFixedJobs: fixedJobs,
            totalEarnings: earnings,
          },
        },
      },
    };
  }
  // The official record: no JSS or earnings figures, one badge status, an ISO-2 country sometimes.
  return {
    shape: "official",
    text,
    raw: {
      id: String(1_930_000_000_000_000_000n + BigInt(i)),
      ciphertext,
      shortName: name,
      title,
      description,
      portrait: `https://www.upwork.com/profile-portraits/demo-${i}`,
      totalHourlyJobs: hourlyJobs,
      totalFixedPriceJobs: fixedJobs,
      skills: skills.map((s) => ({ preferredLabel: s })),
      hourlyRate: rate === null ? null : { rawValue: String(rate), currency: "USD", displayValue: `$${rate}` },
      topRatedStatus: topRatedPlus ? "TOP_RATED_PLUS" : topRated ? "TOP_RATED" : hipo ? "RISING_TALENT" : null,
      hideEarnings,
      location: { country: i % 4 === 1 ? place.country : countryCodeOf(place.country), city: place.city, state: place.state },
    },
  };
}

function countryCodeOf(name: string): string {
  const codes: Record<string, string> = {
    "United States": "US",
    Ukraine: "UA",
    Poland: "PL",
    India: "IN",
    Pakistan: "PK",
    Philippines: "PH",
    "United Kingdom": "GB",
    Germany: "DE",
    Brazil: "BR",
    Argentina: "AR",
    Nigeria: "NG",
    Egypt: "EG",
    Canada: "CA",
    Bangladesh: "BD",
    Serbia: "RS",
  };
  return codes[name] ?? name;
}

function fixtureEntries(): Synthetic[] {
  const visitor = visitorFixture.data.search.universalSearchNuxt.visitorFreelancerSearchV2.profiles as unknown as Record<string, unknown>[];
  const official = officialFixture.data.freelancerProfileSearchRecords.edges.map((e) => e.node) as unknown as Record<string, unknown>[];
  const entry = (shape: Synthetic["shape"], raw: Record<string, unknown>): Synthetic => ({
    shape,
    raw,
    text: new Set(tokenize(JSON.stringify(raw).replace(/"[A-Za-z0-9]+":/g, " "))),
  });
  return [...visitor.map((p) => entry("visitor", p)), ...official.map((n) => entry("official", n))];
}

let population: Synthetic[] | undefined;
function all(): Synthetic[] {
  population ??= [...fixtureEntries(), ...Array.from({ length: ROLES.length * PER_ROLE }, (_, i) => synthetic(i))];
  return population;
}

/** Profiles matching any word of the query (upstream searches are lenient; ours ranks afterwards). Empty query: everyone. */
function matches(query: string): Synthetic[] {
  const words = tokenize(query);
  if (!words.length) return all();
  return all().filter((s) => words.some((w) => s.text.has(w)));
}

export class DemoFreelancerSource implements FreelancerSource {
  readonly name = "demo" as const;

  async search({ query, page, perPage }: FreelancerPageRequest): Promise<FreelancerPageResult> {
    const found = matches(query);
    const slice = found.slice((page - 1) * perPage, page * perPage);
    // Serve the slice the way upstream would: one body per shape, each through the real normalizer.
    const visitorBody = {
      data: {
        search: {
          universalSearchNuxt: {
            visitorFreelancerSearchV2: {
              pagingInfo: { total: found.length, offset: (page - 1) * perPage, count: slice.length },
              profiles: slice.filter((s) => s.shape === "visitor").map((s) => s.raw),
            },
          },
        },
      },
    };
    const officialBody = {
      data: {
        freelancerProfileSearchRecords: {
          totalCount: found.length,
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: slice.filter((s) => s.shape === "official").map((s, k) => ({ node: s.raw, cursor: String(k) })),
        },
      },
    };
    const a = normalizeVisitorSearch(visitorBody);
    const b = normalizeOfficialSearch(officialBody);
    const order = new Map(
      slice.map((s, k) => [
        String((s.raw.ciphertext ?? (s.raw.profile as { identity?: { ciphertext?: string } } | undefined)?.identity?.ciphertext) as string),
        k,
      ]),
    );
    const freelancers = [...a.freelancers, ...b.freelancers].sort(
      (x, y) => (order.get(x.ciphertext) ?? 0) - (order.get(y.ciphertext) ?? 0),
    );
    return {
      items: freelancers,
      skipped: [...a.skipped, ...b.skipped],
      fetched: slice.length,
      total: found.length,
      hasMore: page * perPage < found.length,
    };
  }
}
