// `npm run upwork:check [-- --url https://your-worker.example --token <ADMIN_TOKEN>]`: asks a running
// Worker (the local one by default: http://127.0.0.1:8787 with ADMIN_TOKEN from .dev.vars) to check
// the upwork source against Upwork's live schema (POST /admin/upwork/check), prints the table and
// exits 0 when everything the project needs is there, 1 when not, 2 when the check could not run.
// The check runs inside the Worker on purpose: it holds the rotating refresh token (docs/upwork-source.md#operator-self-check).
import { parseArgs } from "node:util";
import { checkTable } from "../src/upwork/check-report";
import { readDevVars } from "./lib/dev-vars.mjs";

const { values } = parseArgs({ options: { url: { type: "string" }, token: { type: "string" } } });
const url = (values.url ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`).replace(/\/+$/, "");
const token = values.token ?? process.env.ADMIN_TOKEN ?? readDevVars().ADMIN_TOKEN;

function fail(message) {
  console.error(`upwork:check: ${message}`);
  process.exit(2);
}

if (!token) fail("no admin token: pass --token, set ADMIN_TOKEN, or run from the project folder with a .dev.vars");
console.error(
  `Checking the upwork source of ${url} (about one introspection request per type, paced by the request budget: up to a minute)…`,
);
let res;
try {
  res = await fetch(`${url}/admin/upwork/check`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
} catch (err) {
  fail(`cannot reach ${url}: ${err instanceof Error ? err.message : String(err)} (is the Worker running? npm start)`);
}
const body = await res.json().catch(() => null);
if (!res.ok || !body?.data) fail(`HTTP ${res.status}${body?.message ? `: ${body.message}` : ""}`);
const result = { ok: body.ok === true, rows: body.data };
process.stdout.write(checkTable(result));
process.exit(result.ok ? 0 : 1);
