// Parameter values as query strings and JSON bodies give them, one parser per kind, each paired with
// the OpenAPI schema that documents exactly what it accepts. Query strings give strings (an array
// when a name repeats); JSON gives numbers, booleans and arrays too. An empty value is the same as
// leaving the parameter out. Messages become `Invalid <name> parameter: <message>` (docs/api.md#validation).
import { z } from "@hono/zod-openapi";

/** Thrown by the value parsers; `field` turns it into a zod issue on the field's name. */
export class InvalidValue extends Error {}

/** The largest number any numeric parameter accepts unless it says otherwise. */
export const MAX_NUMBER = 1e12;
const MAX_LIST = 50;

export function single(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1) return single(value[0]);
    throw new InvalidValue("expected a single value, got several");
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") throw new InvalidValue("expected a string");
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** A comma-separated list (or a JSON array), de-duplicated, blanks dropped, at most `max` items. */
export function list(value: unknown, max = MAX_LIST): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => {
    if (typeof v === "number") return [String(v)];
    if (typeof v !== "string") throw new InvalidValue("expected a comma-separated list of strings");
    return v.split(",");
  });
  const items = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ""))];
  if (items.length > max) throw new InvalidValue(`at most ${max} values`);
  return items.length ? items : undefined;
}

function bool(value: unknown): boolean | undefined {
  const s = single(value)?.toLowerCase();
  if (s === undefined) return undefined;
  if (s === "true" || s === "1") return true;
  if (s === "false" || s === "0") return false;
  throw new InvalidValue("expected true or false");
}

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
}

const NON_NEGATIVE: NumberRule = { min: 0, max: MAX_NUMBER };

/** A plain decimal (no sign, exponent or hex) within the rule's bounds. */
function number(value: unknown, rule: NumberRule = NON_NEGATIVE): number | undefined {
  const s = single(value);
  if (s === undefined) return undefined;
  const n = Number(s);
  const open = rule.min === 0 && rule.max === MAX_NUMBER; // "any amount": say so, and the ceiling apart
  if (!/^\d+(\.\d+)?$/.test(s) || (rule.integer && s.includes("."))) {
    throw new InvalidValue(open ? `expected a non-negative ${rule.integer ? "integer" : "number"}` : expected(rule));
  }
  if (n < rule.min || n > rule.max) throw new InvalidValue(open ? `must be at most ${MAX_NUMBER}` : expected(rule));
  return n;
}

const expected = (r: NumberRule) => `expected ${r.integer ? "an integer" : "a number"} from ${r.min} to ${r.max}`;

/** OpenAPI words for one parameter: a description plus any schema keywords (type, bounds, enum, …). */
export type ParamDoc = Record<string, unknown> & { description: string };

/** A parameter of any kind: whatever a query string or JSON gives goes through `parse`. */
export function field<T>(parse: (value: unknown) => T, doc: ParamDoc) {
  // optional(): an absent key skips the parser (zod 4 would otherwise demand the key).
  return z
    .unknown()
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (err) {
        if (!(err instanceof InvalidValue)) throw err;
        ctx.addIssue({ code: "custom", message: err.message });
        return z.NEVER;
      }
    })
    .optional()
    .openapi(doc);
}

// Examples are written as a query string shows them; the document gives them in the parameter's own type.
const typed = (doc: ParamDoc, convert: (example: string) => unknown): ParamDoc =>
  typeof doc.example === "string" ? { ...doc, example: convert(doc.example) } : doc;

export const numberField = (rule: NumberRule, doc: ParamDoc) =>
  field((v) => number(v, rule), { type: rule.integer ? "integer" : "number", minimum: rule.min, maximum: rule.max, ...typed(doc, Number) });

export const boolField = (doc: ParamDoc) => field(bool, { type: "boolean", ...typed(doc, (e) => e === "true") });

export const textField = (maxLength: number, doc: ParamDoc) =>
  field(
    (v) => {
      const s = single(v);
      if (s !== undefined && s.length > maxLength) throw new InvalidValue(`at most ${maxLength} characters`);
      return s;
    },
    { type: "string", maxLength, ...doc },
  );

/**
 * A comma list: documented as an array sent as one comma-separated value (`style: form, explode:
 * false`), which is also how JSON filters may give it.
 */
export const listField = <T>(parse: (value: unknown) => T[] | undefined, items: Record<string, unknown>, doc: ParamDoc) =>
  field(parse, {
    type: "array",
    items,
    maxItems: MAX_LIST,
    uniqueItems: true,
    ...typed(doc, (e) => e.split(",")),
    param: { style: "form", explode: false },
  });

/** One of a few words (case-insensitive), mapped to its value; `expected` lists them for the message. */
export function choice<T>(value: unknown, names: Readonly<Record<string, T>>, expected: string): T | undefined {
  const s = single(value)?.toLowerCase();
  if (s === undefined) return undefined;
  if (!Object.hasOwn(names, s)) throw new InvalidValue(`expected ${expected}`);
  return names[s]!;
}

/** `{ word: word }` for `choice` over plain words. */
export const words = <const T extends readonly string[]>(list: T) =>
  Object.fromEntries(list.map((w) => [w, w])) as Record<T[number], T[number]>;
