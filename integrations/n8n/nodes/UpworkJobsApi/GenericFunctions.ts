import { createHmac, timingSafeEqual } from "node:crypto";
import type {
  IDataObject,
  IExecuteFunctions,
  IHookFunctions,
  IHttpRequestMethods,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  INodePropertyOptions,
  IWebhookFunctions,
  JsonObject,
} from "n8n-workflow";
import { NodeApiError } from "n8n-workflow";

const CREDENTIAL = "upworkJobsApi";

type Context = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/** One call to the API; answers the parsed body. An error answer (`{"success":false,"message":…}`) becomes a NodeApiError with that message and status. */
export async function apiRequest(
  this: Context,
  method: IHttpRequestMethods,
  path: string,
  { qs, body }: { qs?: IDataObject; body?: IDataObject } = {},
): Promise<IDataObject> {
  const credentials = await this.getCredentials(CREDENTIAL);
  const baseUrl = String(credentials.baseUrl ?? "")
    .trim()
    .replace(/\/+$/, "");
  const options: IHttpRequestOptions = {
    method,
    url: baseUrl + path,
    json: true,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
  };
  if (qs && Object.keys(qs).length) options.qs = qs;
  if (body !== undefined) options.body = body;
  let response: { statusCode: number; body: unknown };
  try {
    response = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL, options);
  } catch (error) {
    // No answer at all: a wrong Base URL, DNS, TLS, a refused connection.
    throw new NodeApiError(this.getNode(), error as JsonObject, {
      message: `Could not reach the Upwork Jobs API at ${baseUrl || "(no Base URL)"}: ${(error as Error).message}`,
    });
  }
  const answer = parseBody(response.body);
  if (response.statusCode >= 400) {
    const message = typeof answer.message === "string" && answer.message ? answer.message : `The API answered HTTP ${response.statusCode}`;
    throw new NodeApiError(this.getNode(), { ...answer, message } as JsonObject, {
      message,
      description: `${method} ${path} answered ${response.statusCode}`,
      httpCode: String(response.statusCode),
    });
  }
  return answer;
}

function parseBody(body: unknown): IDataObject {
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as IDataObject;
    } catch {
      return { message: body.slice(0, 500) };
    }
  }
  return (body && typeof body === "object" ? body : {}) as IDataObject;
}

/** The `data` array of an envelope. */
export function dataOf(answer: IDataObject): IDataObject[] {
  return Array.isArray(answer.data) ? (answer.data as IDataObject[]) : [];
}

// ---------------------------------------------------------------------------------------------------
// Job filters: the same names as GET /jobs (docs/api.md#job-filters). The UI collects them in one
// `filters` collection; lists are typed as comma-separated text.

const LIST_FILTERS = new Set([
  "tags",
  "skills",
  "category",
  "category_group",
  "contractor_tier",
  "engagement",
  "country",
  "exclude_country",
]);

/**
 * Turns the `filters` collection into the JSON filters object of POST /webhooks and POST
 * /filters/preview. `filtersJson` (an object, or its JSON text) is the base the other fields override.
 */
export function filtersToJson(collection: IDataObject): IDataObject {
  const { filtersJson, ...fields } = collection;
  const out: IDataObject = {};
  for (const [name, raw] of [...Object.entries(parseFiltersJson(filtersJson)), ...Object.entries(fields)]) {
    const value = clean(raw);
    if (value === undefined) continue;
    if (LIST_FILTERS.has(name)) {
      const list = toList(value);
      if (list.length) out[name] = list;
    } else {
      out[name] = value;
    }
  }
  return out;
}

function parseFiltersJson(raw: unknown): IDataObject {
  let value = raw;
  if (typeof value === "string") {
    if (!value.trim()) return {};
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error("Filters (JSON) is not valid JSON");
    }
  }
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new Error("Filters (JSON) must be a JSON object");
  return value as IDataObject;
}

/** Turns the `filters` collection into GET /jobs query parameters (lists comma-joined). */
export function filtersToQuery(collection: IDataObject): IDataObject {
  const out: IDataObject = {};
  for (const [name, value] of Object.entries(filtersToJson(collection))) {
    out[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return out;
}

function clean(raw: unknown): string | number | boolean | string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "string") return raw.trim() === "" ? undefined : raw.trim();
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === "boolean") return raw;
  if (Array.isArray(raw)) return raw.length ? raw.map(String) : undefined;
  return undefined;
}

function toList(value: string | number | boolean | string[]): string[] {
  const parts = Array.isArray(value) ? value : String(value).split(",");
  return parts.map((s) => s.trim()).filter(Boolean);
}

/** Every event list sent to the API includes jobs.matched, which the API requires. */
export function withMatched(events: string[]): string[] {
  return [...new Set(["jobs.matched", ...events])];
}

// ---------------------------------------------------------------------------------------------------
// Options loaders (GET /categories).

export async function loadCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  const groups = dataOf(await apiRequest.call(this, "GET", "/categories"));
  const options: INodePropertyOptions[] = [];
  for (const group of groups) {
    for (const category of (group.categories as IDataObject[] | undefined) ?? []) {
      options.push({
        name: `${category.name} (${group.name}, ${category.open_jobs} open)`,
        value: String(category.slug),
      });
    }
  }
  return options.sort((a, b) => a.name.localeCompare(b.name));
}

export async function loadCategoryGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  const groups = dataOf(await apiRequest.call(this, "GET", "/categories"));
  return groups
    .map((group) => ({ name: `${group.name} (${group.open_jobs} open)`, value: String(group.slug) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------------
// Standard Webhooks signatures (docs/api.md#signing).

/** How far a delivery's webhook-timestamp may be from this clock, as the reference libraries allow. */
const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Checks the webhook-id, webhook-timestamp and webhook-signature headers of one delivery against the
 * subscription's secret (`whsec_` + base64). `rawBody` must be the bytes as received. Any of the
 * space-separated `v1,<base64>` signatures may match (two are sent during a secret rotation).
 */
export function verifySignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature header" };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: "invalid webhook-timestamp" };
  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    return { ok: false, reason: "webhook-timestamp is more than 5 minutes away from this clock" };
  }
  const key = secretKey(secret);
  if (!key) return { ok: false, reason: "the stored signing secret is not a whsec_ secret" };
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  for (const entry of signatures.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const given = Buffer.from(entry.slice(comma + 1), "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "no signature matches" };
}

function secretKey(secret: string): Buffer | undefined {
  if (!secret.startsWith("whsec_")) return undefined;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return key.length ? key : undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  if (Array.isArray(value)) value = value[0];
  return typeof value === "string" ? value.trim() : undefined;
}
