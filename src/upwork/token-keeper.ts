// The deployment's Upwork token stores, inside one Durable Object. Every caller of the official API
// (poll ticks, cron walks, detail and freelancer refreshes) asks this object for a token, so a token
// refresh is single-flight across every invocation: a rotating refresh token is sent exactly once
// (docs/upwork-source.md#oauth2). Callers pass their settings (tests and operators may point one
// run at another app or endpoint); there is one store per client id, as in the upwork_tokens table.
// The keeper's own requests to the token endpoint take slots in the request budget like any other.
import { DurableObject } from "cloudflare:workers";
import type { IngestSettings } from "../settings";
import { openUpstream } from "../upstream/client";
import type { UpworkTokens } from "./graphql";
import { UpworkTokenStore, upworkOAuthConfig } from "./tokens";

export class UpworkTokenKeeper extends DurableObject<Env> {
  private stores = new Map<string, { identity: string; store: UpworkTokenStore }>();

  private storeFor(settings: IngestSettings): UpworkTokenStore {
    const oauth = upworkOAuthConfig(settings.upwork);
    const identity = JSON.stringify([oauth.clientSecret, oauth.refreshToken, oauth.tokenUrl]);
    const known = this.stores.get(oauth.clientId);
    if (known?.identity === identity) return known.store;
    // A fresh client per refresh: the keeper outlives any one run's request cap.
    const send = (url: string, init: RequestInit) => openUpstream(this.env, settings, "upwork").upstream.fetch(url, init);
    const store = new UpworkTokenStore(this.env.DB, oauth, send);
    this.stores.set(oauth.clientId, { identity, store });
    return store;
  }

  async accessToken(settings: IngestSettings): Promise<string> {
    return this.storeFor(settings).accessToken();
  }

  async refreshAfter401(settings: IngestSettings, rejected: string): Promise<string> {
    return this.storeFor(settings).refreshAfter401(rejected);
  }
}

/**
 * The keeper's tokens for these settings, as the GraphQL client asks for them. Missing credentials
 * fail here, before any request, with the names of the missing secrets.
 */
export function upworkTokens(env: Env, settings: IngestSettings): UpworkTokens {
  upworkOAuthConfig(settings.upwork);
  const keeper = env.UPWORK_TOKENS.get(env.UPWORK_TOKENS.idFromName("deployment"));
  return {
    accessToken: () => keeper.accessToken(settings),
    refreshAfter401: (rejected) => keeper.refreshAfter401(settings, rejected),
  };
}
