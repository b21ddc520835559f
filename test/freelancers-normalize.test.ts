import { describe, expect, it } from "vitest";
import official from "../src/freelancers/fixtures/official-search.json";
import visitor from "../src/freelancers/fixtures/visitor-search.json";
import { FreelancerSchema } from "../src/freelancers/model";
import {
  badges,
  jobSuccess,
  normalizeOfficialSearch,
  normalizeSeedSearch,
  normalizeVisitorSearch,
  rateString,
} from "../src/freelancers/normalize";
import { countryCode, countryName } from "../src/lib/countries";

const byCipher = <T extends { ciphertext: string }>(list: T[]) => new Map(list.map((f) => [f.ciphertext, f]));

describe("visitorFreelancerSearchV2 (website) shape", () => {
  const page = normalizeVisitorSearch(visitor);
  const f = byCipher(page.freelancers);

  it("keeps every profile, in seed 004's exact object shape", () => {
    expect(page.freelancers).toHaveLength(5);
    expect(page.total).toBe(1290);
    expect(page.skipped).toEqual([]);
    for (const x of page.freelancers) expect(FreelancerSchema.strict().parse(x)).toEqual(x);
  });

  it("maps a Top Rated Plus profile field by field", () => {
    expect(f.get("~01a0b1c2d3e4f5000100")).toEqual({
      name: "Marta K.",
      title: "Senior TypeScript & Cloudflare Workers engineer",
      description: "I build edge APIs on Cloudflare Workers, D1 and Queues. 8 years of Node/TypeScript.",
      profile_url: "https://www.upwork.com/freelancers/~01a0b1c2d3e4f5000100",
      portrait_url: "https://www.upwork.com/profile-portraits/synthetic-1-150",
      hourly_rate: "85.0",
      currency: "USD",
      country: "Poland",
      city: "Krakow",
      state: null,
      timezone: "Europe/Warsaw",
      skills: ["TypeScript", "Cloudflare Workers", "Node.js", "PostgreSQL"],
      job_success_score: 1,
      total_earnings: 245000,
      total_hours: 6120.5,
      total_completed_jobs: 49,
      top_rated: "top_rated",
      top_rated_plus: "top_rated_plus",
      vetted: false,
      id_verified: true,
      hide_jss: false,
      hide_earnings: false,
      ciphertext: "~01a0b1c2d3e4f5000100",
    });
  });

  it("reads the 0-1 JSS fraction as is and badge statuses: top_rated, hipo (rising talent = no badge)", () => {
    expect(f.get("~01a0b1c2d3e4f5000200")).toMatchObject({ job_success_score: 0.96, top_rated: "top_rated", top_rated_plus: null });
    expect(f.get("~01a0b1c2d3e4f5000300")).toMatchObject({ job_success_score: 0.9, top_rated: null, top_rated_plus: null, state: "Lagos" });
  });

  it("keeps hidden earnings hidden and the Expert-Vetted flag", () => {
    expect(f.get("~01a0b1c2d3e4f5000400")).toMatchObject({ hide_earnings: true, total_earnings: null, vetted: true, job_success_score: 1 });
  });

  it("handles an empty new profile: no rate, no JSS, no city/timezone, no skills", () => {
    expect(f.get("~01a0b1c2d3e4f5000500")).toMatchObject({
      hourly_rate: null,
      currency: null,
      job_success_score: null,
      city: null,
      timezone: null,
      skills: [],
      total_earnings: 0,
      total_completed_jobs: 0,
      description: "",
      id_verified: false,
    });
  });

  it("hides a JSS the freelancer chose to hide, whatever upstream sent", () => {
    const body = structuredClone(visitor);
    const p = body.data.search.universalSearchNuxt.visitorFreelancerSearchV2.profiles[0]!;
    p.profile.preferences.hideJss = true;
    const [x] = normalizeVisitorSearch(body).freelancers;
    expect(x).toMatchObject({ hide_jss: true, job_success_score: null });
  });

  it("skips a profile without a ciphertext instead of failing the page, and derives one from the profile URL", () => {
    const body = structuredClone(visitor);
    const profiles = body.data.search.universalSearchNuxt.visitorFreelancerSearchV2.profiles;
    // Upstream sends null where the fixture has strings.
    type Nullable<K extends string> = Record<K, string | null>;
    (profiles[0]!.profile.identity as Nullable<"ciphertext">).ciphertext = null;
    (profiles[0]!.profile.personalData as Nullable<"profileUrl">).profileUrl = null;
    (profiles[1]!.profile.identity as Nullable<"ciphertext">).ciphertext = null;
    const page = normalizeVisitorSearch(body);
    expect(page.skipped).toEqual(["profile without a ciphertext"]);
    expect(page.freelancers.map((x) => x.ciphertext)).toContain("~01a0b1c2d3e4f5000200");
  });

  it("tolerates a missing location and percent-scale JSS", () => {
    const body = structuredClone(visitor);
    const p = body.data.search.universalSearchNuxt.visitorFreelancerSearchV2.profiles[1]!;
    delete (p.profile.personalData as { location?: unknown }).location;
    p.profile.profileAggregates.nSS100BwScore = 96;
    const x = normalizeVisitorSearch(body).freelancers[1]!;
    expect(x).toMatchObject({ country: null, city: null, state: null, timezone: null, job_success_score: 0.96 });
  });
});

