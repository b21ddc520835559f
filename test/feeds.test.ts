// Feeds (docs/api.md#feeds): /feeds CRUD and validation, the /f/ URLs (the token opens one feed and
// nothing else, rotation, revoked or deactivated keys), metering (a body costs one credit of the
// owner's key, a 304 none, 429 with Retry-After), conditional requests, documents that real parsers
// accept whatever the job text holds, and item dates by received_at (the n8n rule).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../src/auth/keys";
import { emptyState } from "../src/auth/limits";
import { upsertJobs } from "../src/db/jobs";
import { type FeedDocument, type JsonFeed, renderFeed } from "../src/feeds/render";
import type { Job } from "../src/jobs/model";
import { clipText, escapeMarkup, xmlChars } from "../src/lib/text";
import type { CreatedApiKeyView } from "../src/routes/admin/keys/schema";
import type { FeedView, IssuedFeedView } from "../src/routes/feeds/schema";
import { admin, call, type Envelope, type OpenApiDoc } from "./support/api";
import { asView, makeJob } from "./support/jobs";
import { type Schema, violation } from "./support/openapi-fuzz";

const json = (body: unknown, key: string, method = "POST") => ({
  key,
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function newKey(tier = "enterprise"): Promise<{ key: string; id: string }> {
  const { body } = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
    method: "POST",
    body: JSON.stringify({ name: `feeds-${tier}`, tier }),
  });
  return { key: body.data[0]!.key, id: body.data[0]!.id };
}

async function createFeed(key: string, body: Record<string, unknown>): Promise<IssuedFeedView> {
  const r = await call<Envelope<IssuedFeedView>>("/feeds", json(body, key));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data[0]!;
}

/** Reads a feed URL as a feed reader does: no headers but the ones given. */
const read = (url: string, headers: Record<string, string> = {}, init: { env?: Env } = {}) =>
  call<unknown>(new URL(url).pathname, { headers, ...init });

const limiter = (id: string) => env.KEY_LIMITER.get(env.KEY_LIMITER.idFromName(id));

