#!/usr/bin/env node
// `npm run test:e2e`: the tests that drive a running Worker from outside, as users' tools do: the
// console in a real browser (test/browser/), the Zapier app (integrations/zapier/) and the n8n node
// (integrations/n8n/). One local Worker (wrangler's local runtime, a fresh D1 under .e2e/, the demo
// source, loopback webhook targets allowed) serves them all; each suite gets WORKER_URL and
// ADMIN_TOKEN in its environment. A suite whose folder is missing is skipped, not failed.
// Options: --only <name> (console, zapier, n8n).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { startDev, wrangler } from "./lib/local-worker.mjs";

const ADMIN_TOKEN = "e2e-admin-token";
const SUITES = [
  { name: "console", dir: "test/browser", command: ["node", "--test", "--test-concurrency=1", "test/browser/"] },
  { name: "zapier", dir: "integrations/zapier", command: ["npm", "test", "--prefix", "integrations/zapier"] },
  { name: "n8n", dir: "integrations/n8n", command: ["npm", "test", "--prefix", "integrations/n8n"] },
];

const { values } = parseArgs({ options: { only: { type: "string" } } });
const suites = SUITES.filter((s) => (!values.only || s.name === values.only) && existsSync(s.dir));
if (!suites.length) {
  console.log("e2e: no suite to run");
  process.exit(0);
}

// One D1 per run, so two runs at once (or a stale one) never share state.
const persistTo = `.e2e/worker-${process.pid}`;
rmSync(persistTo, { recursive: true, force: true });
mkdirSync(persistTo, { recursive: true });
wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
const worker = await startDev({
  persistTo,
  vars: {
    ADMIN_TOKEN,
    SOURCE: "demo",
    FREELANCER_SOURCE: "demo",
    POLL_INTERVAL_SECONDS: "0",
    ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
    WEBHOOK_RETRY_SCHEDULE: "1,1,1",
  },
});
console.log(`e2e: Worker on ${worker.base}`);
let failed = 0;
try {
  for (const suite of suites) {
    console.log(`\n▸ e2e ${suite.name}: ${suite.command.join(" ")}`);
    const r = spawnSync(suite.command[0], suite.command.slice(1), {
      stdio: "inherit",
      env: { ...process.env, WORKER_URL: worker.base, ADMIN_TOKEN, WRANGLER_SEND_METRICS: "false" },
    });
    if (r.status !== 0) {
      failed++;
      console.error(`▸ e2e ${suite.name} failed (exit ${r.status ?? r.signal})`);
    }
  }
} finally {
  await worker.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
