// Driving wrangler from scripts, benchmarks and end-to-end tests: one-shot commands, and the Worker served locally on a free port.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { getPlatformProxy } from "wrangler";

const WRANGLER = "node_modules/.bin/wrangler";
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

/** Runs a wrangler command to completion; throws with its output when it fails. */
export function wrangler(args, opts = {}) {
  const r = spawnSync(WRANGLER, args, { encoding: "utf8", env: wranglerEnv, maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.status !== 0) {
    throw new Error(
      `wrangler ${args.slice(0, 4).join(" ")} failed (${r.status}):\n${(r.stdout ?? "").slice(-2000)}\n${(r.stderr ?? "").slice(-2000)}`,
    );
  }
  return r.stdout;
}

/** Rows of one SQL statement run against a local D1 (`--json` output). */
export function d1Query(persistTo, sql) {
  const out = wrangler(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", sql, "--json"]);
  return JSON.parse(out)[0].results;
}

/**
 * The project's bindings (wrangler.toml) in this Node process, on the local state that
 * `wrangler … --persist-to <persistTo>` uses (wrangler adds the v3 folder itself, the API does not).
 * Bound parameters and batches work here, unlike `wrangler d1 execute --file`, whose statement
 * splitter is slow on long literals. Returns { env, dispose }.
 */
export function openLocalBindings(persistTo) {
  return getPlatformProxy({ configPath: "wrangler.toml", persist: { path: `${persistTo}/v3` } });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the Worker locally on a free loopback port (scripts/serve-local.mjs: wrangler's dev server
 * with the cron test route and without the DevTools inspector, whose event buffer grows with every
 * D1 query) and waits until `readyPath` answers (any status below 500). `vars` override
 * wrangler.toml's vars; `config` picks another wrangler config. Returns { base, port, stop(), output() }.
 *
 * `direct: true` makes `base` the Worker's own workerd address instead of wrangler's dev proxy in
 * front of it, so a long soak measures the Worker alone (production has no such proxy).
 */
export async function startDev({ persistTo, vars = {}, config, readyPath = "/openapi.json", timeoutMs = 120_000, direct = false } = {}) {
  const port = await freePort();
  const args = ["scripts/serve-local.mjs", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistTo];
  if (config) args.push("--config", config);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(process.execPath, args, { env: wranglerEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let proxyBase;
  let workerBase;
  const keep = (d) => {
    output = (output + d).slice(-20_000);
    proxyBase ??= output.match(/^Ready on (\S+)$/m)?.[1];
    workerBase ??= output.match(/^Worker on (\S+)$/m)?.[1];
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const base = direct ? workerBase : proxyBase;
    try {
      if (!base) throw new Error("not listening yet");
      const res = await fetch(base + readyPath);
      await res.arrayBuffer();
      if (res.status < 500) return { base, port, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`the local Worker did not start:\n${output.slice(-3000)}`);
}
