// Feeds as a plain service for /feeds and the /f/ URLs (docs/api.md#feeds): the per-key cap,
// canonical filters, URL tokens (256 random bits, shown at create and rotate only, stored as SHA-256
// like API keys), ownership, the token → feed lookup, and what a read shows. Failures are
// DomainErrors; HTTP stays in src/routes/.
import { constantTimeEqual, randomToken, sha256Hex } from "../auth/keys";
import { deleteFeed, type FeedPatch, type FeedRow, feedByTokenHash, getFeed, insertFeed, updateFeed } from "../db/feeds";
import { newestReceivedJobs } from "../db/jobs";
import { DomainError } from "../errors";
import { CRON_INTERVAL_SECONDS } from "../ingest/health";
import { canonicalFilter, type JobFilter, JobFilterSchema } from "../jobs/filter";
import { isoSeconds } from "../lib/time";
import type { IngestSettings } from "../settings";
import { FEED_FORMATS, type FeedDocument, type FeedFormat } from "./render";

/** Feeds one key may have (docs/api.md#feeds). */
export const MAX_FEEDS_PER_KEY = 100;
/** Items per read: the newest received. */
export const FEED_ITEMS = 50;

/** Who acts: an API key, by id. */
export interface FeedContext {
  db: D1Database;
  owner: { id: string };
}

/** A feed with the token of its URLs: the only moments the token exists here are create and rotate. */
export interface IssuedFeed {
  feed: FeedRow;
  token: string;
}

const newToken = () => randomToken(32);
const notFound = () => new DomainError("not_found", "Feed not found");

export async function createFeed(ctx: FeedContext, input: { title: string; filter: JobFilter }): Promise<IssuedFeed> {
  const token = newToken();
  const now = Date.now();
  const feed = await insertFeed(
    ctx.db,
    {
      id: `fd_${randomToken(12)}`,
      api_key_id: ctx.owner.id,
      title: input.title,
      filters: JSON.stringify(canonicalFilter(input.filter)),
      token_hash: await sha256Hex(token),
      created_at: now,
      updated_at: now,
    },
    MAX_FEEDS_PER_KEY,
  );
  if (!feed) throw new DomainError("conflict", `Feed limit reached: a key can have at most ${MAX_FEEDS_PER_KEY} feeds. Delete one first.`);
  return { feed, token };
}

/** The owner's feed; not_found when it is someone else's or does not exist. */
export async function ownedFeed(ctx: FeedContext, id: string): Promise<FeedRow> {
  const row = await getFeed(ctx.db, id, ctx.owner.id);
  if (!row) throw notFound();
  return row;
}

export async function changeFeed(ctx: FeedContext, id: string, changes: { title?: string; filter?: JobFilter }): Promise<FeedRow> {
  const patch: FeedPatch = {};
  if (changes.title !== undefined) patch.title = changes.title;
  if (changes.filter !== undefined) patch.filters = JSON.stringify(canonicalFilter(changes.filter));
  const row = await updateFeed(ctx.db, id, ctx.owner.id, patch, Date.now());
  if (!row) throw notFound();
  return row;
}

export async function removeFeed(ctx: FeedContext, id: string): Promise<FeedRow> {
  const row = await deleteFeed(ctx.db, id, ctx.owner.id);
  if (!row) throw notFound();
  return row;
}

/** A new token: new URLs, and the old ones answer 404 from the next request on. */
export async function rotateFeedToken(ctx: FeedContext, id: string): Promise<IssuedFeed> {
  const token = newToken();
  const feed = await updateFeed(ctx.db, id, ctx.owner.id, { token_hash: await sha256Hex(token) }, Date.now());
  if (!feed) throw notFound();
  return { feed, token };
}

/** The feed's absolute URLs: the token is their only credential. */
export function feedUrls(origin: string, token: string): Record<FeedFormat, string> {
  return Object.fromEntries(FEED_FORMATS.map((f) => [f, `${origin}/f/${token}.${f}`])) as Record<FeedFormat, string>;
}

/** A feed being read through one of its URLs. */
export interface OpenedFeed {
  feed: FeedRow;
  /** The owner's tier: the read is charged to the owner's key. */
  tier: string;
  format: FeedFormat;
  token: string;
}

const FEED_FILE = /^([A-Za-z0-9_-]{22,128})\.(rss|atom|json)$/;

/** The feed a /f/ file name (`<token>.<format>`) opens; null for an unknown token or an owner key revoked or deactivated. */
export async function openFeed(db: D1Database, file: string): Promise<OpenedFeed | null> {
  const m = FEED_FILE.exec(file);
  if (!m) return null;
  const token = m[1]!;
  const hash = await sha256Hex(token);
  const row = await feedByTokenHash(db, hash);
  // The lookup is by hash; the comparison keeps the final check constant-time as well.
  const encoder = new TextEncoder();
  if (!row || !constantTimeEqual(encoder.encode(row.token_hash), encoder.encode(hash))) return null;
  const { tier, ...feed } = row;
  return { feed, tier, format: m[2] as FeedFormat, token };
}

/** How often a reader should poll: the poller's interval, or the cron's when the poller is off. */
export const pollSeconds = (ingest: IngestSettings): number => ingest.pollIntervalSeconds || CRON_INTERVAL_SECONDS;

/** What a read of the feed shows: its newest FEED_ITEMS matching jobs by received_at. */
export async function feedDocument(db: D1Database, opened: OpenedFeed, origin: string, poll: number): Promise<FeedDocument> {
  const { feed, token } = opened;
  const filters = JSON.parse(feed.filters) as Record<string, unknown>;
  const jobs = await newestReceivedJobs(db, JobFilterSchema.parse(filters), FEED_ITEMS);
  // A new job or a changed feed (title, filters, token) is a new version of the document.
  const updated = Math.max(feed.updated_at, jobs[0] ? Date.parse(jobs[0].received_at) : 0);
  return {
    id: feed.id,
    title: feed.title,
    description: `The newest ${FEED_ITEMS} Upwork jobs received matching ${Object.entries(filters)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
      .join(" ")}`,
    urls: feedUrls(origin, token),
    updated: isoSeconds(updated),
    pollSeconds: poll,
    jobs,
  };
}
