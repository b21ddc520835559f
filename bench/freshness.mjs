#!/usr/bin/env node
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
// npm run bench:freshness — time from a job appearing upstream to its alert at a receiver.
//
// A fake Upwork on loopback (token endpoint + GraphQL job search, newest first, offset paging)
// publishes jobs at random (Poisson) times; 20 subscriptions on a loopback receiver take every job.
// Two phases on the same corpus schedule, each in a fresh local D1:
//   1. the live poller, POLL_INTERVAL_SECONDS=10 (no cron);
//   2. the baseline: poller off, a cron every minute (the bench calls /__scheduled each 60 s).
// Figures: publish → receipt p50, p95 and max over every (job, subscription) delivery; jobs missed or
// alerted twice; upstream requests per minute against UPWORK_MAX_REQUESTS_PER_MINUTE.
// Targets (poller): p50 ≤ 10 s, p95 ≤ 15 s, 0 missed, 0 twice.
//
// Options (env): BENCH_JOBS (48), BENCH_PUBLISH_SECONDS (250), BENCH_SUBS (20), BENCH_INTERVAL (10),
// BENCH_POLLER_ONLY=1 (phase 1 only, nothing written).
import http from "node:http";
import { startDev, wrangler } from "../scripts/lib/local-worker.mjs";
import { mulberry32 } from "../src/lib/random.ts";
import { generateJob } from "./lib/jobs.mjs";
import { replaceSection } from "./lib/results.mjs";
import { percentile, ratio, round } from "./lib/stats.mjs";

const JOBS = Number(process.env.BENCH_JOBS ?? 48);
const PUBLISH_SECONDS = Number(process.env.BENCH_PUBLISH_SECONDS ?? 250);
const SUBS = Number(process.env.BENCH_SUBS ?? 20);
const INTERVAL = Number(process.env.BENCH_INTERVAL ?? 10);
const PER_MINUTE = 40;
const ADMIN_TOKEN = "bench-freshness-admin-token";
const log = (msg) => console.log(`▸ ${msg}`);

/** Publish offsets (ms from the phase start): a Poisson process with JOBS events expected in the window. */
function schedule(seed) {
  const r = mulberry32(seed);
  const mean = (PUBLISH_SECONDS * 1000) / JOBS;
  const out = [];
  for (let t = -Math.log(1 - r()) * mean; out.length < JOBS; t += -Math.log(1 - r()) * mean) out.push(Math.min(t, PUBLISH_SECONDS * 1000));
  return out;
}

/** An Upwork search node for job i, published at `at` (the normalizer reads publishedDateTime). */
function node(i, at) {
  const j = generateJob(5_000_000 + i, { newestMs: at, spanDays: 0 });
  const iso = new Date(at).toISOString().replace(/\.\d{3}Z$/, "+0000");
  return {
    id: j.id,
    ciphertext: `~02${j.id}`,
    title: j.title,
    description: j.description,
    createdDateTime: iso,
    publishedDateTime: iso,
    amount: { rawValue: "500.0", currency: "USD" },
    experienceLevel: "INTERMEDIATE",
    category: j.category.group_slug,
    subcategory: j.category.slug,
    totalApplicants: 0,
    skills: j.skills.map((s) => ({ name: s, prettyName: s })),
    client: { totalHires: 3, totalPostedJobs: 4, verificationStatus: "VERIFIED", location: { country: "United States" } },
  };
}

function startFakes(offsets) {
  const state = { start: 0, requests: [], receipts: [] };
  const published = () => offsets.map((o, i) => ({ i, at: state.start + o })).filter((p) => state.start && p.at <= Date.now());
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const json = (status, value) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.url === "/upwork/token") {
        state.requests.push(Date.now());
        return json(200, { access_token: "bench-access", refresh_token: "bench-refresh-next", expires_in: 86_400 });
      }
      if (req.url === "/upwork/graphql") {
        state.requests.push(Date.now());
        const { variables } = JSON.parse(body || "{}");
        const page = variables?.filter?.pagination_eq ?? { first: 10, after: "0" };
        const all = published()
          .sort((a, b) => b.at - a.at)
          .map((p) => node(p.i, p.at));
        const start = Number(page.after) || 0;
        const edges = all.slice(start, start + page.first).map((n, k) => ({ cursor: String(start + k + 1), node: n }));
        return json(200, {
          data: {
            marketplaceJobPostingsSearch: {
              totalCount: all.length,
              edges,
              pageInfo: { endCursor: String(start + edges.length), hasNextPage: start + edges.length < all.length },
            },
          },
        });
      }
      if (req.url?.startsWith("/hook/")) {
        const at = Date.now();
        try {
          const event = JSON.parse(body);
          for (const j of event.data ?? []) state.receipts.push({ at, sub: event.subscription_id, job: j.id });
        } catch {
          // not an event
        }
        return res.writeHead(200).end("ok");
      }
      res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ base: `http://127.0.0.1:${server.address().port}`, state, published, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}

