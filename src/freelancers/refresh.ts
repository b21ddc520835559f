// Refreshes the configured freelancer searches (FREELANCER_SEARCHES) from the configured source and
// upserts the profiles by ciphertext. Called by the cron every run; each search is re-fetched only
// when older than FREELANCER_REFRESH_MINUTES, so the 5-minute cron does not hammer upstream.
import { isoSeconds } from "../db/client";
import { upsertFreelancers } from "../db/freelancers";
import { freelancerSettings, type FreelancerSettings } from "./config";
import type { Freelancer } from "./model";
import { DemoFreelancerSource } from "./sources/demo";
import { RelayFreelancerSource } from "./sources/relay";
import type { FreelancerSource } from "./sources/types";
import { UpworkFreelancerSource } from "./sources/upwork";
import { upworkAccessToken } from "./sources/token";

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

export function createFreelancerSource(settings: FreelancerSettings, env: Env): FreelancerSource | null {
  switch (settings.source) {
    case "off":
      return null;
    case "demo":
      return new DemoFreelancerSource();
    case "relay":
      if (!settings.relayUrl) throw new Error("FREELANCER_SOURCE=relay needs FREELANCER_RELAY_URL");
      return new RelayFreelancerSource(settings.relayUrl, settings.relayApiKey);
    case "upwork":
      return new UpworkFreelancerSource(settings.upworkGraphqlUrl, { accessToken: () => upworkAccessToken(env) });
  }
}

/** Fetches up to `limit` profiles for one query, page by page (page numbers or cursors, whichever the source uses). */
export async function fetchSearch(source: FreelancerSource, query: string, limit: number): Promise<Freelancer[]> {
  const out: Freelancer[] = [];
  let cursor: string | null | undefined;
  // One page size for the whole walk: page N of a page-numbered API only means the same thing at a fixed size.
  const perPage = Math.min(PAGE_SIZE, limit);
  for (let page = 1; out.length < limit; page++) {
    const result = await source.search({ query, page, perPage, cursor });
    out.push(...result.freelancers);
    if (!result.hasMore || result.freelancers.length + result.skipped === 0) break;
    cursor = result.cursor;
  }
  return out.slice(0, limit);
}

export async function refreshFreelancers(
  env: Env,
  options: { now?: Date; force?: boolean; source?: FreelancerSource } = {},
): Promise<FreelancerRefreshResult> {
  let settings: FreelancerSettings;
  let source: FreelancerSource | null;
  try {
    settings = freelancerSettings(env);
    source = options.source ?? createFreelancerSource(settings, env);
  } catch (err) {
    // A bad freelancer setting must not break the jobs ingestion run that called us: report it instead.
    const error = err instanceof Error ? err.message : String(err);
    console.error("freelancer refresh not configured:", error);
    return { source: "invalid", searches: [], skipped_fresh: 0, error };
  }
  const result: FreelancerRefreshResult = { source: source?.name ?? "off", searches: [], skipped_fresh: 0 };
  if (!source) return result;
  const now = options.now ?? new Date();
  const nowIso = isoSeconds(now);
  const cutoff = isoSeconds(new Date(now.getTime() - settings.refreshMinutes * 60_000));

  const { results: rows } = await env.DB.prepare("SELECT query, refreshed_at FROM freelancer_searches WHERE source = ?1")
    .bind(source.name)
    .all<{ query: string; refreshed_at: string }>();
  const last = new Map(rows.map((r) => [r.query, r.refreshed_at]));

  for (const query of settings.searches) {
    const at = last.get(query);
    if (!options.force && at !== undefined && at > cutoff) {
      result.skipped_fresh++;
      continue;
    }
    const entry: SearchRefresh = { query, fetched: 0, new: 0, updated: 0, error: null };
    try {
      const found = await fetchSearch(source, query, settings.resultsPerSearch);
      entry.fetched = found.length;
      const upserted = await upsertFreelancers(env.DB, found, nowIso);
      entry.new = upserted.inserted;
      entry.updated = upserted.updated;
    } catch (err) {
      // One failing search must not stop the others (or the jobs ingestion that called us).
      entry.error = err instanceof Error ? err.message : String(err);
      console.error("freelancer refresh failed", source.name, query, entry.error);
    }
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
  return result;
}
