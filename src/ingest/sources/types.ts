// The source interface: every upstream (demo, Upwork's official API, a relay) is a small module that
// turns its own pages into normalized items. The run (../run.ts) owns storage, de-duplication,
// the run log and the hand-off to push, so a source never touches the jobs table.
//
// It is generic in the item type so that other ingestions (e.g. freelancer profiles) can implement
// the same shape: `pages()` for what is new, optional `refresh()` for re-checking known items.
import type { IngestSettings, SourceName } from "../../settings";
import type { Upstream } from "../../upstream/client";

export interface SourceContext {
  env: Env;
  settings: IngestSettings;
  /** Every upstream request goes through this (budget, pacing, retries, timeouts). */
  upstream: Upstream;
  /** The run's clock: sources use it instead of Date.now() so runs are reproducible in tests. */
  now: Date;
  /** Which of these ids are already stored: lets a source stop paging once it reaches known items. */
  known(ids: string[]): Promise<Set<string>>;
  /**
   * `walk`: what a run fetches (every configured search, page by page, until nothing is new).
   * `newest`: what a poll tick fetches (only the newest page of each search).
   */
  reach: "walk" | "newest";
  /** Sources with several searches say how each went (the run keeps it in its record). */
  report?(outcome: SearchOutcome): void;
}

/** How one configured search went in a walk or a tick. */
export interface SearchOutcome {
  search: string;
  pages: number;
  fetched: number;
  /** Why the paginated request failed, when one plain (unpaginated) page was read instead. */
  fallback: string | null;
  /** GraphQL errors that came with data without costing an item (distinct messages, at most 10). */
  warnings: string[];
  /** What ended this search early (the next search still ran). */
  error: string | null;
}

export interface SourcePage<T> {
  items: T[];
  /** One reason per upstream item that could not be normalized (counted, never fatal). */
  skipped: string[];
  /** Items upstream sent on this page, valid or not. */
  fetched: number;
  /** Ids of known items upstream says it no longer has (a refresh); closed after two such answers in a row. */
  missing?: string[];
}

export interface IngestSource<T> {
  readonly name: SourceName;
  /** Newest first, page by page. An exception ends the walk; pages yielded before it are kept. */
  pages(ctx: SourceContext): AsyncIterable<SourcePage<T>>;
  /**
   * Fresh state of known items (e.g. open → closed), for sources that can look items up. An item
   * that could not be checked comes back unchanged (with a skip reason) so the rotation moves on.
   */
  refresh?(ctx: SourceContext, known: T[]): AsyncIterable<SourcePage<T>>;
}

/** Tallies normalizer results into a page. */
export function pageOf<T>(results: ({ ok: true; job: T } | { ok: false; reason: string })[]): SourcePage<T> {
  const page: SourcePage<T> = { items: [], skipped: [], fetched: results.length };
  for (const r of results) {
    if (r.ok) page.items.push(r.job);
    else page.skipped.push(r.reason);
  }
  return page;
}