async function api(base, path, { key, method = "GET", body } = {}) {
  const headers = { "content-type": "application/json", ...(key ? { "x-api-key": key } : { authorization: `Bearer ${ADMIN_TOKEN}` }) };
  const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${json.message ?? ""}`);
  return json;
}

async function phase(label, { poller }) {
  const dir = `bench/.data/freshness-${label}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir]);
  const offsets = schedule(20261129);
  const fakes = await startFakes(offsets);
  const dev = await startDev({
    persistTo: dir,
    vars: {
      ADMIN_TOKEN,
      SOURCE: "upwork",
      FREELANCER_SOURCE: "off",
      UPWORK_CLIENT_ID: "bench",
      UPWORK_CLIENT_SECRET: "bench",
      UPWORK_REFRESH_TOKEN: "bench-refresh",
      UPWORK_GRAPHQL_URL: `${fakes.base}/upwork/graphql`,
      UPWORK_TOKEN_URL: `${fakes.base}/upwork/token`,
      UPWORK_MAX_REQUESTS_PER_MINUTE: String(PER_MINUTE),
      UPWORK_PAGE_SIZE: "50",
      DETAILS_PER_RUN: "0",
      POLL_INTERVAL_SECONDS: String(poller ? INTERVAL : 0),
      ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
    },
  });
  try {
    const key = (await api(dev.base, "/admin/keys", { method: "POST", body: { name: "bench", tier: "enterprise" } })).data[0].key;
    for (let i = 0; i < SUBS; i++) await api(dev.base, "/webhooks", { key, method: "POST", body: { url: `${fakes.base}/hook/${i}` } });
    fakes.state.start = Date.now();
    fakes.state.requests.length = 0;
    if (poller) await api(dev.base, "/admin/poller", { method: "POST", body: { action: "start" } });
    log(`${label}: publishing ${JOBS} jobs over ${PUBLISH_SECONDS} s to ${SUBS} subscriptions`);
    const until = fakes.state.start + PUBLISH_SECONDS * 1000 + (poller ? 30_000 : 75_000);
    let nextCron = fakes.state.start + 60_000;
    while (Date.now() < until) {
      if (!poller && Date.now() >= nextCron) {
        nextCron += 60_000;
        fetch(`${dev.base}/__scheduled`).catch(() => {});
      }
      await new Promise((r) => setTimeout(r, 200));
      if (fakes.state.receipts.length >= JOBS * SUBS && Date.now() > fakes.state.start + PUBLISH_SECONDS * 1000) break;
    }
    const publishedAt = new Map(offsets.map((o, i) => [node(i, 0).id, fakes.state.start + o]));
    const latencies = fakes.state.receipts.map((r) => (r.at - publishedAt.get(r.job)) / 1000);
    const pairs = new Set(fakes.state.receipts.map((r) => `${r.sub}/${r.job}`));
    const minutes = Math.max(1, (Date.now() - fakes.state.start) / 60_000);
    const perMinute = [];
    for (let m = 0; m < Math.ceil(minutes); m++) {
      const from = fakes.state.start + m * 60_000;
      perMinute.push(fakes.state.requests.filter((t) => t >= from && t < from + 60_000).length);
    }
    const result = {
      deliveries: fakes.state.receipts.length,
      expected: JOBS * SUBS,
      missed: JOBS * SUBS - pairs.size,
      twice: fakes.state.receipts.length - pairs.size,
      p50: round(percentile(latencies, 50), 1),
      p95: round(percentile(latencies, 95), 1),
      max: round(Math.max(...latencies), 1),
      requests_per_minute_max: Math.max(...perMinute),
      requests_per_minute: perMinute,
    };
    log(`${label}: ${JSON.stringify(result)}`);
    if (poller) log(`poller state: ${JSON.stringify((await api(dev.base, "/admin/poller")).data)}`);
    return result;
  } finally {
    await dev.stop();
    await fakes.close();
  }
}

