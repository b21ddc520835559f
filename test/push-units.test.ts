// Pure parts of webhook push: the SSRF guard, the retry policy, signatures, the subscription index, formats.

import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { JobFilterSchema } from "../src/jobs/filter";
import { matchesJob, toMatchable } from "../src/jobs/filter-match";
import { retryAfterMs } from "../src/lib/retry-after";
import { eventBody } from "../src/push/format";
import { indexKeys, matchJobs, SubscriptionIndex } from "../src/push/match";
import { nextDelay } from "../src/push/retry";
import { generateSecret, signatureHeader } from "../src/push/signing";
import { checkTarget } from "../src/push/ssrf";
import { DEFAULT_RETRY_SCHEDULE, parseSettings } from "../src/settings";
import { asView, makeJob, randomJob, rng } from "./support/jobs";

describe("SSRF guard", () => {
  const hostile: [string, string][] = [
    ["http://example.com/hook", "https"],
    ["ftp://example.com/hook", "https"],
    ["file:///etc/passwd", "https"],
    ["javascript:alert(1)", "https"],
    ["https://user:pass@example.com/hook", "credentials"],
    ["https://user@example.com/hook", "credentials"],
    ["https://localhost/hook", "localhost"],
    ["https://LOCALHOST./hook", "localhost"],
    ["https://api.localhost/hook", "localhost"],
    ["https://127.0.0.1/hook", "loopback"],
    ["https://127.1.2.3:8443/hook", "loopback"],
    ["https://2130706433/hook", "loopback"], // decimal 127.0.0.1
    ["https://0x7f000001/hook", "loopback"], // hex
    ["https://0177.0.0.1/hook", "loopback"], // octal
    ["https://127.1/hook", "loopback"], // short form
    ["https://0.0.0.0/hook", "reserved"],
    ["https://0/hook", "reserved"],
    ["https://10.0.0.5/hook", "private"],
    ["https://172.16.0.1/hook", "private"],
    ["https://172.31.255.255/hook", "private"],
    ["https://192.168.1.1/hook", "private"],
    ["https://100.64.0.1/hook", "private"], // CGNAT
    ["https://169.254.10.10/hook", "private"], // link-local
    ["https://169.254.169.254/latest/meta-data", "metadata"],
    ["https://metadata.google.internal/computeMetadata/v1/", "metadata"],
    ["https://100.100.100.200/latest/meta-data", "metadata"],
    ["https://224.0.0.1/hook", "reserved"],
    ["https://255.255.255.255/hook", "reserved"],
    ["https://198.18.0.1/hook", "reserved"],
    ["https://[::1]/hook", "loopback"],
    ["https://[::]/hook", "reserved"],
    ["https://[::ffff:127.0.0.1]/hook", "loopback"], // IPv4-mapped
    ["https://[::ffff:7f00:1]/hook", "loopback"],
    ["https://[::ffff:169.254.169.254]/hook", "metadata"],
    ["https://[::ffff:8.8.8.8]/hook", "reserved"], // mapped addresses are refused outright
    ["https://[::127.0.0.1]/hook", "loopback"], // IPv4-compatible
    ["https://[64:ff9b::10.0.0.1]/hook", "private"], // NAT64
    ["https://[2002:7f00:1::]/hook", "loopback"], // 6to4 around 127.0.0.1
    ["https://[fc00::1]/hook", "private"],
    ["https://[fd12:3456::1]/hook", "private"], // ULA
    ["https://[fe80::1]/hook", "private"], // link-local
    ["https://[fd00:ec2::254]/hook", "metadata"],
    ["https://[ff02::1]/hook", "reserved"],
    ["https://[2001:db8::1]/hook", "reserved"],
    ["https://fileserver/hook", "single-label"],
    ["https://printer.local/hook", "internal"],
    ["https://db.internal/hook", "internal"],
    ["https://router.home.arpa/hook", "internal"],
    ["https://127.0.0.1.nip.io/hook", "internal"],
    ["https://x.localtest.me/hook", "internal"],
    ["https://example.com:0/hook", "port"],
    ["not a url", "valid"],
    [`https://example.com/${"a".repeat(2100)}`, "characters"],
  ];
  it.each(hostile.map(([url, why]) => [url.slice(0, 80), url, why]))("refuses %s", (_label, url, why) => {
    const r = checkTarget(url, false);
    expect(r.ok, url).toBe(false);
    if (!r.ok)
      expect(r.reason.toLowerCase()).toContain(
        {
          https: "https",
          credentials: "credentials",
          localhost: "localhost",
          loopback: "loopback",
          reserved: "reserved",
          private: "private",
          metadata: "metadata",
          "single-label": "single-label",
          internal: "internal",
          port: "port",
          valid: "valid",
          characters: "characters",
        }[why]!,
      );
  });

  it("has at least 30 hostile cases", () => expect(hostile.length).toBeGreaterThanOrEqual(30));

  it.each([
    "https://example.com/hook",
    "https://hooks.zapier.com/hooks/catch/123/abc/",
    "https://hooks.slack.com/services/T000/B000/XXXX",
    "https://discord.com/api/webhooks/1/abc",
    "https://8.8.8.8/hook",
    "https://[2606:4700:4700::1111]/hook",
    "https://example.com:8443/path?q=1",
  ])("accepts public https target %s", (url) => {
    expect(checkTarget(url, false).ok).toBe(true);
  });

  it("local mode allows http and loopback but still refuses credentials and metadata", () => {
    expect(checkTarget("http://127.0.0.1:8787/hook", true).ok).toBe(true);
    expect(checkTarget("http://localhost:3000/hook", true).ok).toBe(true);
    expect(checkTarget("http://192.168.1.20/hook", true).ok).toBe(true);
    expect(checkTarget("http://u:p@127.0.0.1/hook", true).ok).toBe(false);
    expect(checkTarget("http://169.254.169.254/latest", true).ok).toBe(false);
    expect(checkTarget("ftp://127.0.0.1/", true).ok).toBe(false);
  });
});

