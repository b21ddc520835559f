// Load generation with autocannon: one scenario = a list of paths cycled for a fixed duration.
import autocannon from "autocannon";
import { percentile, round } from "./stats.mjs";

/** A request of a scenario: a GET path, or { method, path, body } (JSON). */
export const requestOf = (p) =>
  typeof p === "string" ? { method: "GET", path: p } : { ...p, headers: { "content-type": "application/json" } };

/**
 * Runs autocannon against `base`, cycling through `paths` (GET paths, or { method, path, body }) for
 * `seconds` with `connections` connections. Every path is first checked to answer 200, so errors never pass for fast requests.
 * Returns { rps, requests, seconds, p50, p90, p99, latencies } (ms; `latencies` are the raw
 * response times, so several runs of a scenario can be pooled with `summarize`).
 */
export async function runScenario({ base, paths, headers = {}, seconds = 10, connections = 1 }) {
  for (const p of paths) {
    const r = requestOf(p);
    const res = await fetch(base + r.path, { method: r.method, headers: { ...headers, ...r.headers }, body: r.body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${r.method} ${r.path} → ${res.status} ${text.slice(0, 300)}`);
  }
  const latencies = [];
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    headers,
    requests: paths.map(requestOf),
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${requestOf(paths[0]).path}…: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return summarize([{ latencies, seconds }]);
}

/** Pools runs ({ latencies, seconds }) into one figure set. */
export function summarize(runs) {
  const latencies = runs.flatMap((r) => r.latencies);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return {
    rps: round(latencies.length / seconds, 1),
    requests: latencies.length,
    seconds,
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    latencies,
  };
}