/** Parallel or counted requests must not straddle a UTC minute boundary. */
async function awayFromMinuteBoundary() {
  const s = new Date().getUTCSeconds();
  if (s >= 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}

/** What rss-parser (the parser of n8n's RSS nodes) makes of a document, in Node (test/fakes/parsers.ts). */
interface Parsed {
  title?: string;
  description?: string;
  feedUrl?: string;
  items: {
    title?: string;
    link?: string;
    guid?: string;
    id?: string;
    isoDate?: string;
    content?: string;
    categories?: string[];
  }[];
}
async function parseFeed(xml: string): Promise<Parsed> {
  const res = await fetch(`${env.FAKE_BASE_URL}/parsers/rss`, { method: "POST", body: xml });
  const body = await res.text();
  expect(res.status, body).toBe(200);
  return JSON.parse(body) as Parsed;
}
/** Well-formed XML 1.0 for a strict validator, characters included. */
async function expectValidXml(xml: string) {
  const res = await fetch(`${env.FAKE_BASE_URL}/parsers/xml`, { method: "POST", body: xml });
  expect(await res.json()).toEqual({ valid: true });
}

let seq = 0;
/** Jobs with a skill of their own, so each test's feed sees only its jobs. */
const jobFor = (skill: string, o: Parameters<typeof makeJob>[1] = {}) =>
  makeJob(`88${String(++seq).padStart(8, "0")}`, { skills: [skill, "TypeScript"], ...o });
const store = (jobs: Job[], receivedAt: string) => upsertJobs(env.DB, jobs, receivedAt);

let ent: string;
beforeAll(async () => {
  ent = (await newKey("enterprise")).key;
});

describe("/feeds", () => {
  it("create answers 201 with the feed and its three absolute URLs; list and get show it without them", async () => {
    const r = await call<Envelope<IssuedFeedView>>(
      "/feeds",
      json({ title: "  TypeScript over $1k ", filters: { skills: "TypeScript,React", budget_min: 1000 } }, ent),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const feed = r.body.data[0]!;
    expect(feed).toMatchObject({
      title: "TypeScript over $1k",
      filters: { skills: ["typescript", "react"], budget_min: 1000, status: "open" },
    });
    expect(feed.id).toMatch(/^fd_[A-Za-z0-9_-]{16}$/);
    expect(feed.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const token = feed.urls.rss.match(/^https:\/\/api\.test\/f\/([A-Za-z0-9_-]{43})\.rss$/)?.[1];
    expect(token, feed.urls.rss).toBeDefined();
    expect(feed.urls).toEqual({
      rss: `https://api.test/f/${token}.rss`,
      atom: `https://api.test/f/${token}.atom`,
      json: `https://api.test/f/${token}.json`,
    });

    const list = await call<Envelope<FeedView>>("/feeds", { key: ent });
    expect(list.status).toBe(200);
    const listed = list.body.data.find((f) => f.id === feed.id)!;
    const { urls: _urls, ...withoutUrls } = feed;
    expect(listed).toEqual(withoutUrls);
    const one = await call<Envelope<FeedView>>(`/feeds/${feed.id}`, { key: ent });
    expect(one.body.data).toEqual([withoutUrls]);
    expect(one.text).not.toContain(token);
    expect(list.text).not.toContain(token);
  });

  it("title and filters default; PATCH changes title or filters and keeps the URLs; DELETE ends them", async () => {
    const feed = await createFeed(ent, {});
    expect(feed).toMatchObject({ title: "Upwork jobs", filters: { status: "open" } });
    expect((await read(feed.urls.rss)).status).toBe(200);

    const patched = await call<Envelope<FeedView>>(
      `/feeds/${feed.id}`,
      json({ title: "Renamed", filters: { country: "gb" } }, ent, "PATCH"),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.data[0]).toMatchObject({ id: feed.id, title: "Renamed", filters: { country: ["GB"], status: "open" } });
    const onlyTitle = await call<Envelope<FeedView>>(`/feeds/${feed.id}`, json({ title: "Again" }, ent, "PATCH"));
    expect(onlyTitle.body.data[0]).toMatchObject({ title: "Again", filters: { country: ["GB"], status: "open" } });
    const rss = await read(feed.urls.rss);
    expect(rss.status).toBe(200);
    expect(rss.text).toContain("<title>Again</title>");

    const del = await call<Envelope<FeedView>>(`/feeds/${feed.id}`, { key: ent, method: "DELETE" });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ success: true, message: "Feed deleted", data: [{ id: feed.id, title: "Again" }] });
    expect((await call(`/feeds/${feed.id}`, { key: ent })).status).toBe(404);
    expect((await call(`/feeds/${feed.id}`, { key: ent, method: "DELETE" })).status).toBe(404);
    for (const url of Object.values(feed.urls)) {
      const gone = await read(url);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ success: false, message: "Feed not found", data: [], count: 0 });
    }
  });

  it.each([
    [{ filters: { budget_min: "x" } }, "Invalid budget_min parameter: expected a non-negative number"],
    [
      { filters: { country: "UK" } },
      "Invalid country parameter: 'UK' is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)",
    ],
    [{ filters: { budget_min: 10, budget_max: 5 } }, "Invalid budget_max parameter: must not be below budget_min"],
    [{ filters: { colour: "red" } }, "Invalid colour parameter: unknown parameter"],
    [{ title: "x", url: "https://example.com" }, "Invalid url parameter: unknown parameter"],
    [{ title: "   " }, "Invalid title parameter: Too small: expected string to have >=1 characters"],
    [{ title: "x".repeat(201) }, "Invalid title parameter: Too big: expected string to have <=200 characters"],
    [{ title: 5 }, "Invalid title parameter: Invalid input: expected string, received number"],
    [[], "Invalid request body: Invalid input: expected object, received array"],
  ])("POST %j answers 400 %s", async (body, message) => {
    const r = await call("/feeds", json(body, ent));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ success: false, message, data: [], count: 0, last_updated: expect.any(String) });
  });

  it("refuses an empty PATCH, a non-JSON body and no key, in the envelope", async () => {
    const feed = await createFeed(ent, { title: "v" });
    const empty = await call(`/feeds/${feed.id}`, json({}, ent, "PATCH"));
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe("Invalid request body: nothing to change: give title or filters");
    const text = await call("/feeds", { key: ent, method: "POST", headers: { "content-type": "text/plain" }, body: "title=x" });
    expect(text.status).toBe(415);
    expect(text.body.success).toBe(false);
    const noKey = await call("/feeds");
    expect(noKey.status).toBe(401);
    expect(noKey.body.message).toBe("Missing API key: send it in the X-API-KEY header");
  });

  it("another key's feed is 404 on every operation, absent from its list, and left untouched", async () => {
    const feed = await createFeed(ent, { title: "mine", filters: { skills: "go" } });
    const other = (await newKey("enterprise")).key;
    for (const [path, init] of [
      [`/feeds/${feed.id}`, { key: other }],
      [`/feeds/${feed.id}`, json({ title: "stolen" }, other, "PATCH")],
      [`/feeds/${feed.id}/rotate`, { key: other, method: "POST" }],
      [`/feeds/${feed.id}`, { key: other, method: "DELETE" }],
    ] as const) {
      const r = await call(path, init);
      expect(r.status, `${init.method ?? "GET"} ${path}`).toBe(404);
      expect(r.body).toMatchObject({ success: false, message: "Feed not found", data: [] });
    }
    expect((await call<Envelope<FeedView>>("/feeds", { key: other })).body.data).toEqual([]);
    const mine = await call<Envelope<FeedView>>(`/feeds/${feed.id}`, { key: ent });
    expect(mine.body.data[0]).toMatchObject({ title: "mine", updated_at: feed.updated_at });
    expect((await read(feed.urls.rss)).status).toBe(200); // the token was not rotated
  });

  it("caps a key at 100 feeds (409), and a deleted one frees a place", async () => {
    const { key } = await newKey("enterprise");
    const made: IssuedFeedView[] = [];
    for (let i = 0; i < 100; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          call<Envelope<IssuedFeedView>>("/feeds", { ...json({ title: `f${i + j}` }, key), direct: true }),
        ),
      );
      for (const r of batch) {
        expect(r.status).toBe(201);
        made.push(r.body.data[0]!);
      }
    }
    const over = await call("/feeds", json({ title: "one too many" }, key));
    expect(over.status).toBe(409);
    expect(over.body.message).toBe("Feed limit reached: a key can have at most 100 feeds. Delete one first.");
    expect((await call<Envelope<FeedView>>("/feeds", { key })).body.count).toBe(100);
    expect((await call(`/feeds/${made[0]!.id}`, { key, method: "DELETE" })).status).toBe(200);
    expect((await call("/feeds", json({ title: "fits again" }, key))).status).toBe(201);
  });

  it.each(["free", "hobby", "developer"])("a %s key can create and read feeds", async (tier) => {
    const { key } = await newKey(tier);
    const feed = await createFeed(key, { title: tier });
    const r = await read(feed.urls.json);
    expect(r.status).toBe(200);
    expect((r.body as JsonFeed).title).toBe(tier);
  });

  it("are in /openapi.json, with the feed formats' content types", async () => {
    const doc = (await call<OpenApiDoc>("/openapi.json")).body;
    for (const path of ["/feeds", "/feeds/{id}", "/feeds/{id}/rotate", "/f/{file}"]) expect(doc.paths, path).toHaveProperty([path]);
    const readOp = doc.paths["/f/{file}"]!.get!;
    expect(Object.keys(readOp.responses).sort()).toEqual(["200", "304", "400", "404", "429", "500", "503"]);
    expect(Object.keys(readOp.responses["200"]!.content!)).toEqual([
      "application/rss+xml",
      "application/atom+xml",
      "application/feed+json",
    ]);
    expect(readOp.security).toEqual([]);
  });
});

