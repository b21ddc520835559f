import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertFreelancers } from "../src/db/freelancers";
import { type Freelancer, FreelancerSchema } from "../src/freelancers/model";
import type { FreelancerSearchErrorBody } from "../src/http/openapi";
import type { CreatedApiKeyView } from "../src/routes/admin/keys/schema";
import type { FreelancerPaging, SearchFreelancersBody } from "../src/routes/freelancers/schema";
import { admin, call, createKey, type Envelope, type OpenApiDoc } from "./support/api";

function profile(letter: string, over: Partial<Freelancer>): Freelancer {
  const ciphertext = `~01${letter.charCodeAt(0).toString(16).padStart(4, "0")}0000000000000a`;
  return {
    name: `${letter} Person`,
    title: "",
    description: "",
    profile_url: `https://www.upwork.com/freelancers/${ciphertext}`,
    portrait_url: null,
    hourly_rate: null,
    currency: null,
    country: null,
    city: null,
    state: null,
    timezone: null,
    skills: [],
    job_success_score: null,
    total_earnings: 0,
    total_hours: 0,
    total_completed_jobs: 0,
    top_rated: null,
    top_rated_plus: null,
    vetted: false,
    id_verified: false,
    hide_jss: false,
    hide_earnings: false,
    ciphertext,
    ...over,
  };
}

const TR = { top_rated: "top_rated" as const };
const TRP = { top_rated: "top_rated" as const, top_rated_plus: "top_rated_plus" as const };

// Stored in this order, so seq (the last tie-break) follows the letters.
const CORPUS: Freelancer[] = [
  profile("A", {
    name: "Yurij M.",
    title: "React Developer Frontend React Full Stack Developer React Node SaaS",
    description: "Senior Full Stack Developer...",
    skills: ["React", "Node.js", "JavaScript"],
    hourly_rate: "35.0",
    currency: "USD",
    country: "Ukraine",
    city: "Lviv",
    state: "Lviv",
    timezone: "UTC+02:00 Israel",
    job_success_score: 1,
    total_earnings: 0,
    total_hours: 5320.17,
    total_completed_jobs: 7,
    ...TRP,
  }),
  profile("B", {
    title: "Senior TypeScript & Cloudflare Workers engineer",
    description: "Edge APIs on Workers and D1.",
    skills: ["TypeScript", "Cloudflare Workers", "Node.js"],
    hourly_rate: "85.0",
    currency: "USD",
    country: "Poland",
    job_success_score: 0.98,
    total_earnings: 245000,
    ...TR,
  }),
  profile("C", {
    title: "Shopify developer | Liquid",
    description: "Shopify themes and store migrations.",
    skills: ["Shopify", "Liquid", "JavaScript"],
    hourly_rate: "40.0",
    currency: "USD",
    country: "Argentina",
    job_success_score: 0.96,
    total_earnings: 61000,
    ...TR,
  }),
  profile("D", {
    title: "Data analyst - SQL, Python, Power BI",
    description: "Dashboards and data cleaning.",
    skills: ["SQL", "Python", "Microsoft Power BI"],
    hourly_rate: "25.0",
    currency: "USD",
    country: "Nigeria",
    job_success_score: 0.9,
    total_earnings: 4200,
  }),
  profile("E", {
    title: "Expert-Vetted ML engineer",
    description: "Retrieval pipelines for LLM products.",
    skills: ["Machine Learning", "Python"],
    hourly_rate: "150.0",
    currency: "USD",
    country: "Japan",
    job_success_score: 1,
    total_earnings: null,
    hide_earnings: true,
    vetted: true,
    ...TRP,
  }),
  profile("F", { title: "Virtual assistant", country: "Philippines" }),
  profile("G", {
    title: "React Native mobile developer",
    description: "iOS and Android apps.",
    skills: ["React Native", "React", "JavaScript"],
    hourly_rate: "30.0",
    currency: "USD",
    country: "India",
    job_success_score: null,
    hide_jss: true,
    total_earnings: 12000,
  }),
  profile("H", {
    title: "Full stack developer (React, Vue)",
    description: "SaaS dashboards.",
    skills: ["React", "Vue.js", "Node.js"],
    hourly_rate: "120.0",
    currency: "USD",
    country: "United States",
    job_success_score: 0.85,
    total_earnings: 90000,
    ...TR,
  }),
  profile("I", {
    title: "Python developer, Django",
    description: "APIs and admin panels.",
    skills: ["Python", "Django", "PostgreSQL"],
    hourly_rate: "50.0",
    currency: "USD",
    country: "Ukraine",
    job_success_score: 0.95,
    total_earnings: 30000,
  }),
  profile("J", {
    title: "WordPress developer",
    description: "Themes and plugins; some react widgets too.",
    skills: ["WordPress", "PHP"],
    hourly_rate: "60.0",
    currency: "USD",
    country: "Germany",
    job_success_score: 0.92,
    total_earnings: 48000,
    ...TR,
  }),
  profile("K", {
    title: "Graphic designer",
    description: "Logos and brand kits.",
    skills: ["Logo Design", "Adobe Illustrator"],
    hourly_rate: "35.0",
    currency: "USD",
    country: "Spain",
    job_success_score: 0.97,
    total_earnings: 8000,
  }),
  profile("L", {
    title: "Technical writer",
    description: "API documentation and tutorials.",
    skills: ["Technical Writing", "Markdown"],
    hourly_rate: "70.0",
    currency: "USD",
    country: "Canada",
    job_success_score: 1,
    total_earnings: 52000,
    ...TR,
  }),
];
const ALL = "ABCDEFGHIJKL".split("");
const letterOf = new Map(CORPUS.map((f, i) => [f.ciphertext, ALL[i]!]));

