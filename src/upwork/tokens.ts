// The deployment's one store of Upwork OAuth2 tokens, shared by every caller of the official API
// (jobs ingestion, freelancer refresh). docs/upwork-source.md#oauth2:
//
// Upwork access tokens last 24 h and every refresh returns a NEW refresh token (the old one stops
// working), so the newest pair must be persisted before it is used. The pair in D1 wins over the
// UPWORK_REFRESH_TOKEN secret until the operator puts a different secret (seed_hash changes).
import { sha256Hex } from "../auth/keys";
import { loadTokens, resetTokens, type StoredTokens, saveTokens } from "../db/upwork-tokens";
import { isoSeconds } from "../lib/time";
import type { IngestSettings } from "../settings";
import { readJson, UpstreamError } from "../upstream/client";

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

export class UpworkTokenStore {
  /** The refresh in flight: every caller in the meantime waits for it instead of sending the same refresh token again. */
  private refreshing: Promise<string> | null = null;

  constructor(
    private readonly db: D1Database,
    private readonly config: UpworkOAuthConfig,
    private readonly send: Send = (url, init) => fetch(url, init),
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token: the stored one while it lasts, else a freshly refreshed one. */
  async accessToken(): Promise<string> {
    if (this.refreshing) return this.refreshing;
    const row = await this.load();
    if (row.access_token && row.expires_at - EARLY_MS > this.now()) return row.access_token;
    return this.refresh(row);
  }

  /**
   * Called after upstream answered 401 to `rejected`: refreshes once. If another caller already
   * replaced that token, its newer token is returned without spending a refresh.
   */
  async refreshAfter401(rejected: string): Promise<string> {
    if (this.refreshing) return this.refreshing;
    const row = await this.load();
    if (row.access_token && row.access_token !== rejected && row.expires_at - EARLY_MS > this.now()) return row.access_token;
    return this.refresh(row);
  }

  /** The stored pair, read every time: D1 is the truth (the keeper may restart, an operator may start a new chain). */
  private async load(): Promise<StoredTokens> {
    const seedHash = await sha256Hex(this.config.refreshToken);
    const row = await loadTokens(this.db, this.config.clientId);
    if (row && row.seed_hash === seedHash) return row;
    // First use, or the operator configured a new refresh token: start a new chain from it.
    const fresh: StoredTokens = { access_token: null, refresh_token: this.config.refreshToken, expires_at: 0, seed_hash: seedHash };
    await resetTokens(this.db, this.config.clientId, fresh.refresh_token, seedHash, isoSeconds(this.now()));
    return fresh;
  }

  private refresh(current: StoredTokens): Promise<string> {
    // Single flight: a refresh token is sent once; later callers share the answer.
    this.refreshing ??= this.sendRefresh(current).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async sendRefresh(current: StoredTokens): Promise<string> {
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
      const latest = await loadTokens(this.db, this.config.clientId);
      if (latest?.access_token && latest.refresh_token !== current.refresh_token && latest.expires_at - EARLY_MS > this.now()) {
        return latest.access_token;
      }
      const reason = typeof json.error === "string" ? json.error : `HTTP ${res.status}`;
      throw new UpstreamError(
        `Upwork token refresh failed (${reason}): check UPWORK_CLIENT_ID/SECRET and UPWORK_REFRESH_TOKEN`,
        res.status,
      );
    }
    const expiresIn = typeof json.expires_in === "number" ? json.expires_in : Number(json.expires_in) || 86_400;
    const next: StoredTokens = {
      access_token: json.access_token,
      // Upwork rotates it; keep the old one only if upstream did not send a new one.
      refresh_token: typeof json.refresh_token === "string" && json.refresh_token ? json.refresh_token : current.refresh_token,
      expires_at: this.now() + expiresIn * 1000,
      seed_hash: current.seed_hash,
    };
    await saveTokens(this.db, this.config.clientId, next, isoSeconds(this.now()));
    return json.access_token;
  }
}

/** The OAuth settings; throws a clear error naming what is missing. */
export function upworkOAuthConfig(upwork: IngestSettings["upwork"]): UpworkOAuthConfig {
  const missing = (["UPWORK_CLIENT_ID", "UPWORK_CLIENT_SECRET", "UPWORK_REFRESH_TOKEN"] as const).filter(
    (_, i) => ![upwork.clientId, upwork.clientSecret, upwork.refreshToken][i],
  );
  if (missing.length) throw new UpstreamError(`The upwork source needs ${missing.join(", ")} (secrets of your own Upwork API key)`);
  return { clientId: upwork.clientId!, clientSecret: upwork.clientSecret!, refreshToken: upwork.refreshToken!, tokenUrl: upwork.tokenUrl };
}