describe("the /f/ URLs", () => {
  it("store only the token's SHA-256; the token opens its own feed and nothing else", async () => {
    const a = await createFeed(ent, { title: "Feed A" });
    const b = await createFeed(ent, { title: "Feed B" });
    const token = new URL(a.urls.rss).pathname.slice(3, -4);
    const row = await env.DB.prepare("SELECT * FROM feeds WHERE id = ?").bind(a.id).first<Record<string, unknown>>();
    expect(row!.token_hash).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);

    expect((await read(a.urls.rss)).text).toContain("<title>Feed A</title>");
    expect((await read(b.urls.rss)).text).toContain("<title>Feed B</title>");
    // Not an API key, in either header, on any key-protected path.
    for (const path of ["/jobs", "/feeds", `/feeds/${a.id}`, "/health"]) {
      expect((await call(path, { key: token })).status, path).toBe(401);
      expect((await call(path, { headers: { authorization: `Bearer ${token}` } })).status, path).toBe(401);
    }
    expect((await call("/admin/keys", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    // Near misses and other forms are unknown feeds.
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const path of [
      `/f/${flipped}.rss`,
      `/f/${token}.xml`,
      `/f/${token}`,
      `/f/${token}.RSS`,
      `/f/${a.id}.rss`,
      `/f/${token}.rss.rss`,
    ]) {
      const r = await call(path);
      expect(r.status, path).toBe(404);
      expect(r.body).toMatchObject({ success: false, message: "Feed not found" });
    }
    expect((await call(`/f/${token}.rss`, { method: "POST" })).status).toBe(405);
    const head = await call(`/f/${token}.rss`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });

  it("rotate answers new URLs; the old ones answer 404 at once", async () => {
    const feed = await createFeed(ent, { title: "rotating" });
    expect((await read(feed.urls.atom)).status).toBe(200);
    const r = await call<Envelope<IssuedFeedView>>(`/feeds/${feed.id}/rotate`, { key: ent, method: "POST" });
    expect(r.status).toBe(200);
    const rotated = r.body.data[0]!;
    expect(rotated).toMatchObject({ id: feed.id, title: "rotating" });
    for (const format of ["rss", "atom", "json"] as const) {
      expect(rotated.urls[format]).not.toBe(feed.urls[format]);
      expect((await read(feed.urls[format])).status, format).toBe(404);
      expect((await read(rotated.urls[format])).status, format).toBe(200);
    }
  });

  it("answer 404 while the owner key is deactivated, again when it is back, and for good once it is revoked", async () => {
    const { key, id } = await newKey("developer");
    const feed = await createFeed(key, { title: "owned" });
    const off = await admin(`/admin/keys/${id}`, { method: "PATCH", body: JSON.stringify({ active: false }) });
    expect(off.status).toBe(200);
    const r = await read(feed.urls.rss);
    expect(r.status).toBe(404);
    expect(r.headers.get("x-ratelimit-limit")).toBeNull(); // nothing metered for an unknown feed
    expect((await admin(`/admin/keys/${id}`, { method: "PATCH", body: JSON.stringify({ active: true }) })).status).toBe(200);
    expect((await read(feed.urls.rss)).status).toBe(200);
    expect((await admin(`/admin/keys/${id}`, { method: "DELETE" })).status).toBe(200);
    for (const url of Object.values(feed.urls)) expect((await read(url)).status).toBe(404);
  });
});

describe("metering: the owner's key pays", () => {
  it("a body costs one credit and counts against the minute; a 304 counts but costs nothing", async () => {
    const { key, id } = await newKey("hobby");
    await awayFromMinuteBoundary();
    const feed = await createFeed(key, { title: "metered" }); // 1 credit
    const first = await read(feed.urls.rss);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-credits-limit")).toBe("1000");
    expect(first.headers.get("x-credits-remaining")).toBe("998");
    expect(first.headers.get("x-ratelimit-limit")).toBe("20");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("18");
    const second = await read(feed.urls.json);
    expect(second.headers.get("x-credits-remaining")).toBe("997");
    expect((await limiter(id).inspect())!.credits_used).toBe(3);

    const etag = first.headers.get("etag")!;
    const cached = await read(feed.urls.rss, { "if-none-match": etag });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("x-credits-remaining")).toBe("997");
    expect(cached.headers.get("x-ratelimit-remaining")).toBe("16");
    const since = await read(feed.urls.rss, { "if-modified-since": first.headers.get("last-modified")! });
    expect(since.status).toBe(304);
    expect((await limiter(id).inspect())!.credits_used).toBe(3);
  });

  it("429 Rate limit exceeded with Retry-After when the owner's minute is used up", async () => {
    const { key, id } = await newKey("free");
    const feed = await createFeed(key, { title: "limited" });
    await awayFromMinuteBoundary();
    await limiter(id).overwrite({ ...emptyState(Date.now()), used_this_minute: 5 });
    const r = await read(feed.urls.rss);
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ success: false, message: "Rate limit exceeded", data: [], count: 0 });
    const retry = Number(r.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(r.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("429 Monthly credits exhausted when the owner has no credit left; the 304 still answers", async () => {
    const { key, id } = await newKey("free");
    const feed = await createFeed(key, { title: "spent" });
    const ok = await read(feed.urls.atom);
    await limiter(id).overwrite({ ...emptyState(Date.now()), credits_used: 100 });
    const r = await read(feed.urls.atom);
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ message: "Monthly credits exhausted" });
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(r.headers.get("x-credits-remaining")).toBe("0");
    // A conditional read is refused as well: admission comes before the answer is known.
    expect((await read(feed.urls.atom, { "if-none-match": ok.headers.get("etag")! })).status).toBe(429);
  });
});

describe("conditional requests and caching", () => {
  it("ETag and Last-Modified answer 304 until a matching job arrives", async () => {
    const skill = "cond-skill";
    await store([jobFor(skill)], "2025-11-03T10:00:00Z");
    const feed = await createFeed(ent, { title: "conditional", filters: { skills: skill } });
    const first = await read(feed.urls.rss);
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    // The feed was created just now: its creation is its newest change.
    expect(Date.parse(lastModified)).toBeGreaterThan(Date.parse("2025-11-04T00:00:00Z"));

    const notModified = await read(feed.urls.rss, { "if-none-match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    expect(notModified.headers.get("etag")).toBe(etag);
    expect(notModified.headers.get("last-modified")).toBe(lastModified);
    expect((await read(feed.urls.rss, { "if-none-match": `"other", ${etag.slice(2)}` })).status).toBe(304);
    expect((await read(feed.urls.rss, { "if-modified-since": lastModified })).status).toBe(304);
    const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await read(feed.urls.rss, { "if-modified-since": before })).status).toBe(200);
    expect((await read(feed.urls.rss, { "if-modified-since": "not a date" })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await read(feed.urls.rss, { "if-none-match": '"stale"', "if-modified-since": lastModified })).status).toBe(200);
    // Each format has its own ETag.
    expect((await read(feed.urls.atom, { "if-none-match": etag })).status).toBe(200);

    // A job received later than everything before it is a new version under both validators.
    await store([jobFor(skill)], new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, "Z"));
    expect((await read(feed.urls.rss, { "if-none-match": etag })).status).toBe(200);
    const after = await read(feed.urls.rss, { "if-modified-since": lastModified });
    expect(after.status).toBe(200);
    expect(Date.parse(after.headers.get("last-modified")!)).toBeGreaterThan(Date.parse(lastModified));
  });

  it("Cache-Control max-age is the poll interval, or the cron's 300 s when the poller is off", async () => {
    const feed = await createFeed(ent, { title: "cache" });
    expect((await read(feed.urls.rss)).headers.get("cache-control")).toBe("private, max-age=60");
    const every15 = await read(feed.urls.rss, {}, { env: { ...env, POLL_INTERVAL_SECONDS: "15" } as Env });
    expect(every15.headers.get("cache-control")).toBe("private, max-age=15");
    expect(every15.text).toContain("<ttl>1</ttl>");
    const off = await read(feed.urls.atom, {}, { env: { ...env, POLL_INTERVAL_SECONDS: "0" } as Env });
    expect(off.headers.get("cache-control")).toBe("private, max-age=300");
    const cached = await read(
      feed.urls.atom,
      { "if-none-match": off.headers.get("etag")! },
      { env: { ...env, POLL_INTERVAL_SECONDS: "0" } as Env },
    );
    expect(cached.status).toBe(304);
    expect(cached.headers.get("cache-control")).toBe("private, max-age=300");
  });
});

