// The normalizer over every fixture shape and every edge case SOURCES.md lists.
import { describe, expect, it } from "vitest";
import search from "../src/ingest/fixtures/upwork-graphql-search.json";
import details from "../src/ingest/fixtures/upwork-job-details.json";
import visitor from "../src/ingest/fixtures/upwork-visitor-search.json";
import {
  applyDetail,
  contractorTier,
  engagement,
  isoTime,
  normalizeRelayJob,
  normalizeSearchNode,
  num,
  PRIVATE_REASON,
  slug,
} from "../src/ingest/normalize";
import { type Job, JobSchema } from "../src/jobs/model";

const edges = search.data.marketplaceJobPostingsSearch.edges;
/** A fixture search node as plain JSON: the tests add, null and delete fields freely. */
const node = (i: number) => structuredClone(edges[i]!.node) as Record<string, unknown>;
const ok = (input: unknown): Job => {
  const r = normalizeSearchNode(input);
  if (!r.ok) throw new Error(r.reason);
  return r.job;
};

describe("normalizeSearchNode over the fixture's six shapes", () => {
  const jobs = edges.map((e) => ok(e));

  it("every job satisfies JobSchema exactly (no extra keys)", () => {
    for (const job of jobs) {
      expect(JobSchema.strict().safeParse(job).success).toBe(true);
      expect(Object.keys(job).sort()).toEqual(Object.keys(JobSchema.shape).sort());
    }
  });

  it("hourly expert, verified US client with decimal-string money", () => {
    expect(jobs[0]).toMatchObject({
      id: "2090000000000000101",
      url: "https://www.upwork.com/jobs/~022090000000000000101",
      posted_on: "2025-11-03T14:02:12Z",
      last_visited_at: "2025-11-03T14:02:12Z",
      job_type: 1,
      status: 1,
      contractor_tier: 3,
      category: {
        name: "Web Development",
        slug: "web-development",
        group: "Web, Mobile & Software Dev",
        group_slug: "web-mobile-software-dev",
      },
      budget: { fixed_amount: null, currency: "USD" },
      hourly_budget: { min: 45, max: 80 },
      buyer: {
        payment_verified: true,
        country: "US",
        city: "Austin",
        timezone: "America/Chicago",
        total_spent: 18250.5,
        total_assignments: 14,
        total_jobs_with_hires: 14,
      },
      skills: ["TypeScript", "Cloudflare Workers", "API Development"],
      client_activity: { total_applicants: 7, last_buyer_activity: null },
      duration_label: "1 to 3 months",
      engagement: "part-time",
      is_private: false,
      privacy_reason: "",
    });
  });

  it("fixed-price: amount > 0 means fixed, hourly_budget null, UK name → GB", () => {
    expect(jobs[1]).toMatchObject({ job_type: 2, contractor_tier: 2, budget: { fixed_amount: 1500 }, hourly_budget: null, engagement: "" });
    expect(jobs[1]!.buyer.country).toBe("GB");
    expect(jobs[1]!.category).toMatchObject({ slug: "web-mobile-design", name: "Web Mobile Design" });
  });

  it("new unverified client: alpha-3 country, null totalSpent → 0, entry level", () => {
    expect(jobs[2]).toMatchObject({
      contractor_tier: 1,
      job_type: 2,
      buyer: { country: "IN", city: null, payment_verified: false, total_spent: 0, total_assignments: 0, total_jobs_with_hires: 0 },
    });
  });

  it("hourly with NOT_PROVIDED budget and 30+ hrs/week", () => {
    expect(jobs[3]).toMatchObject({
      job_type: 1,
      hourly_budget: { min: null, max: null },
      engagement: "full-time",
      buyer: { country: "DE", total_spent: 61890.75 },
    });
    expect(jobs[3]!.category).toMatchObject({ group_slug: "sales-marketing", group: "Sales & Marketing", slug: "digital-marketing" });
  });

  it("enterprise/premium renewed job: last_visited_at is the renewal, flags become tags", () => {
    expect(jobs[4]).toMatchObject({ last_visited_at: "2025-11-03T08:00:12Z", posted_on: "2025-10-28T09:15:01Z", buyer: { country: "AU" } });
    expect(jobs[4]!.tags).toEqual(["enterprise", "premium"]);
  });

  it("sparse job: null category, occupations, duration and max rate", () => {
    expect(jobs[5]).toMatchObject({
      category: { name: "", slug: "", group: "", group_slug: "" },
      hourly_budget: { min: 8, max: null },
      duration_label: "",
      skills: [],
      buyer: { country: "CA", timezone: null, total_spent: 0 },
    });
  });

  it("accepts an edge or a bare node, and builds the url from the id when ciphertext is missing", () => {
    const n = node(0);
    delete n.ciphertext;
    expect(ok(n).url).toBe("https://www.upwork.com/jobs/~022090000000000000101");
  });
});

