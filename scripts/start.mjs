#!/usr/bin/env node
// `npm start`: the whole system locally and offline. Creates .dev.vars (never overwrites it),
// applies D1 migrations, serves the Worker with cron testing on, runs one ingestion so there are
// jobs to query, creates a demo API key and prints it.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { readDevVars } from "./lib/dev-vars.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const wrangler = "node_modules/.bin/wrangler";

function step(msg) {
  console.log(`\n▸ ${msg}`);
}

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  step("created .dev.vars from .dev.vars.example (edit it to change settings)");
} else {
  step("using existing .dev.vars");
}
const devVars = readDevVars();
const adminToken = devVars.ADMIN_TOKEN;
if (!adminToken) {
  console.error("ADMIN_TOKEN is empty in .dev.vars: set it and run npm start again.");
  process.exit(1);
}

step("applying D1 migrations locally");
const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], { stdio: "inherit", env });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// Not `wrangler dev` itself: its DevTools inspector proxy keeps every D1 query's network events
// while no DevTools is attached, so a long-running `npm start` would grow until it crashed.
// serve-local.mjs is the same local runtime with the inspector off (`npm run dev` keeps it).
step(`starting the Worker locally on port ${PORT} (wrangler's local runtime; cron testing on: /__scheduled)`);
const dev = spawn(process.execPath, ["scripts/serve-local.mjs", "--port", String(PORT), "--ip", "127.0.0.1"], {
  stdio: ["ignore", "inherit", "inherit"],
  env,
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => dev.kill(sig));
dev.on("exit", (code) => process.exit(code ?? 0));

async function waitForServer() {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${BASE}/openapi.json`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the local Worker did not start within 2 minutes");
}

async function adminCall(method, path, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${json.message ?? ""}`);
  return json;
}

try {
  await waitForServer();
  step("running one ingestion (POST /admin/scrape) so there are jobs to query");
  const run = await adminCall("POST", "/admin/scrape");
  const r = run.data?.[0] ?? {};
  console.log(`  source=${r.source} status=${r.status} fetched=${r.fetched} new=${r.new} updated=${r.updated}`);
  step("creating a demo API key (enterprise tier)");
  const created = await adminCall("POST", "/admin/keys", { name: "demo (npm start)", tier: "enterprise" });
  const key = created.data[0].key;
  console.log(`
────────────────────────────────────────────────────────────────────────
  upwork-jobs-api is running at ${BASE}
  Console:       ${BASE}/console   (sign in with the key below, the admin token, or both)

  Demo API key:  ${key}

  curl -H "X-API-KEY: ${key}" "${BASE}/jobs?limit=3&job_type=fixed&budget_min=1000"
  curl -H "X-API-KEY: ${key}" "${BASE}/search_freelancers?query=react+developer&per_page=3"
  node scripts/receiver.mjs --key ${key} --api ${BASE}   # signed webhook pushes, printed
  # new demo jobs arrive by themselves (the live poller) and are pushed within seconds
  curl -H "Authorization: Bearer ${adminToken}" "${BASE}/admin/poller"   # the poller's state
  curl "${BASE}/__scheduled"          # run the cron now
  open ${BASE}/docs                    # interactive reference
  Admin token (from .dev.vars): ${adminToken}
────────────────────────────────────────────────────────────────────────
`);
} catch (err) {
  console.error(`\nstart failed: ${err.message}`);
  dev.kill("SIGTERM");
  process.exit(1);
}