describe("the documents, read by real parsers", () => {
  const skill = "parse-skill";
  let feed: IssuedFeedView;
  let jobs: Job[];
  beforeAll(async () => {
    jobs = [
      jobFor(skill, {
        title: "Older fixed job",
        budget: { fixed_amount: 1500, currency: "USD" },
        buyer: { country: "DE", total_spent: 25000 },
      }),
      jobFor(skill, {
        title: "Newer hourly job",
        job_type: 1,
        budget: { fixed_amount: null },
        hourly_budget: { min: 30, max: 60 },
        buyer: { payment_verified: false },
        client_activity: { total_applicants: 12 },
      }),
    ];
    await store([jobs[0]!], "2025-11-03T10:00:05Z");
    await store([jobs[1]!], "2025-11-03T11:00:07Z");
    feed = await createFeed(ent, { title: "Parsed & checked", filters: { skills: skill } });
  });

  it("RSS 2.0: items newest received first, guid = job id, link, pubDate = received_at, categories = skills", async () => {
    const r = await read(feed.urls.rss);
    expect(r.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    await expectValidXml(r.text);
    const parsed = await parseFeed(r.text);
    expect(parsed).toMatchObject({ title: "Parsed & checked", feedUrl: feed.urls.rss });
    expect(parsed.items.map((i) => i.guid)).toEqual([jobs[1]!.id, jobs[0]!.id]);
    expect(r.text).toContain(`<guid isPermaLink="false">${jobs[1]!.id}</guid>`);
    const [newer, older] = parsed.items;
    expect(newer).toMatchObject({
      title: "Newer hourly job",
      link: jobs[1]!.url,
      isoDate: "2025-11-03T11:00:07.000Z",
      categories: [skill, "TypeScript"],
    });
    expect(newer!.content).toContain("<b>Budget:</b> Hourly: $30–$60/hr");
    expect(newer!.content).toContain("payment not verified");
    expect(newer!.content).toContain("<b>Applicants:</b> 12");
    expect(older!.content).toContain("<b>Budget:</b> Fixed price: $1,500");
    expect(older!.content).toContain("<b>Client:</b> Germany · $25,000 spent · payment verified");
    expect(older!.content).toContain("<b>Skills:</b> parse-skill, TypeScript");
    expect(older!.content).toContain("<b>Posted on Upwork:</b> 2025-11-01 10:00:00 UTC");
    expect(older!.content).toContain("A plain description.");
    expect(older!.content).toContain(`<a href="${jobs[0]!.url}">`);
    expect(older!.isoDate).toBe("2025-11-03T10:00:05.000Z");
  });

  it("Atom 1.0: entry ids wrap the job id, published and updated are received_at", async () => {
    const r = await read(feed.urls.atom);
    expect(r.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    await expectValidXml(r.text);
    const parsed = await parseFeed(r.text);
    expect(parsed).toMatchObject({ title: "Parsed & checked", feedUrl: feed.urls.atom });
    expect(parsed.items.map((i) => i.id)).toEqual([`urn:upwork:job:${jobs[1]!.id}`, `urn:upwork:job:${jobs[0]!.id}`]);
    expect(parsed.items[0]).toMatchObject({ title: "Newer hourly job", link: jobs[1]!.url, isoDate: "2025-11-03T11:00:07.000Z" });
    expect(parsed.items[0]!.content).toContain("<b>Budget:</b> Hourly: $30–$60/hr");
    expect(r.text).toContain("<published>2025-11-03T11:00:07Z</published><updated>2025-11-03T11:00:07Z</updated>");
  });

  it("JSON Feed 1.1: the documented schema, version, items with id, url, title, content_html, date_published", async () => {
    const r = await read(feed.urls.json);
    expect(r.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const doc = JSON.parse(r.text) as JsonFeed;
    const openapi = (await call<OpenApiDoc>("/openapi.json")).body;
    expect(violation(openapi.components.schemas.JsonFeed as Schema, doc)).toBeNull();
    expect(doc).toMatchObject({ version: "https://jsonfeed.org/version/1.1", title: "Parsed & checked", feed_url: feed.urls.json });
    expect(doc.items).toHaveLength(2);
    expect(doc.items[0]).toMatchObject({
      id: jobs[1]!.id,
      url: jobs[1]!.url,
      title: "Newer hourly job",
      date_published: "2025-11-03T11:00:07Z",
      tags: [skill, "TypeScript"],
    });
    for (const item of doc.items) {
      expect(item.content_html).toContain("<b>Budget:</b>");
      expect(Number.isNaN(Date.parse(item.date_published))).toBe(false);
    }
  });

  it("the newest 50 by received_at, whatever posted_on says", async () => {
    const many = "many-skill";
    const batch = Array.from({ length: 55 }, (_, i) =>
      jobFor(many, { posted_on: `2025-10-${String(1 + (i % 28)).padStart(2, "0")}T00:00:00Z` }),
    );
    for (let i = 0; i < batch.length; i++) await store([batch[i]!], `2025-11-05T10:${String(i).padStart(2, "0")}:00Z`);
    const f = await createFeed(ent, { filters: { skills: many } });
    const doc = (await read(f.urls.json)).body as JsonFeed;
    expect(doc.items.map((i) => i.id)).toEqual(
      batch
        .slice(5)
        .reverse()
        .map((j) => j.id),
    );
  });
});

describe("hostile text stays valid in every format", () => {
  const HOSTILE = `<script>alert("x")</script> ]]> & &amp; 'q' ${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("")} \ud800 lone \udfff end \uffff 😀 émoji`;
  const CLEAN = `<script>alert("x")</script> ]]> & &amp; 'q' \t\n\r  lone  end  😀 émoji`;
  let feed: IssuedFeedView;
  beforeAll(async () => {
    const job = jobFor("hostile-skill", {
      title: HOSTILE,
      description: `${HOSTILE}\nsecond line <b>bold</b>`,
      skills: ["hostile-skill", "C++ & <Rust>"],
    });
    await store([job], "2025-11-06T10:00:00Z");
    feed = await createFeed(ent, { title: HOSTILE, filters: { skills: "hostile-skill" } });
  });

  it("RSS: well-formed, parsed back to the same text, markup escaped", async () => {
    const r = await read(feed.urls.rss);
    await expectValidXml(r.text);
    expect(r.text).not.toContain("<script>");
    expect(r.text).not.toContain("]]>");
    const parsed = await parseFeed(r.text);
    expect(parsed.title).toBe(CLEAN);
    expect(parsed.items[0]!.title).toBe(CLEAN);
    expect(parsed.items[0]!.categories).toEqual(["hostile-skill", "C++ & <Rust>"]);
    // The description is HTML, and the job's text in it is text, not markup.
    expect(parsed.items[0]!.content).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(parsed.items[0]!.content).not.toContain("<script>");
    expect(parsed.items[0]!.content).toContain("second line &lt;b&gt;bold&lt;/b&gt;");
  });

  it("Atom: well-formed, parsed back to the same text", async () => {
    const r = await read(feed.urls.atom);
    await expectValidXml(r.text);
    expect(r.text).not.toContain("<script>");
    const parsed = await parseFeed(r.text);
    expect(parsed.title).toBe(CLEAN);
    expect(parsed.items[0]!.title).toBe(CLEAN);
    expect(parsed.items[0]!.content).toContain("&lt;script&gt;");
  });

  it("JSON Feed: parses, same text", async () => {
    const r = await read(feed.urls.json);
    const doc = JSON.parse(r.text) as JsonFeed;
    expect(doc.title).toBe(CLEAN);
    expect(doc.items[0]!.title).toBe(CLEAN);
    expect(doc.items[0]!.tags).toEqual(["hostile-skill", "C++ & <Rust>"]);
    expect(doc.items[0]!.content_html).toContain("&lt;script&gt;");
  });
});

describe("item dates are received_at, so late jobs still look new (the n8n RSS Feed Trigger rule)", () => {
  it("a job stored late with an old posted_on is newer than the last date a reader saw, in every format", async () => {
    const skill = "late-skill";
    // Two jobs, received in the order they were posted.
    await store([jobFor(skill, { posted_on: "2025-11-07T10:00:00Z" })], "2025-11-07T10:00:30Z");
    await store([jobFor(skill, { posted_on: "2025-11-07T12:00:00Z" })], "2025-11-07T12:00:40Z");
    const feed = await createFeed(ent, { title: "late", filters: { skills: skill } });

    // The reader polls and remembers the newest date it saw.
    const dates = async () => {
      const rss = await parseFeed((await read(feed.urls.rss)).text);
      const atom = await parseFeed((await read(feed.urls.atom)).text);
      const jsonFeed = (await read(feed.urls.json)).body as JsonFeed;
      return {
        rss: rss.items.map((i) => ({ id: i.guid!, at: Date.parse(i.isoDate!) })),
        atom: atom.items.map((i) => ({ id: i.id!.replace("urn:upwork:job:", ""), at: Date.parse(i.isoDate!) })),
        json: jsonFeed.items.map((i) => ({ id: i.id, at: Date.parse(i.date_published) })),
      };
    };
    const seen = await dates();
    const remembered = Object.fromEntries(Object.entries(seen).map(([f, items]) => [f, Math.max(...items.map((i) => i.at))]));

    // A job posted before both, but only stored now (a late page, a source outage).
    const late = jobFor(skill, { posted_on: "2025-11-07T09:00:00Z" });
    await store([late], "2025-11-07T12:05:00Z");

    const again = await dates();
    for (const [format, items] of Object.entries(again)) {
      const fresh = items.filter((i) => i.at > remembered[format]!);
      expect(
        fresh.map((i) => i.id),
        format,
      ).toEqual([late.id]);
    }
  });
});

describe("renderers (pure)", () => {
  const doc = (jobs: Job[], title = "T"): FeedDocument => ({
    id: "fd_x",
    title,
    description: "d",
    urls: { rss: "https://h/f/t.rss", atom: "https://h/f/t.atom", json: "https://h/f/t.json" },
    updated: "2025-11-03T12:00:00Z",
    pollSeconds: 90,
    jobs: jobs.map((j, i) => asView(j, `2025-11-03T1${i}:00:00Z`)),
  });
  /** Whether the text holds a character XML 1.0 forbids (by code point: a lone surrogate half is one of its own). */
  const hasForbidden = (text: string) =>
    [...text].some((ch) => {
      const c = ch.codePointAt(0)!;
      return (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
    });

  it("keep no character XML 1.0 forbids, keep emoji whole, and escape markup", () => {
    const nasty = `a\u0000b\u0008c\u000Bd\u001Fe\ud800f\udc00g😀h]]><x>&"'`;
    const job = makeJob("1", { title: nasty, description: nasty, skills: [nasty], url: "https://www.upwork.com/jobs/~021?a=1&b=2" });
    for (const format of ["rss", "atom", "json"] as const) {
      const out = renderFeed(format, doc([job], nasty));
      expect(hasForbidden(out), format).toBe(false);
      expect(out, format).toContain("😀");
      if (format !== "json") {
        expect(out).not.toContain("<x>");
        expect(out).not.toContain("]]>");
        expect(out).toContain("abcdefg😀h]]&gt;&lt;x&gt;&amp;&quot;&#39;");
        expect(out).toContain("https://www.upwork.com/jobs/~021?a=1&amp;b=2");
      } else {
        expect((JSON.parse(out) as JsonFeed).title).toBe(`abcdefg😀h]]><x>&"'`);
      }
    }
  });

  it("date items by received_at (RFC 822 in RSS, ISO 8601 elsewhere), never posted_on", () => {
    const job = makeJob("2", { posted_on: "2020-01-01T00:00:00Z" });
    const rss = renderFeed("rss", doc([job]));
    expect(rss).toContain("<pubDate>Mon, 03 Nov 2025 10:00:00 GMT</pubDate>");
    expect(rss).toContain("<lastBuildDate>Mon, 03 Nov 2025 12:00:00 GMT</lastBuildDate>");
    expect(rss).toContain("<ttl>2</ttl>");
    expect(rss).not.toContain("Wed, 01 Jan 2020");
    const atom = renderFeed("atom", doc([job]));
    expect(atom).toContain("<published>2025-11-03T10:00:00Z</published>");
    expect(atom).not.toContain("2020-01-01T00:00:00Z");
    expect((JSON.parse(renderFeed("json", doc([job]))) as JsonFeed).items[0]!.date_published).toBe("2025-11-03T10:00:00Z");
  });

  it("link only http(s) job URLs, and shorten long descriptions without cutting an emoji", () => {
    const job = makeJob("3", { url: "javascript:alert(1)", description: `${"😀".repeat(700)}` });
    const rss = renderFeed("rss", doc([job]));
    expect(rss).not.toContain("javascript:");
    expect(rss).not.toContain("<link>javascript");
    expect(hasForbidden(rss)).toBe(false);
    expect(rss).toContain(`${"😀".repeat(599)}…`);
    expect(rss).not.toContain("😀".repeat(600));
  });

  it("text helpers", () => {
    expect(xmlChars("a\u0000\ud83d\ude00\ud800\t\n\r\u0085z")).toBe("a😀\t\n\r\u0085z");
    expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(clipText("abc", 3)).toBe("abc");
    expect(clipText("abcd", 3)).toBe("ab…");
    expect(clipText("😀😀😀😀", 3)).toBe("😀😀…");
  });
});
