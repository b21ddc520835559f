// Fake relay: another instance of this API serving GET /relay/[<ns>/]jobs (X-API-KEY must be
// "relay-key"), newest first, `next_cursor` = offset. Control routes as in ./upwork.ts:
//   POST __reset  {jobs}     POST __script {responses: [...]}     GET __log

import type { FakeHandler } from "./types";
import { header, route, type Scripted, send, serveScripted } from "./upwork";

interface State {
  jobs: Record<string, unknown>[];
  script: Scripted[];
  log: { query: string; apiKey?: string }[];
}
const states = new Map<string, State>();
const stateOf = (ns: string) => states.get(ns) ?? states.set(ns, { jobs: [], script: [], log: [] }).get(ns)!;

const RELAY_KEY = "relay-key";

export const handle: FakeHandler = async (req, res, path, body) => {
  const { ns, op, url } = route(path);
  if (op === "__reset") {
    states.set(ns, { jobs: body ? ((JSON.parse(body) as { jobs?: State["jobs"] }).jobs ?? []) : [], script: [], log: [] });
    return send(res, 200, { ok: true });
  }
  const s = stateOf(ns);
  if (op === "__script") {
    s.script.push(...(JSON.parse(body) as { responses: Scripted[] }).responses);
    return send(res, 200, { queued: s.script.length });
  }
  if (op === "__log") return send(res, 200, s.log);
  if (op === "jobs" && req.method === "GET") {
    s.log.push({ query: url.search, apiKey: header(req, "x-api-key") });
    if (await serveScripted(s.script, res)) return;
    if (header(req, "x-api-key") !== RELAY_KEY) {
      return send(res, 401, { success: false, message: "Invalid API key", data: [], count: 0, last_updated: "2026-01-01T00:00:00Z" });
    }
    const limit = Number(url.searchParams.get("limit") ?? 10);
    const start = Number(url.searchParams.get("cursor") ?? 0);
    const data = s.jobs.slice(start, start + limit);
    const end = start + data.length;
    return send(res, 200, {
      success: true,
      data,
      count: data.length,
      last_updated: "2026-01-01T00:00:00Z",
      next_cursor: end < s.jobs.length ? String(end) : null,
    });
  }
  res.writeHead(404).end();
};
