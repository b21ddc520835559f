// Fake Upwork official API under /upwork/[<ns>/]…, one independent state per namespace <ns>
// (a test file picks its own, so files running in parallel never share state):
//   POST graphql    marketplaceJobPostingsSearch (pagination_eq {first, after: offset}, searchExpression_eq
//                   = substring of the title) and marketplaceJobPosting(id); Bearer must be a live token
//   POST token      OAuth2 refresh_token grant; rotates the refresh token on every refresh
// Control routes:
//   POST __reset    {nodes?, details?, refreshToken?, paginationFails?}   fresh state
//   POST __script   {target: "graphql"|"token", responses: [{status?, headers?, body?, raw?, delayMs?}]}
//                   one-shot answers served first, in order (429 + Retry-After, 500, garbage, slow...)
//   POST __expire   every issued access token stops working (the next call gets 401)
//   GET  __log      requests received: {op, authorization, body}
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeHandler } from "./types";

export interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is (garbage JSON, HTML...). */
  raw?: string;
  /** Answer this late (to trip the client's timeout). */
  delayMs?: number;
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

/** Serves one scripted answer; true when it did. */
export async function serveScripted(queue: Scripted[], res: ServerResponse): Promise<boolean> {
  const next = queue.shift();
  if (!next) return false;
  if (next.delayMs) await new Promise((r) => setTimeout(r, next.delayMs));
  if (res.destroyed) return true;
  if (next.raw !== undefined) res.writeHead(next.status ?? 200, { "content-type": "application/json", ...next.headers }).end(next.raw);
  else send(res, next.status ?? 200, next.body ?? {}, next.headers);
  return true;
}

/** "/a/b/op?x" → { ns: "a/b", op: "op" }; no namespace → "default". */
export function route(path: string): { ns: string; op: string; url: URL } {
  const url = new URL(path, "http://fake");
  const parts = url.pathname.split("/").filter(Boolean);
  const op = parts.pop() ?? "";
  return { ns: parts.join("/") || "default", op, url };
}

export const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

interface State {
  nodes: Record<string, unknown>[];
  details: Record<string, { data: unknown; errors?: unknown[] }>;
  refreshToken: string;
  liveTokens: Set<string>;
  issued: number;
  paginationFails: boolean;
  scripts: { graphql: Scripted[]; token: Scripted[] };
  log: { op: string; authorization?: string; body: unknown }[];
}

const states = new Map<string, State>();
function fresh(init: Partial<Pick<State, "nodes" | "details" | "refreshToken" | "paginationFails">> = {}): State {
  return {
    nodes: init.nodes ?? [],
    details: init.details ?? {},
    refreshToken: init.refreshToken ?? "rt-0",
    liveTokens: new Set(),
    issued: 0,
    paginationFails: init.paginationFails ?? false,
    scripts: { graphql: [], token: [] },
    log: [],
  };
}
const stateOf = (ns: string) => states.get(ns) ?? states.set(ns, fresh()).get(ns)!;

const CLIENT_ID = "test-client";
const CLIENT_SECRET = "test-secret";

export const handle: FakeHandler = async (req, res, path, body) => {
  const { ns, op } = route(path);
  if (op === "__reset") {
    states.set(ns, fresh(body ? JSON.parse(body) : {}));
    return send(res, 200, { ok: true });
  }
  const s = stateOf(ns);
  if (op === "__script") {
    const { target, responses } = JSON.parse(body) as { target: "graphql" | "token"; responses: Scripted[] };
    s.scripts[target].push(...responses);
    return send(res, 200, { queued: s.scripts[target].length });
  }
  if (op === "__expire") {
    s.liveTokens.clear();
    return send(res, 200, { ok: true });
  }
  if (op === "__log") return send(res, 200, s.log);

  if (op === "token" && req.method === "POST") {
    const form = Object.fromEntries(new URLSearchParams(body));
    s.log.push({ op, body: form });
    if (await serveScripted(s.scripts.token, res)) return;
    if (form.client_id !== CLIENT_ID || form.client_secret !== CLIENT_SECRET) return send(res, 401, { error: "invalid_client" });
    if (form.grant_type !== "refresh_token" || form.refresh_token !== s.refreshToken) return send(res, 400, { error: "invalid_grant" });
    s.issued++;
    const access = `at-${s.issued}`;
    s.refreshToken = `rt-${s.issued}`;
    s.liveTokens.add(access);
    return send(res, 200, { access_token: access, refresh_token: s.refreshToken, token_type: "Bearer", expires_in: 86400 });
  }

  if (op === "graphql" && req.method === "POST") {
    const authorization = header(req, "authorization");
    let parsed: { query?: string; variables?: Record<string, unknown> } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      return send(res, 400, { message: "bad request" });
    }
    s.log.push({ op, authorization, body: parsed });
    if (await serveScripted(s.scripts.graphql, res)) return;
    const token = authorization?.replace(/^Bearer /, "") ?? "";
    if (!s.liveTokens.has(token)) return send(res, 401, { message: "Authentication failed" });
    const query = parsed.query ?? "";
    const vars = parsed.variables ?? {};

    if (query.includes("marketplaceJobPostingsSearch")) {
      const filter = (vars.filter ?? {}) as { searchExpression_eq?: string; pagination_eq?: { first: number; after?: string } };
      if (filter.pagination_eq && s.paginationFails) return send(res, 500, { errors: [{ message: "Exception occurred" }] });
      const words = filter.searchExpression_eq?.toLowerCase();
      const matching = s.nodes.filter(
        (n) =>
          !words ||
          String(n.title ?? "")
            .toLowerCase()
            .includes(words),
      );
      const first = filter.pagination_eq?.first ?? 10;
      const start = Number(filter.pagination_eq?.after ?? 0) || 0;
      const slice = matching.slice(start, start + first);
      return send(res, 200, {
        data: {
          marketplaceJobPostingsSearch: {
            totalCount: matching.length,
            edges: slice.map((node, i) => ({ cursor: String(start + i + 1), node })),
            pageInfo: { endCursor: String(start + slice.length), hasNextPage: start + slice.length < matching.length },
          },
        },
      });
    }
    if (query.includes("marketplaceJobPosting")) {
      const detail = s.details[String(vars.id)];
      if (!detail) return send(res, 200, { data: { marketplaceJobPosting: null } });
      return send(res, 200, { data: { marketplaceJobPosting: detail.data }, ...(detail.errors ? { errors: detail.errors } : {}) });
    }
    return send(res, 200, { errors: [{ message: "unknown query" }] });
  }
  res.writeHead(404).end();
};