describe("retry policy", () => {
  const fail = { status: 500, timedOut: false, retryAfter: null };
  it("default schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h", () => {
    expect(parseSettings({}).push.retrySchedule).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    expect(DEFAULT_RETRY_SCHEDULE.length + 1).toBe(10);
    const mid = () => 0.5; // no jitter
    expect(DEFAULT_RETRY_SCHEDULE.map((_, i) => nextDelay(DEFAULT_RETRY_SCHEDULE, i + 1, fail, 0, mid))).toEqual(DEFAULT_RETRY_SCHEDULE);
    expect(nextDelay(DEFAULT_RETRY_SCHEDULE, 10, fail, 0, mid)).toBeNull();
  });

  it("jitter stays within ±20 %", () => {
    expect(nextDelay([300], 1, fail, 0, () => 0)).toBe(240);
    expect(nextDelay([300], 1, fail, 0, () => 0.999999)).toBe(360);
  });

  it("429 and 503 honour Retry-After but never go below the schedule", () => {
    const mid = () => 0.5;
    expect(nextDelay([5], 1, { status: 503, timedOut: false, retryAfter: "120" }, 0, mid)).toBe(120);
    expect(nextDelay([300], 1, { status: 503, timedOut: false, retryAfter: "10" }, 0, mid)).toBe(300);
    expect(nextDelay([5], 1, { status: 429, timedOut: false, retryAfter: "600" }, 0, mid)).toBe(600);
    // a Retry-After on other statuses is not a promise we honour
    expect(nextDelay([5], 1, { status: 500, timedOut: false, retryAfter: "600" }, 0, mid)).toBe(5);
    // HTTP-date form
    const now = Date.parse("2025-11-03T12:00:00Z");
    expect(nextDelay([5], 1, { status: 503, timedOut: false, retryAfter: "Mon, 03 Nov 2025 12:03:00 GMT" }, now, mid)).toBe(180);
  });

  it("a 429 or a timeout waits at least 60 s", () => {
    const mid = () => 0.5;
    expect(nextDelay([5], 1, { status: 429, timedOut: false, retryAfter: null }, 0, mid)).toBe(60);
    expect(nextDelay([5], 1, { status: 429, timedOut: false, retryAfter: "1" }, 0, mid)).toBe(60);
    expect(nextDelay([5], 1, { status: null, timedOut: true, retryAfter: null }, 0, mid)).toBe(60);
    expect(nextDelay([5], 1, { status: null, timedOut: false, retryAfter: null }, 0, mid)).toBe(5); // network error
  });

  it("parses Retry-After forms and rejects nonsense", () => {
    expect(retryAfterMs("30", 0)).toBe(30_000);
    expect(retryAfterMs(" 1.5 ", 0)).toBe(1500);
    expect(retryAfterMs("Thu, 01 Jan 1970 00:00:10 GMT", 0)).toBe(10_000);
    expect(retryAfterMs("Thu, 01 Jan 1970 00:00:10 GMT", 60_000)).toBe(0);
    expect(retryAfterMs("soon", 0)).toBeNull();
    expect(retryAfterMs("-5", 0)).toBeNull();
    expect(retryAfterMs(null, 0)).toBeNull();
  });
});

describe("signatures", () => {
  it("verify with the standardwebhooks library, with either secret during rotation", async () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ hello: "world" });
    const ts = Math.floor(Date.now() / 1000);
    const header = await signatureHeader([b, a], "msg_1", ts, body);
    expect(header.split(" ")).toHaveLength(2);
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(ts), "webhook-signature": header };
    expect(new Webhook(a).verify(body, headers)).toEqual({ hello: "world" });
    expect(new Webhook(b).verify(body, headers)).toEqual({ hello: "world" });
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(`${body} `, headers)).toThrow();
  });
});