describe("official freelancerProfileSearchRecords shape", () => {
  const page = normalizeOfficialSearch(official);
  const f = byCipher(page.freelancers);

  it("keeps every node in seed 004's shape, with the connection's total and cursor", () => {
    expect(page.freelancers).toHaveLength(4);
    expect(page.total).toBe(4);
    expect(page.nextCursor).toBeNull();
    for (const x of page.freelancers) expect(FreelancerSchema.strict().parse(x)).toEqual(x);
  });

  it("maps Money rates, upper-case badge statuses, ISO-2 countries and job counts", () => {
    expect(f.get("~01b0c1d2e3f4a5000100")).toMatchObject({
      name: "Lena F.",
      hourly_rate: "95.0",
      currency: "EUR",
      country: "Germany",
      city: "Berlin",
      top_rated: "top_rated",
      top_rated_plus: "top_rated_plus",
      total_completed_jobs: 31,
      skills: ["Go", "Rust", "PostgreSQL"],
      portrait_url: "https://www.upwork.com/profile-portraits/synthetic-official-1",
      profile_url: "https://www.upwork.com/freelancers/~01b0c1d2e3f4a5000100",
      // The official record has no JSS and no earnings: unknown, not zero.
      job_success_score: null,
      total_earnings: null,
    });
  });

  it("hidden earnings, plain-string skills, country names and alpha-3 codes", () => {
    expect(f.get("~01b0c1d2e3f4a5000200")).toMatchObject({
      hide_earnings: true,
      total_earnings: null,
      skills: ["QuickBooks Online", "Xero", "Bookkeeping"],
      country: "Czech Republic",
      top_rated: "top_rated",
      top_rated_plus: null,
      hourly_rate: "30.0",
    });
    expect(f.get("~01b0c1d2e3f4a5000300")).toMatchObject({ country: "India", state: "Maharashtra", hourly_rate: "18.5", top_rated: null });
  });

  it("a sparse node: null location, description and rate", () => {
    expect(f.get("~01b0c1d2e3f4a5000400")).toMatchObject({
      country: null,
      description: "",
      hourly_rate: null,
      currency: null,
      total_completed_jobs: null,
      portrait_url: null,
    });
  });

  it("reports the cursor of the next page", () => {
    const body = structuredClone(official);
    body.data.freelancerProfileSearchRecords.pageInfo = { hasNextPage: true, endCursor: "abc" };
    expect(normalizeOfficialSearch(body).nextCursor).toBe("abc");
  });
});