let key: string;
beforeAll(async () => {
  await upsertFreelancers(env.DB, CORPUS, "2025-11-03T12:00:00Z");
  key = await createKey("enterprise");
});

async function letters(path: string): Promise<string[]> {
  const { status, body } = await call<Envelope<Freelancer>>(
    path.includes("per_page") ? path : `${path}${path.includes("?") ? "&" : "?"}per_page=50`,
    { key },
  );
  expect(status, JSON.stringify(body)).toBe(200);
  return body.data.map((f: Freelancer) => letterOf.get(f.ciphertext)!);
}

const sorted = (xs: string[]) => [...xs].sort();

describe("GET /search_freelancers (seed 004 shape)", () => {
  it("answers seed 004's exact body with every field of its sample", async () => {
    const {
      status,
      body: b,
      headers,
    } = await call<SearchFreelancersBody>("/search_freelancers?page=1&query=react+developer&per_page=3", {
      key,
    });
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/application\/json/);
    expect(Object.keys(b).sort()).toEqual(["data", "status"]);
    expect(b.status).toBe("success");
    expect(Object.keys(b.data).sort()).toEqual([
      "freelancers",
      "page",
      "per_page",
      "query",
      "results_count",
      "total_pages",
      "total_results",
    ]);
    expect(b.data).toMatchObject({ page: 1, query: "react developer", per_page: 3, results_count: 3 });
    // react AND developer: A, G, H, J (J only through its description)
    expect(b.data.total_results).toBe(4);
    expect(b.data.total_pages).toBe(2);
    for (const f of b.data.freelancers) expect(FreelancerSchema.strict().parse(f)).toEqual(f);
    expect(b.data.freelancers[0]).toEqual(CORPUS[0]); // the seed's own sample profile ranks first
    expect(b.data.freelancers[0]!.hourly_rate).toBe("35.0");
  });

  it("ranks by relevance: a title and skills match beats a passing mention in the description", async () => {
    const { body } = await call<SearchFreelancersBody>("/search_freelancers?query=react&per_page=50", { key });
    const order = body.data.freelancers.map((f) => letterOf.get(f.ciphertext)!);
    expect(sorted(order)).toEqual(["A", "G", "H", "J"]);
    expect(order[0]).toBe("A");
    expect(order.at(-1)).toBe("J");
  });

  it("with no query lists everyone, default per_page 10", async () => {
    const { body } = await call<SearchFreelancersBody>("/search_freelancers", { key });
    const d = body.data;
    expect(d).toMatchObject({ page: 1, query: "", per_page: 10, results_count: 10, total_results: 12, total_pages: 2 });
  });

  it("a page past the end is empty, not an error", async () => {
    const { status, body } = await call<SearchFreelancersBody>("/search_freelancers?query=react&page=9&per_page=2", { key });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ page: 9, freelancers: [], results_count: 0, total_results: 4, total_pages: 2 });
  });

  it("never turns keyword input into a search-engine error", async () => {
    for (const q of ['"unbalanced', "AND OR NOT", "react*", "(*)^:", "-react", "NEAR(a b)", "col:react", "'; DROP TABLE freelancers; --"]) {
      const { status, body } = await call(`/search_freelancers?query=${encodeURIComponent(q)}`, { key });
      expect(status, `${q}: ${JSON.stringify(body)}`).toBe(200);
    }
    const { body } = await call<SearchFreelancersBody>(`/search_freelancers?query=${encodeURIComponent("-react")}&per_page=50`, { key });
    expect(body.data.total_results).toBe(8);
  });

  it.each([
    ["per_page=0", "Invalid per_page parameter: expected an integer from 1 to 50"],
    ["per_page=51", "Invalid per_page parameter: expected an integer from 1 to 50"],
    ["per_page=abc", "Invalid per_page parameter: expected an integer from 1 to 50"],
    ["page=0", "Invalid page parameter: expected an integer from 1 to 100000"],
    ["page=-1", "Invalid page parameter: expected an integer from 1 to 100000"],
    ["page=1.5", "Invalid page parameter: expected an integer from 1 to 100000"],
    ["page=1&page=2", "Invalid page parameter: expected a single value, got several"],
    ["country=UA", "Invalid country parameter: unknown parameter"],
    ["foo=bar", "Invalid foo parameter: unknown parameter"],
  ])("400 in seed 004's error shape: %s", async (qs, message) => {
    const { status, body, headers } = await call<FreelancerSearchErrorBody>(`/search_freelancers?${qs}`, { key });
    expect(status).toBe(400);
    expect(headers.get("content-type")).toMatch(/application\/json/);
    expect(body).toEqual({ status: "error", message, data: null });
  });

  it("401 for a missing or unknown key, in seed 004's error shape", async () => {
    const missing = await call<FreelancerSearchErrorBody>("/search_freelancers?query=react");
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ status: "error", message: expect.stringMatching(/API key/), data: null });
    const unknown = await call<FreelancerSearchErrorBody>("/search_freelancers?query=react", { key: "not-a-key" });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ status: "error", message: "Invalid API key", data: null });
  });

  it("405 for another method, in seed 004's error shape", async () => {
    const { status, body } = await call<FreelancerSearchErrorBody>("/search_freelancers", { key, method: "POST" });
    expect(status).toBe(405);
    expect(body).toEqual({ status: "error", message: "Method POST not allowed", data: null });
  });

  it("charges one credit per call (none for a 400) and answers 429 with Retry-After in seed 004's shape", async () => {
    const free = await createKey("free", "freelancer-free");
    const first = await call("/search_freelancers?query=react", { key: free });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-credits-limit")).toBe("100");
    expect(first.headers.get("x-credits-remaining")).toBe("99");
    expect(first.headers.get("x-ratelimit-limit")).toBe("5");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("4");
    const bad = await call("/search_freelancers?per_page=0", { key: free });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-credits-remaining")).toBe("99");
    const second = await call("/freelancers?query=react", { key: free });
    expect(second.status).toBe(200);
    expect(second.headers.get("x-credits-remaining")).toBe("98");
    await call("/search_freelancers", { key: free });
    await call("/search_freelancers", { key: free });
    const limited = await call<FreelancerSearchErrorBody>("/search_freelancers", { key: free });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ status: "error", message: "Rate limit exceeded", data: null });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("a revoked key gets 401", async () => {
    const { body } = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
      method: "POST",
      body: JSON.stringify({ name: "to-revoke", tier: "hobby" }),
    });
    const { id, key: revoked } = body.data[0]!;
    expect((await call("/search_freelancers", { key: revoked })).status).toBe(200);
    await admin(`/admin/keys/${id}`, { method: "DELETE" });
    const after = await call<FreelancerSearchErrorBody>("/search_freelancers", { key: revoked });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ status: "error", data: null });
  });
});

