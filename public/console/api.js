// The console's only way out: calls to this origin's public API (docs/api.md). The secrets live in
// sessionStorage (gone when the tab closes) and travel only in headers: the API key as X-API-KEY,
// the admin token as Authorization: Bearer (docs/api.md#authentication, docs/api.md#admin-api).

const STORE = "upwork-jobs-api:console";

/** @typedef {{ key?: string, admin?: string, tier?: string }} Session */

/** @type {Session} */
export const session = load();

function load() {
  try {
    const raw = sessionStorage.getItem(STORE);
    const s = raw ? JSON.parse(raw) : {};
    return {
      key: typeof s.key === "string" ? s.key : undefined,
      admin: typeof s.admin === "string" ? s.admin : undefined,
      tier: typeof s.tier === "string" ? s.tier : undefined,
    };
  } catch {
    return {};
  }
}

/** @param {Session} s */
export function saveSession(s) {
  session.key = s.key;
  session.admin = s.admin;
  session.tier = s.tier;
  sessionStorage.setItem(STORE, JSON.stringify(session));
}

export function clearSession() {
  session.key = undefined;
  session.admin = undefined;
  session.tier = undefined;
  sessionStorage.removeItem(STORE);
}

/** An answer with success:false (or no answer at all): `message` is the API's own, shown as is. */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the API could not be reached
   * @param {string} message
   * @param {string} request "METHOD /path"
   */
  constructor(status, message, request) {
    super(message);
    this.status = status;
    this.request = request;
  }
}

/** @typedef {{ limit: string, remaining: string, creditsLimit: string, creditsRemaining: string }} Limits */
/** @type {((l: Limits) => void)[]} */
const limitListeners = [];
/** Called with the limit headers of every answer that has them (docs/api.md#limit-headers). */
export function onLimits(/** @type {(l: Limits) => void} */ fn) {
  limitListeners.push(fn);
}

/**
 * @typedef {object} Envelope
 * @property {boolean} success
 * @property {any[]} data
 * @property {number} count
 * @property {string} [message]
 * @property {string | null} [next_cursor]
 * @property {string | null} [last_successful_run]
 * @property {any} [source]
 */

/**
 * One API call. `as` picks the credential: the admin token for /admin/*, the API key otherwise.
 * Resolves with the envelope of a 2xx answer; rejects with an ApiError carrying the API's message.
 * @param {string} method
 * @param {string} path with its query string
 * @param {{ body?: unknown, as?: "key" | "admin" }} [opts]
 * @returns {Promise<Envelope>}
 */
export async function api(method, path, opts = {}) {
  const as = opts.as ?? (path.startsWith("/admin/") ? "admin" : "key");
  const request = `${method} ${path.split("?")[0]}`;
  const secret = as === "admin" ? session.admin : session.key;
  if (!secret) {
    throw new ApiError(0, as === "admin" ? "Sign in with the admin token to do this" : "Sign in with an API key to do this", request);
  }
  /** @type {Record<string, string>} */
  const headers = as === "admin" ? { authorization: `Bearer ${secret}` } : { "x-api-key": secret };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: "no-store",
      credentials: "omit",
      redirect: "error",
    });
  } catch (err) {
    throw new ApiError(0, `Network error: the API did not answer (${err instanceof Error ? err.message : String(err)})`, request);
  }
  const h = res.headers;
  if (h.get("x-ratelimit-limit")) {
    const l = {
      limit: h.get("x-ratelimit-limit") ?? "",
      remaining: h.get("x-ratelimit-remaining") ?? "",
      creditsLimit: h.get("x-credits-limit") ?? "",
      creditsRemaining: h.get("x-credits-remaining") ?? "",
    };
    for (const fn of limitListeners) fn(l);
  }
  /** @type {any} */
  let json;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (!res.ok || !json || json.success === false) {
    let message = json && typeof json.message === "string" ? json.message : `HTTP ${res.status} ${res.statusText}`.trim();
    const retry = h.get("retry-after");
    if (res.status === 429 && retry) message += ` (retry after ${retry} s)`;
    throw new ApiError(res.status, message, request);
  }
  return json;
}

/** A query string from an object, leaving out empty values. */
export function qs(/** @type {Record<string, string | number | undefined | null>} */ params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}