describe("the website's visitor search shape", () => {
  // No source reads upwork.com's website API (its terms forbid scraping); should such an item ever
  // reach the normalizer, it is skipped with a reason, never stored half-mapped.
  it("is skipped, not mistaken for an official search node", () => {
    const results = visitor.data.search.universalSearchNuxt.visitorJobSearchV1.results;
    expect(results.length).toBe(6);
    for (const r of results) expect(normalizeSearchNode(r)).toEqual({ ok: false, reason: "missing or invalid publishedDateTime" });
  });
});

describe("SOURCES.md edge cases", () => {
  it("decimal strings, numbers and Money objects", () => {
    expect(num("72.11")).toBe(72.11);
    expect(num("0.0")).toBe(0);
    expect(num({ rawValue: "1500.0", currency: "USD" })).toBe(1500);
    expect(num(12)).toBe(12);
    expect(num("$1.23")).toBeNull();
    expect(num(null)).toBeNull();
    expect(num("")).toBeNull();
  });

  it("timestamps with +0000, Z, milliseconds and real offsets → seconds with Z", () => {
    expect(isoTime("2025-10-16T06:06:47+0000")).toBe("2025-10-16T06:06:47Z");
    expect(isoTime("2025-11-03T14:20:31.955Z")).toBe("2025-11-03T14:20:31Z");
    expect(isoTime("2025-11-03T19:50:31+0530")).toBe("2025-11-03T14:20:31Z");
    expect(isoTime("2025-11-03T19:50:31+05:30")).toBe("2025-11-03T14:20:31Z");
    expect(isoTime("yesterday")).toBeNull();
    expect(isoTime(null)).toBeNull();
  });

  it("engagement strings and enums", () => {
    expect(engagement("30+ hrs/week")).toBe("full-time");
    expect(engagement("More than 30 hrs/week")).toBe("full-time");
    expect(engagement("Less than 30 hrs/week")).toBe("part-time");
    expect(engagement("PART_TIME")).toBe("part-time");
    expect(engagement("FULL_TIME")).toBe("full-time");
    expect(engagement("AS_NEEDED")).toBe("as-needed");
    expect(engagement("Hours to be determined")).toBe("as-needed");
    expect(engagement("NOT_SURE")).toBe("");
    expect(engagement(null)).toBe("");
  });

  it("experience levels, NONE and missing → entry", () => {
    expect([contractorTier("ENTRY_LEVEL"), contractorTier("INTERMEDIATE"), contractorTier("EXPERT")]).toEqual([1, 2, 3]);
    expect(contractorTier("NONE")).toBe(1);
    expect(contractorTier(undefined)).toBe(1);
  });

  it("snake_case slugs → kebab-case", () => {
    expect(slug("web_mobile_software_dev")).toBe("web-mobile-software-dev");
    expect(slug("Sales & Marketing")).toBe("sales-marketing");
    expect(slug(null)).toBe("");
  });

  it("the detail's contract type beats the amount heuristic", () => {
    const n = node(0);
    n.job = { contractTerms: { contractType: "FIXED_PRICE" } };
    n.amount = { rawValue: "0.0", currency: "USD" };
    expect(ok(n)).toMatchObject({ job_type: 2, budget: { fixed_amount: 0 }, hourly_budget: null });
  });

  it("group from the category UID when the slug is missing", () => {
    const n = node(0);
    n.category = null;
    n.occupations = { category: { id: "531770282580668421", prefLabel: null }, subCategories: null };
    expect(ok(n).category).toMatchObject({ group: "Design & Creative", group_slug: "design-creative" });
  });

  it("missing client, location and skills fall back instead of failing", () => {
    const n = node(1);
    delete n.client;
    delete n.skills;
    delete n.totalApplicants;
    expect(ok(n)).toMatchObject({
      buyer: { country: null, total_spent: 0, payment_verified: false },
      skills: [],
      client_activity: { total_applicants: 0 },
    });
  });

  it("unknown country names become null, never a wrong code", () => {
    const n = node(0);
    (n.client as { location: { country: string } }).location.country = "Atlantis";
    expect(ok(n).buyer.country).toBeNull();
  });

  it.each([
    ["not an object", "junk"],
    ["missing id", { ...node(0), id: null }],
    ["missing title", { ...node(0), title: "  " }],
    ["missing or invalid publishedDateTime", { ...node(0), publishedDateTime: "soon", createdDateTime: null }],
  ])("skips items with %s", (reason, input) => {
    expect(normalizeSearchNode(input)).toEqual({ ok: false, reason });
  });

  it("falls back to createdDateTime when publishedDateTime is missing", () => {
    const n = node(0);
    delete n.publishedDateTime;
    expect(ok(n).posted_on).toBe("2025-11-03T14:02:11Z");
  });
});