describe("subscription index", () => {
  const parse = (f: Record<string, unknown>) => JobFilterSchema.parse(f);

  it("files each subscription under its most selective filter", () => {
    expect(indexKeys(parse({ skills: "React,Vue", category: "web-development" }))).toEqual({ dim: "skill", values: ["react", "vue"] });
    expect(indexKeys(parse({ q: "react OR vue developer" }))).toEqual({ dim: "word", values: ["react", "vue"] });
    expect(indexKeys(parse({ q: '"node js" api' }))).toEqual({ dim: "word", values: ["node"] });
    expect(indexKeys(parse({ q: "dev* OR vue" }))).toBeNull();
    expect(indexKeys(parse({ q: "-wordpress" }))).toBeNull();
    expect(indexKeys(parse({ country: "US" }))).toEqual({ dim: "country", values: ["US"] });
    expect(indexKeys(parse({ budget_min: 100 }))).toBeNull();
  });

  it("finds exactly what checking every subscription against every job finds", () => {
    const r = rng(7);
    const jobs = Array.from({ length: 300 }, (_, i) => toMatchable(randomJob(r, i)));
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r.next() * xs.length)]!;
    const filters: Record<string, unknown>[] = [
      {},
      { status: "any" },
      { skills: "react" },
      { tags: "saas,python" },
      { q: "react developer" },
      { q: '"senior react"' },
      { q: "dev* -wordpress" },
      { q: "seo OR logo" },
      { category: "graphic-design" },
      { category_group: "writing" },
      { country: "US,GB" },
      { job_type: "hourly", hourly_min: 40 },
      { job_type: "fixed", budget_min: 1000 },
      { skills: "typescript", payment_verified: true },
      { exclude_country: "IN" },
      { contractor_tier: "expert" },
    ];
    const subs = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, filter: parse(pick(filters)) }));
    const index = new SubscriptionIndex(subs);
    const got = matchJobs(index, jobs);
    let pairs = 0;
    for (const sub of subs) {
      const expected = jobs.filter((m) => matchesJob(sub.filter, m)).map((m) => m.job.id);
      expect(got.get(sub)?.map((m) => m.job.id) ?? [], JSON.stringify(sub.filter)).toEqual(expected);
      pairs += expected.length;
    }
    expect(pairs).toBeGreaterThan(1000);
  });
});

describe("event formats", () => {
  const job = asView(
    makeJob("123", {
      title: "Build a <Cloudflare> *Worker*",
      skills: ["TypeScript", "Hono"],
      budget: { fixed_amount: 1500 },
      buyer: { country: "US", total_spent: 12500, payment_verified: true },
    }),
  );
  const hourly = asView(makeJob("124", { job_type: 1, budget: { fixed_amount: null }, hourly_budget: { min: 40, max: 80 } }));

  it("json: the envelope with type and subscription_id", () => {
    const body = JSON.parse(
      eventBody("json", { type: "jobs.matched", subscriptionId: "wh_1", jobs: [job], createdAt: "2025-11-03T12:00:00Z" }),
    );
    expect(body).toEqual({
      success: true,
      type: "jobs.matched",
      subscription_id: "wh_1",
      data: [job],
      count: 1,
      last_updated: "2025-11-03T12:00:00Z",
    });
  });

  it("slack: a linked title, budget, client and skills, with markup escaped", () => {
    const body = JSON.parse(eventBody("slack", { type: "jobs.matched", subscriptionId: "wh_1", jobs: [job, hourly], createdAt: "x" }));
    expect(body.text).toBe("2 new Upwork jobs");
    const text = body.blocks[0].text.text as string;
    expect(text).toContain(`*<${job.url}|Build a &lt;Cloudflare&gt; *Worker*>*`);
    expect(text).toContain("Fixed price: $1,500");
    expect(text).toContain("US · $12.5k spent · payment verified");
    expect(text).toContain("TypeScript, Hono");
    expect(body.blocks[2].text.text).toContain("Hourly: $40–$80/hr");
  });

  it("discord: one embed per job (at most 10), no mentions", () => {
    const many = Array.from({ length: 12 }, (_, i) => asView(makeJob(`d${i}`)));
    const body = JSON.parse(eventBody("discord", { type: "jobs.matched", subscriptionId: "wh_1", jobs: many, createdAt: "x" }));
    expect(body.embeds).toHaveLength(10);
    expect(body.content).toContain("12 new Upwork jobs");
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const one = JSON.parse(eventBody("discord", { type: "jobs.matched", subscriptionId: "wh_1", jobs: [job], createdAt: "x" }));
    expect(one.embeds[0]).toMatchObject({ title: job.title, url: job.url });
    expect(one.embeds[0].fields.map((f: { name: string }) => f.name)).toEqual(["Budget", "Client", "Skills"]);
  });
});
