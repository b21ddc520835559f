#!/usr/bin/env node
// `npm run bench:soak`: SOAK_SECONDS (default 600) of mixed API load at the local maximum rate, with
// cron runs every CRON_EVERY seconds pushing deliveries to a local receiver. Reports errors (target
// 0), p99 drift between the first and the last minute (target ≤ 1.5x), the Worker's memory (flat in
// the second half: ≤ 1.25x), and reconciles webhook events at the end (created = delivered = received
// once). Writes bench/results/soak.json and the "## bench:soak" section of bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import autocannon from "autocannon";
import { d1Query, startDev, wrangler } from "../scripts/lib/local-worker.mjs";
import { replaceSection } from "./lib/results.mjs";
import { percentile, ratio, round } from "./lib/stats.mjs";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WINDOW = Math.min(60, SECONDS);
const CRON_EVERY = Number(process.env.CRON_EVERY ?? 15);
const PERSIST = "bench/.data/soak";
const ADMIN = "soak-admin-token";

/** RSS (KiB) of every workerd process, by pid, and whether it is wrangler's dev proxy (listening on `proxyPort`). */
function workerdProcesses(proxyPort) {
  const out = {};
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("workerd")) continue;
      const rss = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
      if (rss) out[pid] = { kib: Number(rss[1]), worker: !cmd.includes(`--socket-addr=entry=127.0.0.1:${proxyPort}\0`) };
    } catch {
      // process went away
    }
  }
  return out;
}

rmSync(PERSIST, { recursive: true, force: true });
mkdirSync(PERSIST, { recursive: true });
wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", PERSIST]);

// A receiver that acknowledges every delivery at once and counts them, and the distinct events.
let deliveries = 0;
const eventIds = new Set();
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    deliveries++;
    eventIds.add(req.headers["webhook-id"]);
    res.writeHead(204).end();
  });
});
await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

const before = new Set(Object.keys(workerdProcesses()));
const dev = await startDev({
  persistTo: PERSIST,
  // Load goes straight to the Worker's workerd, not through wrangler's dev proxy (see startDev).
  direct: true,
  vars: {
    ADMIN_TOKEN: ADMIN,
    TIERS: JSON.stringify({ enterprise: { credits_per_month: null, requests_per_minute: 100_000_000 } }),
    ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
    SOURCE: "demo",
  },
});
const ours = () => Object.entries(workerdProcesses(dev.port)).filter(([pid]) => !before.has(pid));
/** The worker's workerd process, and wrangler's (now idle) dev proxy, in MiB. */
const rssMiB = (worker) =>
  round(
    ours()
      .filter(([, p]) => p.worker === worker)
      .reduce((s, [, p]) => s + p.kib, 0) / 1024,
    1,
  );

