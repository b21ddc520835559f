// The operator's self-check of the upwork source (POST /admin/upwork/check, npm run upwork:check).
// It runs inside the Worker with the stored token chain (a check run elsewhere would spend the
// rotating refresh token and break the chain), within the request budget:
//   1. one small introspection query per type our operations touch, and a comparison of every
//      operation, argument, input field, enum value and selected field with the live schema;
//   2. one minimal job search, one detail and one freelancer search, each reported with the exact
//      error and the scope it likely needs when it fails (docs/upwork-source.md#scopes).
import { FREELANCER_SEARCH_QUERY, freelancerSearchVariables } from "../freelancers/sources/upwork";
import { DETAIL_QUERY, SEARCH_QUERY, searchVariables } from "../ingest/sources/upwork";
import type { IngestSettings } from "../settings";
import { errMessage } from "../upstream/client";
import type { CheckResult, CheckRow, CheckStatus } from "./check-report";
import { parseOperation, type Selection, type Value } from "./document";
import { type GraphqlBody, graphqlMessage, type UpworkGraphql } from "./graphql";
import { FreelancerUserType } from "./user-type";

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface SchemaType {
  kind: string;
  name: string;
  fields: { name: string; args: { name: string; type: TypeRef }[]; type: TypeRef }[] | null;
  inputFields: { name: string; type: TypeRef }[] | null;
  enumValues: { name: string }[] | null;
  possibleTypes: { name: string }[] | null;
}

const REF = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
const TYPE_QUERY = `query type($name: String!) { __type(name: $name) { kind name
  fields(includeDeprecated: true) { name args { name type { ${REF} } } type { ${REF} } }
  inputFields { name type { ${REF} } } enumValues(includeDeprecated: true) { name } possibleTypes { name } } }`;

/** `[X!]!` as written in a document. */
function typeString(ref: TypeRef): string {
  if (ref.kind === "NON_NULL") return `${typeString(ref.ofType!)}!`;
  if (ref.kind === "LIST") return `[${typeString(ref.ofType!)}]`;
  return ref.name ?? "?";
}

const named = (ref: TypeRef): string => (ref.ofType ? named(ref.ofType) : (ref.name ?? "?"));

/** What the check is told about Upwork and what it must not spend. */
interface SchemaSource {
  query(query: string, variables: Record<string, unknown>): Promise<GraphqlBody>;
}

class Schema {
  private readonly types = new Map<string, Promise<SchemaType | null>>();

  constructor(private readonly client: SchemaSource) {}

  type(name: string): Promise<SchemaType | null> {
    let t = this.types.get(name);
    if (!t) {
      t = this.client.query(TYPE_QUERY, { name }).then((b) => {
        if (!b.data && b.errors?.length) throw new Error(`introspection of ${name} failed${graphqlMessage(b)}`);
        return (b.data?.__type as SchemaType | null) ?? null;
      });
      this.types.set(name, t);
    }
    return t;
  }
}

/** Compares our operations (with the variables we would send) against the live schema. */
class SchemaCheck {
  readonly rows = new Map<string, CheckRow>();
  private readonly schema: Schema;

  constructor(client: SchemaSource) {
    this.schema = new Schema(client);
  }

  private row(item: string, status: CheckStatus, detail: string | null = null): void {
    const known = this.rows.get(item);
    // One row per item; a problem wins over "present".
    if (!known || known.status === "present") this.rows.set(item, { item, status, detail });
  }

  async operation(label: string, query: string, variables: Record<string, unknown>, rootType: string): Promise<void> {
    const op = parseOperation(query);
    const root = await this.schema.type(rootType);
    if (!root) return this.row(rootType, "missing", `the query root of ${label}`);
    for (const sel of op.selections) {
      const field = root.fields?.find((f) => f.name === sel.name);
      const item = `${rootType}.${sel.name}`;
      if (!field) {
        this.row(item, "missing", `the ${label} operation`);
        continue;
      }
      this.row(item, "present");
      for (const [argName, value] of Object.entries(sel.args)) {
        const arg = field.args.find((a) => a.name === argName);
        if (!arg) {
          this.row(`${item}(${argName})`, "missing", "an argument we send");
          continue;
        }
        this.row(`${item}(${argName})`, "present");
        await this.argument(`${item}(${argName})`, arg.type, value, op.variables, variables);
      }
      for (const arg of field.args) {
        if (arg.type.kind === "NON_NULL" && !(arg.name in sel.args))
          this.row(`${item}(${arg.name})`, "changed", `required (${typeString(arg.type)}) but not sent`);
      }
      await this.selections(named(field.type), sel.selections);
    }
  }

