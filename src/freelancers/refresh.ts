// Refreshes the configured freelancer searches (FREELANCER_SEARCHES) from the configured source and
// upserts the profiles by ciphertext. Called by the cron every run; each search is re-fetched only
// when older than FREELANCER_REFRESH_MINUTES, so the 5-minute cron does not hammer upstream.
import { isoSeconds } from "../db/client";
import { upsertFreelancers } from "../db/freelancers";
import { ingestSettings } from "../ingest/config";
import { Upstream } from "../ingest/http";
import { countRequests } from "../ingest/runs";
import { UpworkTokenStore, upworkOAuthConfig } from "../ingest/upwork/tokens";
import { type FreelancerSettings, freelancerSettings } from "./config";
import type { Freelancer } from "./model";
import { DemoFreelancerSource } from "./sources/demo";
import { RelayFreelancerSource } from "./sources/relay";
import type { FreelancerSource } from "./sources/types";
import { UpworkFreelancerSource } from "./sources/upwork";

const PAGE_SIZE = 50;

export interface SearchRefresh {
  query: string;
  fetched: number;
  new: number;
  updated: number;
  error: string | null;
}

export interface FreelancerRefreshResult {
  source: string;
  /** Searches run this time (the others were fresh enough). */
  searches: SearchRefresh[];
  skipped_fresh: number;
  /** Set when the settings are invalid (nothing was fetched). */
  error?: string;
}

interface OpenSource {
  source: FreelancerSource;
  /** Called when the refresh ends (e.g. to book the upstream requests it spent). */
  close?: () => Promise<void>;
}

/**
 * The configured source. `upwork` shares the jobs ingestion's token store (one OAuth2 chain per
 * deployment) and its daily request count, and is paced and retried by the same settings
 * (UPWORK_MAX_REQUESTS_PER_MINUTE / _PER_RUN / _PER_DAY). The cron runs the two one after the other.
 */
export async function openFreelancerSource(settings: FreelancerSettings, env: Env, now: Date): Promise<OpenSource | null> {
  switch (settings.source) {
    case "off":
      return null;
    case "demo":
      return { source: new DemoFreelancerSource() };
    case "relay":
      if (!settings.relayUrl) throw new Error("FREELANCER_SOURCE=relay needs FREELANCER_RELAY_URL");
      return { source: new RelayFreelancerSource(settings.relayUrl, settings.relayApiKey) };
    case "upwork": {
      const ingest = ingestSettings(env);
      const oauth = upworkOAuthConfig(ingest.upwork);
      const day = now.toISOString().slice(0, 10);
      const usedToday = await countRequests(env.DB, day, 0);
      const upstream = new Upstream({
        maxRequests: Math.max(0, Math.min(ingest.upwork.maxRequestsPerRun, ingest.upwork.maxRequestsPerDay - usedToday)),
        minIntervalMs: Math.ceil(60_000 / ingest.upwork.maxRequestsPerMinute),
        timeoutMs: ingest.http.timeoutMs,
        retries: ingest.http.retries,
        retryBaseMs: ingest.http.retryBaseMs,
        maxRetryWaitMs: ingest.http.maxRetryWaitMs,
      });
      const send = (url: string, init: RequestInit) => upstream.fetch(url, init);
      const tokens = new UpworkTokenStore(env.DB, oauth, send);
      return {
        source: new UpworkFreelancerSource(settings.upworkGraphqlUrl, tokens, send),
        close: async () => {
          if (upstream.requests) await countRequests(env.DB, day, upstream.requests);
        },
      };
    }
  }
}

/**
 * Fetches up to `limit` profiles for one query, page by page (page numbers or cursors, whichever the
 * source uses). An upstream failure ends the walk; the pages fetched before it are kept.
 */
export async function fetchSearch(
  source: FreelancerSource,
  query: string,
  limit: number,
): Promise<{ found: Freelancer[]; error: string | null }> {
  const found: Freelancer[] = [];
  // One page size for the whole walk: page N of a page-numbered API only means the same thing at a fixed size.
  const perPage = Math.min(PAGE_SIZE, limit);
  let cursor: string | null | undefined;
  try {
    for (let page = 1; found.length < limit; page++) {
      const result = await source.search({ query, page, perPage, cursor });
      found.push(...result.items);
      if (!result.hasMore || result.fetched === 0) break;
      cursor = result.cursor;
    }
  } catch (err) {
    return { found: found.slice(0, limit), error: err instanceof Error ? err.message : String(err) };
  }
  return { found: found.slice(0, limit), error: null };
}

export async function refreshFreelancers(
  env: Env,
  options: { now?: Date; force?: boolean; source?: FreelancerSource } = {},
): Promise<FreelancerRefreshResult> {
  const now = options.now ?? new Date();
  let settings: FreelancerSettings;
  let opened: OpenSource | null;
  try {
    settings = freelancerSettings(env);
    opened = options.source ? { source: options.source } : await openFreelancerSource(settings, env, now);
  } catch (err) {
    // A bad freelancer setting must not break the jobs ingestion run that called us: report it instead.
    const error = err instanceof Error ? err.message : String(err);
    console.error("freelancer refresh not configured:", error);
    return { source: "invalid", searches: [], skipped_fresh: 0, error };
  }
  const result: FreelancerRefreshResult = { source: opened?.source.name ?? "off", searches: [], skipped_fresh: 0 };
  if (!opened) return result;
  try {
    await refreshSearches(env, settings, opened.source, now, options.force ?? false, result);
  } finally {
    await opened.close?.();
  }
  return result;
}

async function refreshSearches(
  env: Env,
  settings: FreelancerSettings,
  source: FreelancerSource,
  now: Date,
  force: boolean,
  result: FreelancerRefreshResult,
): Promise<void> {
  const nowIso = isoSeconds(now);
  const cutoff = isoSeconds(new Date(now.getTime() - settings.refreshMinutes * 60_000));

  const { results: rows } = await env.DB.prepare("SELECT query, refreshed_at FROM freelancer_searches WHERE source = ?1")
    .bind(source.name)
    .all<{ query: string; refreshed_at: string }>();
  const last = new Map(rows.map((r) => [r.query, r.refreshed_at]));

  for (const query of settings.searches) {
    const at = last.get(query);
    if (!force && at !== undefined && at > cutoff) {
      result.skipped_fresh++;
      continue;
    }
    const entry: SearchRefresh = { query, fetched: 0, new: 0, updated: 0, error: null };
    try {
      const { found, error } = await fetchSearch(source, query, settings.resultsPerSearch);
      entry.fetched = found.length;
      entry.error = error;
      const upserted = await upsertFreelancers(env.DB, found, nowIso);
      entry.new = upserted.inserted;
      entry.updated = upserted.updated;
    } catch (err) {
      // One failing search must not stop the others (or the jobs ingestion that called us).
      entry.error = err instanceof Error ? err.message : String(err);
    }
    if (entry.error) console.error("freelancer refresh failed", source.name, query, entry.error);
    result.searches.push(entry);
    // A failed search keeps its last successful time (so the next cron run retries it) and shows its error.
    const refreshedAt = entry.error ? (at ?? "1970-01-01T00:00:00Z") : nowIso;
    await env.DB.prepare(
      `INSERT INTO freelancer_searches (source, query, refreshed_at, fetched, new, updated, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (source, query) DO UPDATE SET refreshed_at = excluded.refreshed_at, fetched = excluded.fetched,
         new = excluded.new, updated = excluded.updated, error = excluded.error`,
    )
      .bind(source.name, query, refreshedAt, entry.fetched, entry.new, entry.updated, entry.error)
      .run();
  }
}
