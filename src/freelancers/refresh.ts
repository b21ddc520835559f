// Refreshes the configured freelancer searches (FREELANCER_SEARCHES) from the configured source and
// upserts the profiles by ciphertext. Called by the cron every run; each search is re-fetched only
// when older than FREELANCER_REFRESH_MINUTES, so the 5-minute cron does not hammer upstream.
import { recordSearchRefresh, searchRefreshTimes, upsertFreelancers } from "../db/freelancers";
import { isoSeconds } from "../lib/time";
import { type FreelancerSettings, type Settings, SettingsError, settingsFrom } from "../settings";
import { openUpstream } from "../upstream/client";
import { UpworkGraphql } from "../upwork/graphql";
import { upworkTokens } from "../upwork/token-keeper";
import { FreelancerUserType } from "../upwork/user-type";
import type { Freelancer } from "./model";
import { DemoFreelancerSource } from "./sources/demo";
import { RelayFreelancerSource } from "./sources/relay";
import type { FreelancerSource } from "./sources/types";
import { UpworkFreelancerSource } from "./sources/upwork";

const PAGE_SIZE = 50;

interface SearchRefresh {
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

/**
 * The configured source. `upwork` shares the jobs ingestion's token store (one OAuth2 chain per
 * deployment) and its request budget (src/upstream/client.ts, openUpstream); relays go through the same
 * retrying client. The cron runs jobs and freelancers one after the other.
 */
function openFreelancerSource(settings: Settings, env: Env): FreelancerSource | null {
  const f = settings.freelancers;
  if (f.source === "off") return null;
  if (f.source === "demo") return new DemoFreelancerSource();
  const { upstream } = openUpstream(env, settings.ingest, f.source);
  const send = (url: string, init: RequestInit) => upstream.fetch(url, init);
  if (f.source === "relay") {
    if (!f.relayUrl) throw new Error("FREELANCER_SOURCE=relay needs FREELANCER_RELAY_URL");
    return new RelayFreelancerSource(f.relayUrl, f.relayApiKey, send);
  }
  const client = new UpworkGraphql(settings.ingest.upwork.graphqlUrl, upworkTokens(env, settings.ingest), send);
  return new UpworkFreelancerSource(client, new FreelancerUserType(env.DB, client, settings.ingest.upwork.freelancerUserType));
}

/**
 * Fetches up to `limit` profiles for one query, page by page (page numbers or cursors, whichever the
 * source uses). An upstream failure ends the walk; the pages fetched before it are kept.
 */
async function fetchSearch(source: FreelancerSource, query: string, limit: number): Promise<{ found: Freelancer[]; error: string | null }> {
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
  let source: FreelancerSource | null;
  try {
    const all = settingsFrom(env);
    settings = all.freelancers;
    source = options.source ?? openFreelancerSource(all, env);
  } catch (err) {
    if (err instanceof SettingsError) return { source: "invalid", searches: [], skipped_fresh: 0, error: err.message };
    // A bad freelancer setting must not break the jobs ingestion run that called us: report it instead.
    const error = err instanceof Error ? err.message : String(err);
    console.error("freelancer refresh not configured:", error);
    return { source: "invalid", searches: [], skipped_fresh: 0, error };
  }
  const result: FreelancerRefreshResult = { source: source?.name ?? "off", searches: [], skipped_fresh: 0 };
  if (!source) return result;
  await refreshSearches(env, settings, source, now, options.force ?? false, result);
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

  const last = await searchRefreshTimes(env.DB, source.name);

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
    await recordSearchRefresh(env.DB, source.name, { ...entry, refreshedAt });
  }
}
