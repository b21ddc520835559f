// Upwork job-search URLs → /jobs parameters (src/jobs/upwork-url.ts): real-shaped URLs from the
// search page (nx/search/jobs), the older search page (ab/jobs/search) and the retired RSS feed.
import { describe, expect, it } from "vitest";
import { parseUpworkSearchUrl, type TranslatedSearch, translateUpworkSearch } from "../src/jobs/upwork-url";

const translate = (u: string): TranslatedSearch => {
  const url = parseUpworkSearchUrl(u);
  if (typeof url === "string") throw new Error(url);
  return translateUpworkSearch(url);
};
const params = (u: string) => translate(u).params;
const why = (notes: TranslatedSearch["untranslated"], param: string) => notes.find((n) => n.param === param)?.reason;

const NX = "https://www.upwork.com/nx/search/jobs/";

describe("translated parameters", () => {
  const cases: [string, Record<string, string>][] = [
    [`${NX}?q=react%20developer&sort=recency`, { q: "react developer" }],
    [`${NX}?q=%22cloudflare%20workers%22&sort=recency&t=0`, { q: '"cloudflare workers"', job_type: "hourly" }],
    [`${NX}?q=logo&t=1`, { q: "logo", job_type: "fixed" }],
    [`${NX}?q=wordpress&t=0,1`, { q: "wordpress" }],
    [`${NX}?contractor_tier=2,3&q=python`, { q: "python", contractor_tier: "2,3" }],
    [`${NX}?contractor_tier=1,2,3`, {}],
    [`${NX}?t=1&amount=1000-4999,5000-`, { job_type: "fixed", budget_min: "1000" }],
    [`${NX}?t=1&amount=100-499,500-999`, { job_type: "fixed", budget_min: "100", budget_max: "999" }],
    [`${NX}?t=1&amount=0-99`, { job_type: "fixed", budget_max: "99" }],
    [`${NX}?t=0&hourly_rate=35-`, { job_type: "hourly", hourly_min: "35" }],
    [`${NX}?t=0&hourly_rate=8-50`, { job_type: "hourly", hourly_min: "8", hourly_max: "50" }],
    [`${NX}?payment_verified=1&q=seo`, { q: "seo", payment_verified: "true" }],
    [`${NX}?proposals=0-4,5-9`, { max_applicants: "9" }],
    [`${NX}?proposals=0-4`, { max_applicants: "4" }],
    [`${NX}?client_hires=1-9,10-`, { min_hires: "1" }],
    [`${NX}?client_hires=10-`, { min_hires: "10" }],
    [`${NX}?location=United%20States,Canada,United%20Kingdom`, { country: "US,CA,GB" }],
    [`${NX}?category2_uid=531770282580668418`, { category_group: "web-mobile-software-dev" }],
    [`${NX}?category2_uid=531770282580668420,531770282580668421`, { category_group: "data-science-analytics,design-creative" }],
    [`${NX}?workload=full_time`, { engagement: "full-time" }],
    [`${NX}?q=shopify%20NOT%20wordpress`, { q: "shopify -wordpress" }],
    [
      "https://www.upwork.com/ab/jobs/search/?q=nodejs&sort=recency&job_type=hourly&contractor_tier=3&hourly_rate=50-&verified_payment_only=1",
      { q: "nodejs", job_type: "hourly", contractor_tier: "3", hourly_min: "50", payment_verified: "true" },
    ],
    [
      "https://www.upwork.com/ab/feed/jobs/rss?q=Nodejs&sort=recency&t=0,1&contractor_tier=1,2,3&client_hires=1-9,10-&proposals=0-4,5-9,10-14&payment_verified=1&paging=0%3B50&api_params=1",
      { q: "Nodejs", min_hires: "1", max_applicants: "14", payment_verified: "true" },
    ],
    [`https://upwork.com/nx/search/jobs?q=figma&per_page=50&page=2`, { q: "figma" }],
  ];
  it.each(cases)("%s", (url, expected) => {
    expect(params(url)).toEqual(expected);
  });
});