  private async argument(
    item: string,
    type: TypeRef,
    value: Value,
    declared: Record<string, string>,
    variables: Record<string, unknown>,
  ): Promise<void> {
    if (value.kind === "variable") {
      const ours = declared[value.name];
      const theirs = typeString(type);
      // A non-null variable may feed a nullable argument.
      if (ours !== theirs && ours !== `${theirs}!`)
        this.row(item, "changed", `we declare $${value.name}: ${ours}, the schema has ${theirs}`);
      await this.input(type, variables[value.name]);
    } else if (value.kind === "enum") {
      await this.input(type, value.value);
    }
  }

  /** A value we send, checked against an input type: fields exist, required fields are there, enum values exist. */
  private async input(type: TypeRef, value: unknown): Promise<void> {
    if (value === undefined || value === null) return;
    if (type.kind === "NON_NULL") return this.input(type.ofType!, value);
    if (type.kind === "LIST") {
      for (const item of Array.isArray(value) ? value : [value]) await this.input(type.ofType!, item);
      return;
    }
    if (type.kind === "SCALAR") return;
    const t = await this.schema.type(type.name!);
    if (!t) return this.row(type.name!, "missing", "a type we send");
    if (t.kind === "ENUM") {
      const ok = t.enumValues?.some((v) => v.name === value);
      this.row(
        `${t.name}.${String(value)}`,
        ok ? "present" : "missing",
        ok ? null : `values: ${(t.enumValues ?? []).map((v) => v.name).join(", ")}`,
      );
      return;
    }
    if (t.kind !== "INPUT_OBJECT" || typeof value !== "object") return;
    const given = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(given)) {
      const f = t.inputFields?.find((x) => x.name === key);
      if (!f) {
        this.row(`${t.name}.${key}`, "missing", "an input field we send");
        continue;
      }
      this.row(`${t.name}.${key}`, "present");
      await this.input(f.type, v);
    }
    for (const f of t.inputFields ?? []) {
      if (f.type.kind === "NON_NULL" && !(f.name in given))
        this.row(`${t.name}.${f.name}`, "changed", `required (${typeString(f.type)}) but not sent`);
    }
  }

  private async selections(typeName: string, selections: Selection[]): Promise<void> {
    if (!selections.length) return;
    const t = await this.schema.type(typeName);
    if (!t) return this.row(typeName, "missing", "a type we select from");
    for (const sel of selections) {
      if (sel.on) {
        const ok = t.name === sel.on || t.possibleTypes?.some((p) => p.name === sel.on);
        this.row(
          `${t.name} … on ${sel.on}`,
          ok ? "present" : "missing",
          ok ? null : `possible types: ${(t.possibleTypes ?? []).map((p) => p.name).join(", ")}`,
        );
        if (ok) await this.selections(sel.on, sel.selections);
        continue;
      }
      const field = t.fields?.find((f) => f.name === sel.name);
      this.row(`${t.name}.${sel.name}`, field ? "present" : "missing", field ? null : "a field we select");
      if (field) await this.selections(named(field.type), sel.selections);
    }
  }
}

const JOB_SCOPES = '"Common Entities – Read-Only" and "Read marketplace Job Postings"';
const FREELANCER_SCOPES = '"Common Entities – Read-Only" and the scope that covers freelancer profiles (not documented publicly)';

