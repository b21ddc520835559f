// A schema-driven fuzzer for /openapi.json: fast-check arbitraries for the JSON Schema subset the
// document uses, requests built from an operation's parameters and body (valid, or broken in one
// place), and a validator for answers. The property (test/openapi-conformance.test.ts): every answer's
// status is one the operation documents, and every JSON answer matches the schema documented for it.
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";

export type Schema = Record<string, unknown>;
export interface Parameter {
  name: string;
  in: "query" | "path" | "header";
  required?: boolean;
  schema: Schema;
  style?: string;
  explode?: boolean;
}
export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security: string[];
}

/** Inlines every `#/components/...` reference (the document has no recursive schemas). */
function deref<T>(node: T, root: Schema): T {
  if (Array.isArray(node)) return node.map((n) => deref(n, root)) as T;
  if (!node || typeof node !== "object") return node;
  const ref = (node as Schema).$ref;
  if (typeof ref === "string") {
    const target = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((at, key) => (at as Schema)[key], root);
    return deref(target, root) as T;
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, root)])) as T;
}

export function operations(doc: Schema): Operation[] {
  const root = doc;
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, raw] of Object.entries(item)) {
      const op = deref(raw, root);
      const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.["application/json"]?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        body,
        responses: op.responses as Operation["responses"],
        security: ((op.security as Record<string, string[]>[] | undefined) ?? []).flatMap((s) => Object.keys(s)),
      });
    }
  }
  return out;
}

const text = (min = 0, max = 40) => fc.string({ minLength: min, maxLength: max, unit: "grapheme" });
const iso = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });

/** Values valid under `schema`. `special` supplies values for formats that must point somewhere real. */
export function arbitrary(schema: Schema, special: { uri?: fc.Arbitrary<string> } = {}): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ("const" in schema) return fc.constant(schema.const);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives && !schema.properties) return fc.oneof(...alternatives.map((s) => arbitrary(s, special)));
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (type.length > 1) return fc.oneof(...type.map((t) => arbitrary({ ...schema, type: t }, special)));
  const min = (k: string, d: number) => (typeof schema[k] === "number" ? (schema[k] as number) : d);
  switch (type[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: Math.max(min("minimum", -1e6), -1e9), max: Math.min(min("maximum", 1e6), 1e9) });
    case "number":
      return fc.oneof(
        fc.integer({ min: Math.ceil(min("minimum", -1e6)), max: Math.floor(Math.min(min("maximum", 1e6), 1e9)) }),
        fc
          .double({ min: min("minimum", -1e6), max: Math.min(min("maximum", 1e6), 1e9), noNaN: true, noDefaultInfinity: true })
          .map((n) => Math.round(n * 100) / 100),
      );
    case "string": {
      if (schema.format === "date-time") return iso.map((d) => d.toISOString().replace(/\.\d{3}Z$/, "Z"));
      if (schema.format === "date") return iso.map((d) => d.toISOString().slice(0, 10));
      if (schema.format === "uri") return special.uri ?? fc.webUrl();
      if (typeof schema.pattern === "string") {
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((s) => s.length <= min("maxLength", 1e9) && s.length >= min("minLength", 0));
      }
      return text(min("minLength", 0), Math.min(min("maxLength", 40), 40)).filter(
        (s) => s.length >= min("minLength", 0) && s.trim() !== "",
      );
    }
    case "array": {
      const items = fc.uniqueArray(arbitrary((schema.items as Schema) ?? {}, special), {
        minLength: min("minItems", 0),
        maxLength: Math.min(min("maxItems", 4), 4),
        selector: (v) => JSON.stringify(v),
      });
      // `contains: {const: x}`: x is one of the items.
      const must = (schema.contains as Schema | undefined)?.const;
      const max = Math.min(min("maxItems", 4), 4);
      return must === undefined
        ? items
        : items.map((list) => [must, ...list.filter((v) => JSON.stringify(v) !== JSON.stringify(must))].slice(0, max));
    }
    case "object": {
      const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const arbs = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, arbitrary(s, special)]));
      // `anyOf: [{required: [...]}, …]` beside the properties: one of those key sets must be present.
      const choices = (schema.anyOf as Schema[] | undefined)?.map((s) => (s.required as string[] | undefined) ?? []) ?? [[]];
      return fc
        .constantFrom(...choices)
        .chain((extra) => fc.record(arbs, { requiredKeys: [...required, ...extra] as never[] }))
        .filter((o) => Object.keys(o).length >= min("minProperties", 0));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value as a query string carries it (form style: arrays comma-joined unless exploded). */
export function serialize(value: unknown): string {
  if (Array.isArray(value)) return value.map(serialize).join(",");
  return typeof value === "string" ? value : JSON.stringify(value);
}

const validators = new WeakMap<Schema, Validator>();

/** Why `value` breaks `schema`, or null when it conforms. */
export function violation(schema: Schema, value: unknown): string | null {
  let v = validators.get(schema);
  if (!v) {
    v = new Validator(schema as never, "2020-12", false);
    validators.set(schema, v);
  }
  const r = v.validate(value);
  return r.valid ? null : r.errors.map((e) => `${e.instanceLocation}: ${e.error}`).join("; ");
}
