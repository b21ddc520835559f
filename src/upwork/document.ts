// Our own GraphQL operations (src/ingest/sources/upwork.ts, src/freelancers/sources/upwork.ts) as
// plain data for check.ts to compare with Upwork's schema: variable declarations, arguments, nested
// selections and inline fragments. graphql-js reads the text.
import { Kind, parse, print, type SelectionSetNode, type ValueNode } from "graphql";

export type Value =
  | { kind: "variable"; name: string }
  | { kind: "enum"; value: string }
  | { kind: "literal"; value: unknown }
  | { kind: "list"; items: Value[] }
  | { kind: "object"; fields: Record<string, Value> };

export interface Selection {
  /** The field's name; for an inline fragment `...`. */
  name: string;
  args: Record<string, Value>;
  selections: Selection[];
  /** The type an inline fragment applies to. */
  on?: string;
}

export interface Operation {
  name: string | null;
  /** Variable name → its declared type as written (`[X]!`). */
  variables: Record<string, string>;
  selections: Selection[];
}

function value(node: ValueNode): Value {
  switch (node.kind) {
    case Kind.VARIABLE:
      return { kind: "variable", name: node.name.value };
    case Kind.ENUM:
      return { kind: "enum", value: node.value };
    case Kind.LIST:
      return { kind: "list", items: node.values.map(value) };
    case Kind.OBJECT:
      return { kind: "object", fields: Object.fromEntries(node.fields.map((f) => [f.name.value, value(f.value)])) };
    case Kind.NULL:
      return { kind: "literal", value: null };
    case Kind.INT:
    case Kind.FLOAT:
      return { kind: "literal", value: Number(node.value) };
    default:
      return { kind: "literal", value: node.value };
  }
}

function selections(set: SelectionSetNode | undefined): Selection[] {
  const out: Selection[] = [];
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) {
      const args = Object.fromEntries((sel.arguments ?? []).map((a) => [a.name.value, value(a.value)]));
      out.push({ name: sel.name.value, args, selections: selections(sel.selectionSet) });
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      out.push({ name: "...", args: {}, selections: selections(sel.selectionSet), on: sel.typeCondition?.name.value });
    } else {
      throw new Error("GraphQL document: named fragments are not used in our operations");
    }
  }
  return out;
}

/** The one operation of a document. */
export function parseOperation(text: string): Operation {
  const op = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new Error("GraphQL document: no operation");
  const variables = Object.fromEntries((op.variableDefinitions ?? []).map((v) => [v.variable.name.value, print(v.type)]));
  return { name: op.name?.value ?? null, variables, selections: selections(op.selectionSet) };
}