async function json(method, path, body, headers = {}) {
  const res = await fetch(dev.base + path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
const adminHeaders = { authorization: `Bearer ${ADMIN}` };

try {
  await json("POST", "/admin/scrape", undefined, adminHeaders);
  const key = (await json("POST", "/admin/keys", { name: "soak", tier: "enterprise" }, adminHeaders)).data[0].key;
  const keyHeaders = { "x-api-key": key };
  const subscriptions = [{}, { job_type: "fixed" }, { job_type: "hourly" }, { payment_verified: true }, { q: "developer" }];
  const webhookIds = [];
  for (const filters of subscriptions)
    webhookIds.push((await json("POST", "/webhooks", { url: receiverUrl, filters }, keyHeaders)).data[0].id);
  const someId = (await json("GET", "/jobs?limit=1", undefined, keyHeaders)).data[0]?.id ?? "none";

  const paths = [
    "/jobs",
    "/jobs?limit=50",
    "/jobs?job_type=fixed&budget_min=1000",
    "/jobs?country=US,GB&payment_verified=true",
    "/jobs?q=developer%20-wordpress",
    `/jobs/${encodeURIComponent(someId)}`,
    "/health",
    "/freelancers?query=react",
  ];

  // Cron runs in the background throughout the soak.
  let cronRuns = 0;
  let cronErrors = 0;
  const cron = setInterval(async () => {
    try {
      const res = await fetch(`${dev.base}/__scheduled`);
      await res.text();
      if (res.ok) cronRuns++;
      else cronErrors++;
    } catch {
      cronErrors++;
    }
  }, CRON_EVERY * 1000);

  const windows = [];
  for (let elapsed = 0; elapsed < SECONDS; elapsed += WINDOW) {
    const latencies = [];
    const statuses = {};
    const result = await autocannon({
      url: dev.base,
      connections: 4,
      duration: Math.min(WINDOW, SECONDS - elapsed),
      headers: keyHeaders,
      requests: paths.map((path) => ({ method: "GET", path })),
      setupClient: (client) =>
        client.on("response", (status, _bytes, ms) => {
          latencies.push(ms);
          if (status >= 300) statuses[status] = (statuses[status] ?? 0) + 1;
        }),
    });
    const w = {
      minute: windows.length + 1,
      requests: result.requests.total,
      rps: round(result.requests.average, 1),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors: result.errors + result.timeouts + result.non2xx,
      // What the errors were: HTTP statuses, connection errors, timeouts.
      error_kinds: {
        ...statuses,
        ...(result.errors && { connection: result.errors }),
        ...(result.timeouts && { timeout: result.timeouts }),
      },
      rss_mib: rssMiB(true),
      proxy_rss_mib: rssMiB(false),
      deliveries,
    };
    windows.push(w);
    console.log(JSON.stringify(w));
    if (w.requests - w.errors <= 0) {
      console.log(`the server stopped answering in minute ${w.minute}: ending the soak`);
      console.log(dev.output().slice(-4000));
      break;
    }
  }
  clearInterval(cron);
  const workerErrors = dev
    .output()
    .split("\n")
    .filter((l) => /error|exception|✘/i.test(l));
  if (workerErrors.length) console.log(`the Worker's last error lines:\n${workerErrors.slice(-20).join("\n")}`);

  // Let the queue drain, then reconcile: every event created is delivered exactly once here.
  const drainDeadline = Date.now() + 120_000;
  const pending = async () => {
    let n = 0;
    for (const id of webhookIds)
      n += (await json("GET", `/webhooks/${id}/deliveries?status=pending&limit=100`, undefined, keyHeaders)).data.length;
    return n;
  };
  await new Promise((r) => setTimeout(r, CRON_EVERY * 1000)); // a cron run started just before may still be announcing
  while ((await pending()) > 0 && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 1000));
  await dev.stop();
  const byStatus = Object.fromEntries(
    d1Query(PERSIST, "SELECT status, count(*) AS n FROM webhook_deliveries GROUP BY status").map((r) => [r.status, r.n]),
  );
  const created = Object.values(byStatus).reduce((a, b) => a + b, 0);
  const delivered = byStatus.delivered ?? 0;
  const reconciled = created === delivered && eventIds.size === delivered && deliveries === delivered;

  const answered = windows.filter((w) => w.p99 !== undefined && !Number.isNaN(w.p99) && w.requests > w.errors);
  const first = answered[0] ?? windows[0];
  const last = answered[answered.length - 1] ?? windows[windows.length - 1];
  const died = windows.length > answered.length ? windows[answered.length]?.minute : undefined;
  const errors = windows.reduce((s, w) => s + w.errors, 0) + cronErrors;
  const half = answered[Math.floor((answered.length - 1) / 2)] ?? first;
  const figures = [
    {
      figure: "errors during soak (API + cron)",
      value: errors,
      baseline: null,
      ratio: null,
      target: 0,
      target_text: "= 0",
      unit: "",
      met: errors === 0,
    },
    {
      figure: `p99 minute ${last.minute} vs minute ${first.minute}`,
      value: last.p99,
      baseline: first.p99,
      ratio: ratio(last.p99, first.p99),
      target: 1.5,
      unit: "ms",
    },
    {
      figure: `Worker's workerd memory (RSS) minute ${last.minute} vs minute ${first.minute}`,
      value: last.rss_mib,
      baseline: first.rss_mib,
      ratio: ratio(last.rss_mib, first.rss_mib),
      target: null,
      unit: "MiB",
    },
    {
      figure: `Worker's workerd memory (RSS) minute ${last.minute} vs minute ${half.minute} (growth in the second half)`,
      value: last.rss_mib,
      baseline: half.rss_mib,
      ratio: ratio(last.rss_mib, half.rss_mib),
      target: 1.25,
      unit: "MiB",
    },
    { figure: "minute the local server stopped answering", value: died ?? "never", baseline: null, ratio: null, target: null, unit: "" },
    {
      figure: "API throughput (mean of minutes)",
      value: round(windows.reduce((s, w) => s + w.rps, 0) / windows.length, 1),
      baseline: null,
      ratio: null,
      target: null,
      unit: "req/s",
    },
    { figure: "cron runs", value: cronRuns, baseline: null, ratio: null, target: null, unit: "" },
    {
      figure: "webhook events created / delivered / received (distinct) / received (requests)",
      value: `${created} / ${delivered} / ${eventIds.size} / ${deliveries}`,
      baseline: null,
      ratio: null,
      target: null,
      target_text: "all equal",
      unit: "",
      met: reconciled,
    },
  ];
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/soak.json",
    `${JSON.stringify(
      {
        bench: "soak",
        command: "npm run bench:soak",
        measured_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        seconds: SECONDS,
        figures,
        windows,
      },
      null,
      2,
    )}\n`,
  );
  console.log(JSON.stringify(figures, null, 2));
  writeResultsSection({ errors, cronRuns, created, delivered, windows, paths, subscriptions });
  if (errors > 0 || !reconciled) process.exitCode = 1;
} finally {
  await dev.stop();
  receiver.close();
  spawnSync("true");
}