describe("GET /freelancers (envelope + filters)", () => {
  it("answers the envelope with the same objects and top-level pagination fields", async () => {
    const { status, body: b } = await call<Envelope<Freelancer, FreelancerPaging>>("/freelancers?query=react+developer&per_page=3", {
      key,
    });
    expect(status).toBe(200);
    expect(b).toMatchObject({ success: true, count: 3, page: 1, per_page: 3, total_pages: 2, results_count: 3, total_results: 4 });
    expect(b.last_updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(b.data[0]).toEqual(CORPUS[0]);
    const seed = await call<SearchFreelancersBody>("/search_freelancers?query=react+developer&per_page=3", { key });
    expect(b.data).toEqual(seed.body.data.freelancers);
  });

  const cases: [string, string, string[]][] = [
    ["country by full name", "country=Ukraine", ["A", "I"]],
    ["country by ISO-2, case-insensitive", "country=ua", ["A", "I"]],
    ["country name, case-insensitive", "country=united%20STATES", ["H"]],
    ["country list mixes names and codes", "country=Ukraine,PL", ["A", "B", "I"]],
    ["country alias", "country=USA", ["H"]],
    ["unknown country name matches nothing", "country=Atlantis", []],
    ["hourly_rate_min inclusive; no rate never matches", "hourly_rate_min=50", ["B", "E", "H", "I", "J", "L"]],
    ["hourly_rate_max inclusive", "hourly_rate_max=35", ["A", "D", "G", "K"]],
    ["hourly rate range", "hourly_rate_min=35&hourly_rate_max=40", ["A", "C", "K"]],
    ["skills any (default), case-insensitive", "skills=REACT,python", ["A", "D", "E", "G", "H", "I"]],
    ["skills all", "skills=react,javascript&skills_match=all", ["A", "G"]],
    ["skills exact names, not words", "skills=native", []],
    ["min_job_success as percent; hidden JSS never matches", "min_job_success=95", ["A", "B", "C", "E", "I", "K", "L"]],
    ["min_job_success as fraction", "min_job_success=0.95", ["A", "B", "C", "E", "I", "K", "L"]],
    ["min_job_success 1 = 100%", "min_job_success=1", ["A", "E", "L"]],
    ["top_rated true: Top Rated or Plus", "top_rated=true", ["A", "B", "C", "E", "H", "J", "L"]],
    ["top_rated false: neither", "top_rated=false", ["D", "F", "G", "I", "K"]],
    ["keywords and filters combine", "query=developer&top_rated=true&hourly_rate_max=70", ["A", "C", "J"]],
    ["phrase", "query=%22react%20native%22", ["G"]],
    ["OR", "query=django%20OR%20shopify", ["C", "I"]],
    ["prefix", "query=dash*", ["D", "H"]],
  ];
  it.each(cases)("%s", async (_name, qs, expected) => {
    expect(sorted(await letters(`/freelancers?${qs}`))).toEqual(expected);
  });

  it("sort=hourly_rate: cheapest first, ties by storage order, no rate last; order=desc reverses, no rate still last", async () => {
    expect(await letters("/freelancers?sort=hourly_rate")).toEqual(["D", "G", "A", "K", "C", "I", "J", "L", "B", "H", "E", "F"]);
    expect(await letters("/freelancers?sort=hourly_rate&order=desc")).toEqual(["E", "H", "B", "L", "J", "I", "C", "K", "A", "G", "D", "F"]);
  });

  it("sort=job_success: best first, hidden and unknown scores last", async () => {
    const order = await letters("/freelancers?sort=job_success");
    expect(order.slice(0, 3)).toEqual(["L", "E", "A"]); // three at 1.0, ties by storage order descending
    expect(order.slice(3, 9)).toEqual(["B", "K", "C", "I", "J", "D"]);
    expect(sorted(order.slice(10))).toEqual(["F", "G"]);
    expect(order[9]).toBe("H");
  });

  it("sort=earnings: highest first, hidden earnings last; order=asc puts hidden last too", async () => {
    const desc = await letters("/freelancers?sort=earnings");
    expect(desc.slice(0, 4)).toEqual(["B", "H", "C", "L"]);
    expect(desc.at(-1)).toBe("E");
    const asc = await letters("/freelancers?sort=earnings&order=asc");
    expect(asc.slice(0, 2)).toEqual(["A", "F"]);
    expect(asc.at(-1)).toBe("E");
  });

  it("keyword search sorted by a field still only returns matches", async () => {
    expect(await letters("/freelancers?query=react&sort=hourly_rate")).toEqual(["G", "A", "J", "H"]);
  });

  it.each([
    "",
    "query=developer",
    "sort=hourly_rate",
    "sort=job_success",
    "sort=earnings&order=asc",
    "query=react%20OR%20python&sort=relevance",
  ])("pagination walk without duplicates or gaps: %s", async (qs) => {
    const everything = await letters(`/freelancers?${qs}&per_page=50`);
    const walked: string[] = [];
    for (let page = 1; page <= 20; page++) {
      const { body: b } = await call<Envelope<Freelancer, FreelancerPaging>>(`/freelancers?${qs}&per_page=2&page=${page}`, { key });
      expect(b.total_results).toBe(everything.length);
      expect(b.total_pages).toBe(Math.ceil(everything.length / 2));
      if (!b.data.length) break;
      walked.push(...b.data.map((f) => letterOf.get(f.ciphertext)!));
    }
    expect(walked).toEqual(everything);
    expect(new Set(walked).size).toBe(walked.length);
  });

  it("hidden earnings and JSS stay hidden in answers", async () => {
    const { body } = await call<Envelope<Freelancer>>("/freelancers?query=retrieval%20OR%20ios", { key });
    const byName = new Map(body.data.map((f) => [letterOf.get(f.ciphertext), f]));
    expect(byName.get("E")).toMatchObject({ hide_earnings: true, total_earnings: null });
    expect(byName.get("G")).toMatchObject({ hide_jss: true, job_success_score: null });
  });

  it.each([
    ["hourly_rate_min=-5", "Invalid hourly_rate_min parameter: expected a number from 0 to 100000"],
    ["hourly_rate_max=abc", "Invalid hourly_rate_max parameter: expected a number from 0 to 100000"],
    ["hourly_rate_min=80&hourly_rate_max=20", "Invalid hourly_rate_min parameter: must not exceed hourly_rate_max"],
    ["min_job_success=101", "Invalid min_job_success parameter: expected a score from 0 to 100 (percent) or 0 to 1 (fraction)"],
    ["top_rated=maybe", "Invalid top_rated parameter: expected true or false"],
    ["skills_match=some", "Invalid skills_match parameter: expected any or all"],
    ["sort=newest", "Invalid sort parameter: expected one of relevance, hourly_rate, job_success, earnings"],
    ["order=up&sort=earnings", "Invalid order parameter: expected asc or desc"],
    ["order=asc", "Invalid order parameter: relevance is always best first; order applies to sort=hourly_rate, job_success or earnings"],
    ["country=XX", "Invalid country parameter: 'XX' is not an ISO 3166-1 alpha-2 country code"],
    ["per_page=100", "Invalid per_page parameter: expected an integer from 1 to 50"],
    ["limit=5", "Invalid limit parameter: unknown parameter"],
  ])("400 in the envelope: %s", async (qs, message) => {
    const { status, body } = await call(`/freelancers?${qs}`, { key });
    expect(status).toBe(400);
    expect(body).toMatchObject({ success: false, data: [], count: 0, message });
  });

  it("401 in the envelope without a key", async () => {
    const { status, body } = await call("/freelancers");
    expect(status).toBe(401);
    expect(body).toMatchObject({ success: false, data: [], count: 0 });
  });

  it("other paths keep the envelope for errors", async () => {
    const { status, body } = await call("/search_freelancers_x", { key });
    expect(status).toBe(404);
    expect(body).toMatchObject({ success: false, data: [], count: 0 });
  });
});

describe("storage", () => {
  it("upserts by ciphertext: a changed profile is updated in place, duplicates collapse", async () => {
    const changed = { ...CORPUS[10]!, title: "Graphic designer and muralist", hourly_rate: "45.0" };
    const r = await upsertFreelancers(env.DB, [changed, changed, CORPUS[0]!], "2025-11-04T12:00:00Z");
    expect(r).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect(await letters("/freelancers?query=muralist")).toEqual(["K"]);
    expect(await letters("/freelancers?hourly_rate_min=45&hourly_rate_max=45")).toEqual(["K"]);
    const { body } = await call<Envelope<Freelancer, FreelancerPaging>>("/freelancers", { key });
    expect(body.total_results).toBe(12);
    // put it back for the other tests' expectations
    await upsertFreelancers(env.DB, [CORPUS[10]!], "2025-11-05T12:00:00Z");
    expect(await letters("/freelancers?query=muralist")).toEqual([]);
  });
});

describe("OpenAPI", () => {
  it("documents both routes with their parameters and the hosted API's error shape", async () => {
    const { status, body: spec } = await call<OpenApiDoc>("/openapi.json");
    expect(status).toBe(200);
    const list = spec.paths["/freelancers"]!.get!;
    expect(list.parameters!.map((p: { name: string }) => p.name).sort()).toEqual([
      "country",
      "hourly_rate_max",
      "hourly_rate_min",
      "min_job_success",
      "order",
      "page",
      "per_page",
      "query",
      "skills",
      "skills_match",
      "sort",
      "top_rated",
    ]);
    const search = spec.paths["/search_freelancers"]!.get!;
    expect(search.parameters!.map((p: { name: string }) => p.name).sort()).toEqual(["page", "per_page", "query"]);
    expect(Object.keys(search.responses).sort()).toEqual(["200", "400", "401", "429", "500", "503"]);
    for (const code of ["400", "401", "429", "500", "503"]) {
      expect(search.responses[code]!.content!["application/json"]!.schema.$ref).toBe("#/components/schemas/FreelancerSearchError");
    }
    expect(JSON.stringify(spec.components.schemas.FreelancerSearchError)).toContain('"error"');
  });
});
