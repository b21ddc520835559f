// The deployment's one store of Upwork OAuth2 tokens (D1 table `upwork_tokens`), shared by every
// caller of the official API (jobs ingestion, freelancer refresh).
//
// Upwork access tokens last 24 h and every refresh returns a NEW refresh token (the old one stops
// working), so the newest pair must be persisted before it is used. The pair in D1 wins over the
// UPWORK_REFRESH_TOKEN secret until the operator puts a different secret (seed_hash changes).
//
//   const tokens = upworkTokens(env);            // or new UpworkTokenStore(db, config)
//   const token = await tokens.accessToken();    // valid for at least a minute, refreshed if needed
//   ... on HTTP 401: const fresh = await tokens.refreshAfter401(token);  // refresh once, then retry
import { sha256Hex } from "../../auth/keys";
import { isoSeconds } from "../../db/client";
import { type IngestSettings, ingestSettings } from "../config";
import { readJson, UpstreamError } from "../http";

export interface UpworkOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** The refresh token the operator configured (UPWORK_REFRESH_TOKEN): the start of the chain. */
  refreshToken: string;
  tokenUrl: string;
}

/** Sends one HTTP request (the run's retrying, budgeted client, or plain fetch). */
export type Send = (url: string, init: RequestInit) => Promise<Response>;

/** A token is refreshed this long before Upwork says it expires. */
const EARLY_MS = 60_000;

interface Row {
  access_token: string | null;
  refresh_token: string;
  expires_at: number;
  seed_hash: string;
}

export class UpworkTokenStore {
  private cached: Row | null = null;

  constructor(
    private readonly db: D1Database,
    private readonly config: UpworkOAuthConfig,
    private readonly send: Send = (url, init) => fetch(url, init),
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token: the stored one while it lasts, else a freshly refreshed one. */
  async accessToken(): Promise<string> {
    const row = await this.load();
    if (row.access_token && row.expires_at - EARLY_MS > this.now()) return row.access_token;
    return this.refresh(row);
  }

  /**
   * Called after upstream answered 401 to `rejected`: refreshes once. If another caller already
   * replaced that token, its newer token is returned without spending a refresh.
   */
  async refreshAfter401(rejected: string): Promise<string> {
    this.cached = null;
    const row = await this.load();
    if (row.access_token && row.access_token !== rejected && row.expires_at - EARLY_MS > this.now()) return row.access_token;
    return this.refresh(row);
  }

  private async load(): Promise<Row> {
    if (this.cached) return this.cached;
    const seedHash = await sha256Hex(this.config.refreshToken);
    const row = await this.db
      .prepare("SELECT access_token, refresh_token, expires_at, seed_hash FROM upwork_tokens WHERE client_id = ?1")
      .bind(this.config.clientId)
      .first<Row>();
    if (row && row.seed_hash === seedHash) return (this.cached = row);
    // First use, or the operator configured a new refresh token: start a new chain from it.
    const fresh: Row = { access_token: null, refresh_token: this.config.refreshToken, expires_at: 0, seed_hash: seedHash };
    await this.db
      .prepare(
        `INSERT INTO upwork_tokens (client_id, access_token, refresh_token, expires_at, seed_hash, updated_at) VALUES (?1, NULL, ?2, 0, ?3, ?4)
         ON CONFLICT (client_id) DO UPDATE SET access_token = NULL, refresh_token = ?2, expires_at = 0, seed_hash = ?3, updated_at = ?4`,
      )
      .bind(this.config.clientId, fresh.refresh_token, seedHash, isoSeconds(new Date(this.now())))
      .run();
    return (this.cached = fresh);
  }

  private async refresh(current: Row): Promise<string> {
    const body = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: current.refresh_token,
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
    });
    const res = await this.send(this.config.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
    });
    const json = (await readJson(res, "Upwork token endpoint")) as Record<string, unknown>;
    if (!res.ok || typeof json.access_token !== "string") {
      // A concurrent caller may have rotated the refresh token we just used: take its pair if so.
      this.cached = null;
      const latest = await this.db
        .prepare("SELECT access_token, refresh_token, expires_at, seed_hash FROM upwork_tokens WHERE client_id = ?1")
        .bind(this.config.clientId)
        .first<Row>();
      if (latest?.access_token && latest.refresh_token !== current.refresh_token && latest.expires_at - EARLY_MS > this.now()) {
        this.cached = latest;
        return latest.access_token;
      }
      const reason = typeof json.error === "string" ? json.error : `HTTP ${res.status}`;
      throw new UpstreamError(
        `Upwork token refresh failed (${reason}): check UPWORK_CLIENT_ID/SECRET and UPWORK_REFRESH_TOKEN`,
        res.status,
      );
    }
    const expiresIn = typeof json.expires_in === "number" ? json.expires_in : Number(json.expires_in) || 86_400;
    const next: Row = {
      access_token: json.access_token,
      // Upwork rotates it; keep the old one only if upstream did not send a new one.
      refresh_token: typeof json.refresh_token === "string" && json.refresh_token ? json.refresh_token : current.refresh_token,
      expires_at: this.now() + expiresIn * 1000,
      seed_hash: current.seed_hash,
    };
    await this.db
      .prepare(`UPDATE upwork_tokens SET access_token = ?2, refresh_token = ?3, expires_at = ?4, updated_at = ?5 WHERE client_id = ?1`)
      .bind(this.config.clientId, next.access_token, next.refresh_token, next.expires_at, isoSeconds(new Date(this.now())))
      .run();
    this.cached = next;
    return next.access_token!;
  }
}

/** The OAuth settings from the environment; throws a clear error naming what is missing. */
export function upworkOAuthConfig(upwork: IngestSettings["upwork"]): UpworkOAuthConfig {
  const missing = (["UPWORK_CLIENT_ID", "UPWORK_CLIENT_SECRET", "UPWORK_REFRESH_TOKEN"] as const).filter(
    (_, i) => ![upwork.clientId, upwork.clientSecret, upwork.refreshToken][i],
  );
  if (missing.length) throw new UpstreamError(`The upwork source needs ${missing.join(", ")} (secrets of your own Upwork API key)`);
  return { clientId: upwork.clientId!, clientSecret: upwork.clientSecret!, refreshToken: upwork.refreshToken!, tokenUrl: upwork.tokenUrl };
}

/** The store for this deployment's Upwork app. */
export function upworkTokens(env: Env, send?: Send): UpworkTokenStore {
  return new UpworkTokenStore(env.DB, upworkOAuthConfig(ingestSettings(env).upwork), send);
}

/** Shortcut for callers that only need a bearer token now (e.g. the freelancer refresh). */
export async function upworkAccessToken(env: Env): Promise<string> {
  return upworkTokens(env).accessToken();
}