/** A call's row: ok, or the exact error and, for a permission error, the scope it likely needs. */
function callRow(item: string, scopes: string, outcome: { ok: true; detail: string } | { ok: false; error: string }): CheckRow {
  if (outcome.ok) return { item, status: "ok", detail: outcome.detail };
  const scope = /permission|scope|oauth2|unauthori[sz]ed|forbidden/i.test(outcome.error) ? ` (likely missing scope: ${scopes})` : "";
  return { item, status: "failed", detail: `${outcome.error}${scope}` };
}

async function attempt(
  run: () => Promise<GraphqlBody>,
  pick: (b: GraphqlBody) => unknown,
): Promise<{ body: GraphqlBody | null; error: string | null }> {
  try {
    const body = await run();
    if (pick(body) == null) return { body, error: `no data${graphqlMessage(body) || ": empty answer"}` };
    return { body, error: graphqlMessage(body) ? `partial data${graphqlMessage(body)}` : null };
  } catch (err) {
    return { body: null, error: errMessage(err) };
  }
}

/** The whole check: the schema comparison, then the three calls. */
export async function checkUpwork(db: D1Database, client: UpworkGraphql, s: IngestSettings): Promise<CheckResult> {
  const rows: CheckRow[] = [];
  let userType = s.upwork.freelancerUserType ?? "";
  try {
    // Looked up afresh (and stored): the check is how an operator finds out the enum changed.
    userType = await new FreelancerUserType(db, client, s.upwork.freelancerUserType).get({ lookUp: true });
  } catch (err) {
    rows.push({ item: "FreelancerProfileSearchUserTypeEnum (userType)", status: "failed", detail: errMessage(err) });
  }
  const check = new SchemaCheck(client);
  // The root type by its usual name: Upwork refuses `__schema` queries as "bad faith" introspection.
  const rootType = "Query";
  try {
    await check.operation("job search", SEARCH_QUERY, searchVariables(s.upwork.searches[0] ?? {}, { first: 1, offset: 0 }), rootType);
    await check.operation("job detail", DETAIL_QUERY, { id: "0" }, rootType);
    await check.operation("freelancer search", FREELANCER_SEARCH_QUERY, freelancerSearchVariables("developer", userType, 1, 0), rootType);
  } catch (err) {
    rows.push({ item: "schema introspection", status: "failed", detail: errMessage(err) });
  }
  rows.push(...check.rows.values());

  const search = await attempt(
    () => client.query(SEARCH_QUERY, searchVariables(s.upwork.searches[0] ?? {}, { first: 1, offset: 0 })),
    (b) => b.data?.marketplaceJobPostingsSearch,
  );
  const edges = (search.body?.data?.marketplaceJobPostingsSearch as { edges?: { node?: { id?: unknown } }[] } | undefined)?.edges ?? [];
  rows.push(
    callRow(
      "call: job search (1 job)",
      JOB_SCOPES,
      search.error ? { ok: false, error: search.error } : { ok: true, detail: `${edges.length} job(s)` },
    ),
  );
  const id = edges[0]?.node?.id;
  if (typeof id === "string" || typeof id === "number") {
    const detail = await attempt(
      () => client.query(DETAIL_QUERY, { id: String(id) }),
      (b) => b.data?.marketplaceJobPosting,
    );
    rows.push(
      callRow(
        "call: job detail",
        JOB_SCOPES,
        detail.error ? { ok: false, error: detail.error } : { ok: true, detail: `job ${String(id)}` },
      ),
    );
  } else {
    rows.push({ item: "call: job detail", status: "failed", detail: "no job to look up (the search returned none)" });
  }
  const freelancers = await attempt(
    () => client.query(FREELANCER_SEARCH_QUERY, freelancerSearchVariables("developer", userType, 1, 0)),
    (b) => b.data?.freelancerProfileSearchRecords,
  );
  rows.push(
    callRow(
      "call: freelancer search (1 profile)",
      FREELANCER_SCOPES,
      freelancers.error ? { ok: false, error: freelancers.error } : { ok: true, detail: `userType ${userType}` },
    ),
  );
  return { ok: rows.every((r) => r.status === "present" || r.status === "ok"), rows };
}
