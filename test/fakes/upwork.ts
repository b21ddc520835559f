// Fake Upwork official API under /upwork/[<ns>/]…, one independent state per namespace <ns>
// (a test file picks its own, so files running in parallel never share state).
//   POST graphql    executed by graphql-js against the schema fixture (upwork-schema.ts), so a query
//                   that does not match the schema gets Upwork's answer: HTTP 200 with `errors`.
//                   marketplaceJobPostingsSearch: newest first, `searchExpression_eq` = a substring of
//                   the title, `pagination_eq.after` must be a numeric offset (10 results without
//                   pagination_eq); cursors and endCursor are opaque. marketplaceJobPosting(id): the
//                   `details` entry, else an open posting for a listed node, else null (not found).
//                   freelancerProfileSearchRecords: `profiles` whose title has the
//                   keyword; `userType` is required by the schema. `__schema` is refused as "bad faith".
//                   Bearer must be a live token.
//   POST token      OAuth2 refresh_token grant; rotates the refresh token on every refresh
// Control routes:
//   POST __reset    {nodes?, details?, profiles?, refreshToken?, paginationFails?, drift?, missingScopes?}
//                   fresh state. paginationFails: true = HTTP 500 whenever pagination_eq is sent,
//                   "errors" = GraphQL errors in a 200. drift: a changed schema (upwork-schema.ts).
//                   missingScopes: type names (e.g. ["Money"]) the token may not read: a query that
//                   selects any field of them fails whole, as Upwork answers a missing scope.
//   POST __script   {target: "graphql"|"token", responses: [{status?, headers?, body?, raw?, delayMs?}]}
//                   one-shot answers served first, in order (429 + Retry-After, 500, garbage, slow...)
//   POST __expire   every issued access token stops working (the next call gets 401)
//   GET  __log      requests received: {op, authorization, body}
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { FakeHandler } from "./types";
import { type Drift, upworkSchema } from "./upwork-schema";

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

type Obj = Record<string, unknown>;

interface Reset {
  nodes?: Obj[];
  /** Detail answers by job id: `data` is the posting (null: not found); `errors` come with it. */
  details?: Record<string, { data: unknown; errors?: { message: string; extensions?: Obj }[] }>;
  profiles?: Obj[];
  refreshToken?: string;
  paginationFails?: boolean | "errors";
  drift?: Drift;
  missingScopes?: string[];
}

interface State extends Required<Omit<Reset, "drift">> {
  schema: GraphQLSchema;
  liveTokens: Set<string>;
  issued: number;
  scripts: { graphql: Scripted[]; token: Scripted[] };
  log: { op: string; authorization?: string; body: unknown }[];
}

const states = new Map<string, State>();
const schemas = new Map<string, GraphQLSchema>();
/** Building a schema takes a few ms: one per drift. */
const schemaFor = (drift: Drift = {}) => {
  const key = JSON.stringify(drift);
  return schemas.get(key) ?? schemas.set(key, upworkSchema(drift)).get(key)!;
};

function fresh(init: Reset = {}): State {
  return {
    nodes: init.nodes ?? [],
    details: init.details ?? {},
    profiles: init.profiles ?? [],
    refreshToken: init.refreshToken ?? "rt-0",
    paginationFails: init.paginationFails ?? false,
    missingScopes: init.missingScopes ?? [],
    schema: schemaFor(init.drift),
    liveTokens: new Set(),
    issued: 0,
    scripts: { graphql: [], token: [] },
    log: [],
  };
}
const stateOf = (ns: string) => states.get(ns) ?? states.set(ns, fresh()).get(ns)!;

const CLIENT_ID = "test-client";
const CLIENT_SECRET = "test-secret";

/** An opaque cursor, so a client that sends it back as `after` gets the error it deserves. */
const cursor = (n: number) => Buffer.from(`fake-upwork:${n}`).toString("base64");

/** `after` as Upwork's pagers use it: an offset ("0" = from the start). */
function offsetOf(page: { after?: string | null } | undefined): number {
  const after = page?.after ?? "0";
  if (!/^\d+$/.test(after)) throw new GraphQLError(`Invalid pagination: after must be a numeric offset, got "${after}"`);
  return Number(after);
}

function connection(all: Obj[], start: number, first: number) {
  const slice = all.slice(start, start + first);
  return {
    totalCount: all.length,
    edges: slice.map((node, i) => ({ cursor: cursor(start + i + 1), node })),
    pageInfo: { endCursor: cursor(start + slice.length), hasNextPage: start + slice.length < all.length },
  };
}

/** A job the search lists and `details` does not mention: open, with no activity yet. */
function listed(s: State, id: string): { data: unknown } | undefined {
  const node = s.nodes.find((n) => n.id === id);
  if (!node) return undefined;
  const jobActivity = {
    lastClientActivity: null,
    invitesSent: 0,
    totalInvitedToInterview: 0,
    totalHired: 0,
    totalUnansweredInvites: 0,
    totalOffered: 0,
    totalRecommended: null,
  };
  return {
    data: {
      id,
      content: { title: node.title, description: node.description },
      workFlowState: { status: "ACTIVE", closeResult: null },
      activityStat: { jobActivity },
    },
  };
}