describe("seed 004 shape (relay)", () => {
  const sample = {
    data: {
      page: 1,
      query: "react developer",
      per_page: 3,
      freelancers: [
        {
          city: "Lviv",
          name: "Yurij M.",
          state: "Lviv",
          title: "React Developer Frontend React Full Stack Developer React Node SaaS",
          skills: ["React", "Node.js", "JavaScript"],
          vetted: false,
          country: "Ukraine",
          currency: "USD",
          hide_jss: false,
          timezone: "UTC+02:00 Israel",
          top_rated: "top_rated",
          ciphertext: "~01dc05c3dd4817bee4",
          description: "Senior Full Stack Developer...",
          hourly_rate: "35.0",
          id_verified: false,
          profile_url: "https://upwork.com/freelancers/~01dc05c3dd4817bee4",
          total_hours: 5320.17,
          portrait_url: "https://www.upwork.com/profile-portraits/c1GyxylmbwyRDMzLnTieLbYbtAhDZRD3HTLPFtGFsI0jm3I4sQrbMr8LV3iqXfkiq1",
          hide_earnings: false,
          top_rated_plus: "top_rated_plus",
          total_earnings: 0,
          job_success_score: 1,
          total_completed_jobs: 7,
        },
      ],
      total_pages: 3334,
      results_count: 3,
      total_results: 138359,
    },
    status: "success",
  };

  it("round-trips the seed's sample unchanged", () => {
    const page = normalizeSeedSearch(sample);
    expect(page.total).toBe(138359);
    expect(page.freelancers).toEqual(sample.data.freelancers.map((x) => ({ ...x })));
  });

  it("normalizes a relay's loose values: percent JSS, numeric rate, boolean badges, hidden earnings", () => {
    const loose = structuredClone(sample);
    Object.assign(loose.data.freelancers[0]!, {
      job_success_score: 92,
      hourly_rate: 40,
      top_rated: true,
      top_rated_plus: false,
      hide_earnings: true,
      total_earnings: 5000,
      country: "ua",
    });
    expect(normalizeSeedSearch(loose).freelancers[0]).toMatchObject({
      job_success_score: 0.92,
      hourly_rate: "40.0",
      top_rated: "top_rated",
      top_rated_plus: null,
      total_earnings: null,
      country: "Ukraine",
    });
  });
});

describe("field helpers", () => {
  it.each([
    ["35.0", "35.0"],
    ["35", "35.0"],
    [35, "35.0"],
    ["$1,250.50/hr", "1250.5"],
    [{ rawValue: "12.75", currency: "USD" }, "12.75"],
    [{ amount: 20 }, "20.0"],
    ["0", null],
    ["", null],
    [null, null],
    ["n/a", null],
  ])("rate %j → %j", (input, out) => expect(rateString(input)).toBe(out));

  it.each([
    [1, 1],
    [0.965, 0.965],
    [96, 0.96],
    ["88%", 0.88],
    [100, 1],
    [0, 0],
    [-1, null],
    [250, null],
    [null, null],
  ])("JSS %j → %j", (input, out) => expect(jobSuccess(input)).toBe(out));

  it.each([
    ["top_rated", null, "top_rated", null],
    ["top_rated", "top_rated_plus", "top_rated", "top_rated_plus"],
    ["TOP_RATED_PLUS", undefined, "top_rated", "top_rated_plus"],
    ["TopRated", null, "top_rated", null],
    ["hipo", null, null, null],
    ["rising_talent", null, null, null],
    ["none", "", null, null],
    [null, null, null, null],
  ])("badges %j / %j", (tr, trp, top_rated, top_rated_plus) => expect(badges(tr, trp)).toEqual({ top_rated, top_rated_plus }));

  it("countries: names, ISO-2, alpha-3 and aliases, case-insensitive", () => {
    expect(countryCode("ukraine")).toBe("UA");
    expect(countryCode("ua")).toBe("UA");
    expect(countryCode("United States")).toBe("US");
    expect(countryCode("USA")).toBe("US");
    expect(countryCode("Czechia")).toBe("CZ");
    expect(countryCode("Atlantis")).toBeUndefined();
    expect(countryName("GB")).toBe("United Kingdom");
    expect(countryName("Atlantis")).toBe("Atlantis");
    expect(countryName(" ")).toBeNull();
  });
});