function writeResultsSection({ errors, cronRuns, created, delivered, windows, paths, subscriptions }) {
  const ms = (x) => (x === undefined || x === null || Number.isNaN(x) ? "—" : `${round(x, 1)} ms`);
  const rows = windows.map(
    (w) =>
      `| ${w.minute} | ${w.requests} | ${w.rps} | ${ms(w.p50)} | ${ms(w.p99)} | ${w.errors} | ${w.rss_mib} MiB | ${w.proxy_rss_mib} MiB | ${w.deliveries} |`,
  );
  replaceSection(
    "bench/RESULTS.md",
    "## bench:soak",
    [
      "## bench:soak",
      "",
      `Command: \`npm run bench:soak\` (measured ${new Date().toISOString().replace(/\.\d{3}Z$/, "Z")}, ${SECONDS} s). Mixed GET load (autocannon, 4`,
      `connections, ${paths.length} paths: /jobs with and without filters and keywords, /jobs/:id, /health, /freelancers) sent straight to the`,
      `Worker's own workerd process (scripts/serve-local.mjs: wrangler's local runtime, inspector off, not through the dev proxy), a`,
      `cron run every ${CRON_EVERY} s (demo source: new jobs each run), ${subscriptions.length} webhook subscriptions on a local receiver that answers 204.`,
      "",
      "| minute | requests | req/s | p50 | p99 | errors | Worker RSS | dev proxy RSS (idle) | deliveries received (cumulative) |",
      "|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      `- Errors: ${errors} (API and cron) over ${cronRuns} cron runs.`,
      `- Reconciliation after the load (queue drained): ${created} webhook events created, ${delivered} delivered, ${eventIds.size} distinct events received in ${deliveries} requests.`,
      "- Memory: the Worker's workerd grows while V8 heaps and SQLite caches warm up, then stays flat; the summary compares the last minute with the middle one.",
      "- Why the load skips wrangler's dev proxy and runs with the inspector off: under `wrangler dev`, the inspector proxy (a second workerd) receives four",
      "  Network.* events for every D1 query and keeps them while no DevTools is attached, about 50 KB per API call here. An earlier soak through",
      "  `wrangler dev` died in minute 7 when that process reached V8's heap limit (\"Reached heap limit\"), while the Worker's own process stayed",
      "  at ~500 MiB. Controls on the same machine: a bare workerd serving a trivial Worker, with or without a Durable Object or SQL storage",
      "  call per request, levels off at 300–750 MiB; production Workers have neither the proxy nor the inspector.",
    ].join("\n"),
  );
}