/** `Type.field` for every field of a scope-gated type the query selects. */
function gatedFields(schema: GraphQLSchema, doc: DocumentNode, gated: string[]): string[] {
  const info = new TypeInfo(schema);
  const out = new Set<string>();
  visit(
    doc,
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (parent && gated.includes(getNamedType(parent).name)) out.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return [...out];
}

/** Upwork-style error objects. */
const errorsOut = (errors: readonly GraphQLError[], classification: string) =>
  errors.map((e) => ({ ...e.toJSON(), extensions: { classification, ...e.extensions } }));

async function answerGraphql(s: State, query: string, variables: Obj): Promise<{ status: number; body: unknown }> {
  if (query.includes("__schema")) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: "BadFaithIntrospection: introspection of the whole schema is not allowed",
            extensions: { classification: "ValidationError" },
          },
        ],
      },
    };
  }
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (err) {
    return { status: 200, body: { errors: errorsOut([err as GraphQLError], "InvalidSyntax") } };
  }
  const invalid = validate(s.schema, doc);
  if (invalid.length) return { status: 200, body: { errors: errorsOut(invalid, "ValidationError") } };
  const gated = gatedFields(s.schema, doc, s.missingScopes);
  if (gated.length) {
    const message = `The client or authentication token doesn't have enough oauth2 permissions/scopes to access: [${gated.join(", ")}]`;
    return { status: 200, body: { errors: [{ message, extensions: { classification: "ExecutionAborted" } }], data: null } };
  }
  const filter = (variables.filter ?? {}) as { pagination_eq?: unknown };
  if (query.includes("marketplaceJobPostingsSearch") && filter.pagination_eq && s.paginationFails) {
    if (s.paginationFails === true) return { status: 500, body: { errors: [{ message: "Exception occurred" }] } };
    return {
      status: 200,
      body: {
        errors: [{ message: "Exception occurred", extensions: { classification: "DataFetchingException" } }],
        data: { marketplaceJobPostingsSearch: null },
      },
    };
  }

  const extra: GraphQLError[] = [];
  const root = {
    marketplaceJobPostingsSearch({
      marketPlaceJobFilter: f,
    }: {
      marketPlaceJobFilter?: { searchExpression_eq?: string; pagination_eq?: { first: number; after?: string } };
    }) {
      const words = f?.searchExpression_eq?.toLowerCase();
      const matching = s.nodes.filter(
        (n) =>
          !words ||
          String(n.title ?? "")
            .toLowerCase()
            .includes(words),
      );
      return connection(matching, offsetOf(f?.pagination_eq), f?.pagination_eq?.first ?? 10);
    },
    marketplaceJobPosting({ id }: { id: string }) {
      const detail = s.details[id] ?? listed(s, id);
      if (!detail) return null;
      const errors = (detail.errors ?? []).map((e) => new GraphQLError(e.message, { extensions: e.extensions }));
      if (detail.data === null && errors.length) throw errors[0];
      extra.push(...errors);
      return detail.data;
    },
    freelancerProfileSearchRecords({
      searchFilter,
      pagination,
    }: {
      searchFilter: { keyword?: string };
      pagination: { first: number; after?: string };
    }) {
      const word = searchFilter.keyword?.toLowerCase();
      const matching = s.profiles
        .filter(
          (p) =>
            !word ||
            String(p.title ?? "")
              .toLowerCase()
              .includes(word),
        )
        .map((p) => ({ __typename: "FreelancerProfilesSearchRecord", ...p }));
      return connection(matching, offsetOf(pagination), pagination.first);
    },
  };
  const result = (await execute({ schema: s.schema, document: doc, rootValue: root, variableValues: variables })) as ExecutionResult;
  const errors = [
    ...errorsOut(result.errors ?? [], result.data ? "DataFetchingException" : "ValidationError"),
    ...errorsOut(extra, "DataFetchingException"),
  ];
  return { status: 200, body: { ...(errors.length ? { errors } : {}), data: result.data ?? null } };
}

export const handle: FakeHandler = async (req, res, path, body) => {
  const { ns, op } = route(path);
  if (op === "__reset") {
    states.set(ns, fresh(body ? (JSON.parse(body) as Reset) : {}));
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
    let parsed: { query?: string; variables?: Obj } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      return send(res, 400, { message: "bad request" });
    }
    s.log.push({ op, authorization, body: parsed });
    if (await serveScripted(s.scripts.graphql, res)) return;
    const token = authorization?.replace(/^Bearer /, "") ?? "";
    if (!s.liveTokens.has(token)) return send(res, 401, { message: "Authentication failed" });
    const answer = await answerGraphql(s, parsed.query ?? "", parsed.variables ?? {});
    return send(res, answer.status, answer.body);
  }
  res.writeHead(404).end();
};