describe("what cannot be translated is listed, never dropped", () => {
  it("every parameter lands in params, approximated or untranslated", () => {
    const url =
      "https://www.upwork.com/nx/search/jobs/?amount=500-999,1000-4999,5000-&category2_uid=531770282580668420&client_hires=0,1-9,10-&contractor_tier=1,2,3&hourly_rate=35-&location=Americas,Europe,Germany&payment_verified=1&per_page=50&proposals=0-4,5-9,10-14&sort=recency&t=0,1&duration_v3=week&subcategory2_uid=531770282589057033&from_recent_search=true";
    const r = translate(url);
    expect(r.params).toEqual({ category_group: "data-science-analytics", country: "DE", payment_verified: "true", max_applicants: "14" });
    expect(why(r.untranslated, "amount")).toMatch(/cannot combine a fixed-price budget with an hourly rate/);
    expect(why(r.untranslated, "hourly_rate")).toMatch(/cannot combine/);
    expect(why(r.untranslated, "duration_v3")).toMatch(/no project-length filter/);
    expect(why(r.untranslated, "subcategory2_uid")).toMatch(/GET \/categories/);
    expect(why(r.untranslated, "per_page")).toMatch(/not a filter/);
    expect(why(r.untranslated, "from_recent_search")).toMatch(/not a filter/);
    expect(why(r.approximated, "location")).toMatch(/Americas, Europe: not a country/);
    const accounted = new Set([...r.untranslated, ...r.approximated].map((n) => n.param));
    // Translated, or equivalent to no filter (every tier, every client-hire bucket, both job types, newest first).
    const translatedFrom = ["category2_uid", "location", "payment_verified", "proposals", "sort", "t", "contractor_tier", "client_hires"];
    for (const p of new URL(url).searchParams.keys()) expect(accounted.has(p) || translatedFrom.includes(p), p).toBe(true);
  });

  it("approximations say what differs", () => {
    const r = translate(`${NX}?amount=100-499,5000-&q=design`);
    expect(r.params).toEqual({ q: "design", budget_min: "100" });
    expect(why(r.approximated, "amount")).toMatch(/gaps: \/jobs takes 100- as one range; hourly jobs are left out/);
    expect(why(translate(`${NX}?hourly_rate=20-40`).approximated, "hourly_rate")).toMatch(/fixed-price jobs are left out/);
    expect(why(translate(`${NX}?q=(react%20OR%20vue)%20AND%20typescript`).approximated, "q")).toMatch(/parentheses/);
  });

  it("unknown or malformed values are named", () => {
    expect(why(translate(`${NX}?proposals=5-9`).untranslated, "proposals")).toMatch(/no minimum/);
    expect(why(translate(`${NX}?client_hires=0`).untranslated, "client_hires")).toMatch(/no maximum/);
    expect(why(translate(`${NX}?category2_uid=123`).untranslated, "category2_uid")).toMatch(/unknown Upwork category/);
    expect(why(translate(`${NX}?sort=relevance`).untranslated, "sort")).toMatch(/newest first/);
    expect(why(translate(`${NX}?t=7`).untranslated, "t")).toMatch(/unknown job type/);
    expect(why(translate(`${NX}?amount=lots`).untranslated, "amount")).toMatch(/not a list of ranges/);
    expect(why(translate(`${NX}?location=Atlantis`).untranslated, "location")).toMatch(/Atlantis: not a country/);
    expect(why(translate(`${NX}?zz=1`).untranslated, "zz")).toMatch(/not a known Upwork search parameter/);
  });

  it("only Upwork job searches are read", () => {
    expect(parseUpworkSearchUrl("https://example.com/nx/search/jobs/?q=x")).toBe("expected an upwork.com URL");
    expect(parseUpworkSearchUrl("https://www.upwork.com/freelancers/~01abc")).toMatch(/^expected an Upwork job search URL/);
    expect(parseUpworkSearchUrl("nx/search/jobs")).toBe("not a URL");
  });
});
