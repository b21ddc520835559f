// Load generation with autocannon: one scenario = a list of paths cycled for a fixed duration.
import autocannon from "autocannon";

/**
 * Runs autocannon against `base`, cycling through `paths` (GET) for `seconds` with `connections`
 * connections. Every path is first checked to answer 200, so errors never pass for fast requests.
 * Returns { rps, requests, p50, p90, p99, mean } (latencies in ms).
 */
export async function runScenario({ base, paths, headers = {}, seconds = 10, connections = 1 }) {
  for (const path of paths) {
    const res = await fetch(base + path, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path} → ${res.status} ${text.slice(0, 300)}`);
  }
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers,
    requests: paths.map((path) => ({ method: "GET", path })),
  });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${paths[0]}…: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return {
    rps: Math.round(result.requests.average * 10) / 10,
    requests: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    mean: result.latency.mean,
  };
}
