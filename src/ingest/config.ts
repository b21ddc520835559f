// Ingestion settings, read from the Worker's environment as optional strings, with defaults.
// A bad value throws with the setting's name; the run records that message as its error.

export type SourceName = "demo" | "upwork" | "relay";
export const SOURCE_NAMES: readonly SourceName[] = ["demo", "upwork", "relay"];

/** One entry of UPWORK_SEARCHES: the `marketPlaceJobFilter` to send (minus pagination). */
export type UpworkSearch = Record<string, unknown>;

export interface IngestSettings {
  source: SourceName;
  retentionDays: number;
  /** Open jobs re-checked with the detail query per run (oldest-seen first). */
  detailsPerRun: number;
  upwork: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    refreshToken: string | undefined;
    graphqlUrl: string;
    tokenUrl: string;
    searches: UpworkSearch[];
    pageSize: number;
    maxPages: number;
    maxRequestsPerMinute: number;
    maxRequestsPerRun: number;
    maxRequestsPerDay: number;
  };
  relay: { url: string | undefined; apiKey: string | undefined; maxPages: number };
  http: {
    timeoutMs: number;
    retries: number;
    retryBaseMs: number;
    /** A Retry-After longer than this ends the run instead of waiting. */
    maxRetryWaitMs: number;
  };
}

function int(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

export const DEFAULT_UPWORK_SEARCHES: UpworkSearch[] = [{}];

/**
 * `UPWORK_SEARCHES`: a JSON array whose items are either a search expression string
 * (sent as `searchExpression_eq`) or a filter object with Upwork's own keys
 * (`{"searchExpression_eq":"react","jobType_eq":"HOURLY"}`). Default: one unfiltered search.
 */
export function parseUpworkSearches(raw: string | undefined): UpworkSearch[] {
  if (raw === undefined || raw.trim() === "") return DEFAULT_UPWORK_SEARCHES;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new Error("UPWORK_SEARCHES is not valid JSON");
  }
  if (!Array.isArray(list) || list.length === 0) throw new Error("UPWORK_SEARCHES must be a non-empty JSON array");
  return list.map((item, i) => {
    if (typeof item === "string" && item.trim()) return { searchExpression_eq: item.trim() };
    if (item && typeof item === "object" && !Array.isArray(item)) {
      // Pagination is the source's business: a configured one would break page walking.
      const { pagination_eq: _ignored, ...rest } = item as Record<string, unknown>;
      return rest;
    }
    throw new Error(`UPWORK_SEARCHES[${i}] must be a search expression string or a filter object`);
  });
}

export function ingestSettings(env: Env): IngestSettings {
  const v = env as unknown as Record<string, string | undefined>;
  const source = (v.SOURCE ?? "").trim().toLowerCase() || "demo";
  if (!SOURCE_NAMES.includes(source as SourceName)) throw new Error(`SOURCE must be one of ${SOURCE_NAMES.join(", ")}`);
  return {
    source: source as SourceName,
    retentionDays: int(v.RETENTION_DAYS, "RETENTION_DAYS", 30, 1, 3650),
    detailsPerRun: int(v.DETAILS_PER_RUN, "DETAILS_PER_RUN", 20, 0, 1000),
    upwork: {
      clientId: v.UPWORK_CLIENT_ID?.trim() || undefined,
      clientSecret: v.UPWORK_CLIENT_SECRET?.trim() || undefined,
      refreshToken: v.UPWORK_REFRESH_TOKEN?.trim() || undefined,
      graphqlUrl: v.UPWORK_GRAPHQL_URL?.trim() || "https://api.upwork.com/graphql",
      tokenUrl: v.UPWORK_TOKEN_URL?.trim() || "https://www.upwork.com/api/v3/oauth2/token",
      searches: parseUpworkSearches(v.UPWORK_SEARCHES),
      pageSize: int(v.UPWORK_PAGE_SIZE, "UPWORK_PAGE_SIZE", 50, 1, 100),
      maxPages: int(v.UPWORK_MAX_PAGES, "UPWORK_MAX_PAGES", 3, 1, 100),
      // SOURCES.md: 40/min, 300/min and 10/s are all published; default to the strictest.
      maxRequestsPerMinute: int(v.UPWORK_MAX_REQUESTS_PER_MINUTE, "UPWORK_MAX_REQUESTS_PER_MINUTE", 40, 1, 600_000),
      maxRequestsPerRun: int(v.UPWORK_MAX_REQUESTS_PER_RUN, "UPWORK_MAX_REQUESTS_PER_RUN", 60, 1, 40_000),
      maxRequestsPerDay: int(v.UPWORK_MAX_REQUESTS_PER_DAY, "UPWORK_MAX_REQUESTS_PER_DAY", 40_000, 1, 1_000_000),
    },
    relay: {
      url: v.RELAY_URL?.trim() || undefined,
      apiKey: v.RELAY_API_KEY?.trim() || undefined,
      maxPages: int(v.RELAY_MAX_PAGES, "RELAY_MAX_PAGES", 20, 1, 1000),
    },
    http: {
      timeoutMs: int(v.UPSTREAM_TIMEOUT_MS, "UPSTREAM_TIMEOUT_MS", 15_000, 10, 120_000),
      retries: int(v.UPSTREAM_RETRIES, "UPSTREAM_RETRIES", 3, 0, 10),
      retryBaseMs: int(v.UPSTREAM_RETRY_BASE_MS, "UPSTREAM_RETRY_BASE_MS", 1000, 0, 60_000),
      maxRetryWaitMs: int(v.UPSTREAM_MAX_RETRY_WAIT_MS, "UPSTREAM_MAX_RETRY_WAIT_MS", 60_000, 0, 600_000),
    },
  };
}