describe("applyDetail", () => {
  const base = ok(edges[0]);

  it("official detail: closed by workFlowState, client activity copied, last_visited_at = last activity", () => {
    const out = applyDetail(base, {
      workFlowState: { status: "CLOSED", closeResult: "HIRED" },
      activityStat: {
        jobActivity: {
          totalHired: 1,
          invitesSent: 4,
          totalUnansweredInvites: 2,
          totalInvitedToInterview: 3,
          lastClientActivity: "2025-11-05T10:00:00+0000",
        },
      },
      clientCompanyPublic: { paymentVerification: { paymentVerified: false } },
    });
    expect(out.kind).toBe("job");
    const job = (out as { job: Job }).job;
    expect(job).toMatchObject({
      status: 2,
      last_visited_at: "2025-11-05T10:00:00Z",
      buyer: { payment_verified: false },
      client_activity: {
        total_applicants: 7,
        total_hired: 1,
        invitations_sent: 4,
        unanswered_invites: 2,
        total_invited_to_interview: 3,
        last_buyer_activity: "2025-11-05T10:00:00Z",
      },
    });
  });

  it("the website detail fixture (jobPubDetails): open, activity and verification", () => {
    const body = details["~022090000000000000301"].data.jobPubDetails;
    const out = applyDetail(base, body);
    expect(out).toMatchObject({
      kind: "job",
      job: {
        status: 1,
        title: "Cloudflare Workers engineer for webhook fan-out",
        buyer: { payment_verified: true },
        client_activity: {
          total_applicants: 9,
          total_hired: 0,
          total_invited_to_interview: 2,
          unanswered_invites: 1,
          invitations_sent: 3,
          last_buyer_activity: "2025-11-03T15:02:10Z",
        },
      },
    });
  });

  it("a new unverified client's detail (null lastBuyerActivity keeps the previous value)", () => {
    const body = details["~022090000000000000302"].data.jobPubDetails;
    const out = applyDetail(base, body);
    expect(out).toMatchObject({
      kind: "job",
      job: { buyer: { payment_verified: false }, client_activity: { total_applicants: 17, last_buyer_activity: null } },
    });
  });

  it("an access error marks the job private, keeping it open", () => {
    const entry = details["~022090000000000000303"];
    const out = applyDetail(base, entry.data.jobPubDetails, entry.errors);
    expect(out).toMatchObject({ kind: "job", job: { is_private: true, privacy_reason: PRIVATE_REASON, status: 1 } });
  });

  it("no such job any more → gone (the run closes it after a second such answer); other errors are reported, not applied", () => {
    expect(applyDetail(base, null)).toEqual({ kind: "gone" });
    expect(applyDetail(base, null, [{ message: "Exception occurred" }])).toEqual({
      kind: "invalid",
      reason: "detail error: Exception occurred",
    });
  });
});

describe("normalizeRelayJob", () => {
  const job = ok(edges[0]);

  it("passes a valid job through and drops unknown keys", () => {
    expect(normalizeRelayJob({ ...job, extra: 1 })).toEqual({ ok: true, job });
  });

  it("tidies countries, timestamps and engagement like the upstream normalizer", () => {
    const r = normalizeRelayJob({
      ...job,
      posted_on: "2025-11-03T14:02:12.000+0000",
      engagement: "30+ hrs/week",
      buyer: { ...job.buyer, country: "United States", total_spent: "12.5" },
    });
    expect(r).toMatchObject({
      ok: true,
      job: { posted_on: "2025-11-03T14:02:12Z", engagement: "full-time", buyer: { country: "US", total_spent: 12.5 } },
    });
  });

  it("skips items that are not jobs", () => {
    expect(normalizeRelayJob({ ...job, id: undefined })).toEqual({ ok: false, reason: "missing id" });
    expect(normalizeRelayJob({ ...job, job_type: 7 })).toMatchObject({ ok: false, reason: "invalid job_type" });
  });
});