const poll = await phase("poller", { poller: true });
if (process.env.BENCH_POLLER_ONLY) process.exit(0); // a quick look at the poller alone; nothing is written
const cron = await phase("cron", { poller: false });
const measuredAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
const ok = (v, max) => v <= max;
const figures = [
  {
    figure: `publish → receipt p50, poller every ${INTERVAL} s`,
    value: poll.p50,
    baseline: cron.p50,
    ratio: ratio(poll.p50, cron.p50),
    unit: "s",
    target_text: "≤ 10 s",
    met: ok(poll.p50, 10),
  },
  {
    figure: `publish → receipt p95, poller every ${INTERVAL} s`,
    value: poll.p95,
    baseline: cron.p95,
    ratio: ratio(poll.p95, cron.p95),
    unit: "s",
    target_text: "≤ 15 s",
    met: ok(poll.p95, 15),
  },
  { figure: "publish → receipt max, poller", value: poll.max, baseline: cron.max, ratio: ratio(poll.max, cron.max), unit: "s" },
  {
    figure: "deliveries missed / twice, poller",
    value: `${poll.missed} / ${poll.twice}`,
    target_text: "0 / 0",
    met: poll.missed === 0 && poll.twice === 0,
  },
  { figure: "deliveries missed / twice, 1-minute cron", value: `${cron.missed} / ${cron.twice}` },
  {
    figure: "upstream requests in the busiest minute, poller",
    value: poll.requests_per_minute_max,
    unit: "requests",
    target_text: `≤ ${PER_MINUTE} (the budget)`,
    met: poll.requests_per_minute_max <= PER_MINUTE,
  },
];
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  "bench/results/freshness.json",
  `${JSON.stringify({ measured_at: measuredAt, command: "npm run bench:freshness", jobs: JOBS, subscriptions: SUBS, interval: INTERVAL, poller: poll, cron, figures }, null, 2)}\n`,
);
replaceSection(
  "bench/RESULTS.md",
  "## bench:freshness",
  [
    "## bench:freshness",
    "",
    `Command: \`npm run bench:freshness\` (measured ${measuredAt}). A fake Upwork on loopback publishes ${JOBS} jobs at random (Poisson) times over ${PUBLISH_SECONDS} s;`,
    `${SUBS} subscriptions on a loopback receiver take every job (${JOBS * SUBS} deliveries per phase). The upwork source runs against it with`,
    `UPWORK_MAX_REQUESTS_PER_MINUTE=${PER_MINUTE}, in wrangler's local runtime (scripts/serve-local.mjs), a fresh local D1 per phase.`,
    `Phase 1: the live poller, POLL_INTERVAL_SECONDS=${INTERVAL}. Phase 2 (baseline): poller off, the cron every minute (/__scheduled).`,
    "",
    "| figure | poller | 1-minute cron |",
    "|---|---|---|",
    `| publish → receipt p50 | ${poll.p50} s | ${cron.p50} s |`,
    `| publish → receipt p95 | ${poll.p95} s | ${cron.p95} s |`,
    `| publish → receipt max | ${poll.max} s | ${cron.max} s |`,
    `| deliveries received / expected | ${poll.deliveries} / ${poll.expected} | ${cron.deliveries} / ${cron.expected} |`,
    `| missed / twice | ${poll.missed} / ${poll.twice} | ${cron.missed} / ${cron.twice} |`,
    `| upstream requests per minute | ${poll.requests_per_minute.join(", ")} | ${cron.requests_per_minute.join(", ")} |`,
    "",
    `Targets (poller): p50 ≤ 10 s, p95 ≤ 15 s, 0 missed, 0 twice, requests within the budget — ${figures.filter((f) => "met" in f).every((f) => f.met) ? "**met**" : "**not met**"}.`,
  ].join("\n"),
);
log("wrote bench/results/freshness.json and the bench:freshness section of bench/RESULTS.md");
