// Every setting the Worker reads from its environment ([vars] in wrangler.toml, .dev.vars, secrets),
// defined once: its parser (zod), its default, and the words the README table and .dev.vars.example
// show (`npm run docs` writes both; `npm test` checks they match). The environment is parsed
// as a whole, once per env object; a bad value fails the same way everywhere: SettingsError, whose
// message `Invalid setting <NAME>: <why>` is what HTTP answers (500), what a failed cron run records
// and what the queue consumer logs while it waits for the fix (docs/architecture.md#settings).
import { z } from "zod";
import { mergeTiers, type Tier, type TierName, TiersOverride } from "./auth/tiers";

export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    readonly why: string,
  ) {
    super(`Invalid setting ${setting}: ${why}`);
  }
}

const SOURCE_NAMES = ["demo", "upwork", "relay"] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];
const FREELANCER_SOURCE_NAMES = [...SOURCE_NAMES, "off"] as const;
type FreelancerSourceName = (typeof FREELANCER_SOURCE_NAMES)[number];

/** One entry of UPWORK_SEARCHES: the `marketPlaceJobFilter` to send (minus pagination). */
export type UpworkSearch = Record<string, unknown>;

export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
export const DEFAULT_FREELANCER_SEARCHES = [
  "web developer",
  "designer",
  "data analyst",
  "marketing",
  "writer",
  "virtual assistant",
  "devops",
  "mobile developer",
  "video editor",
  "python",
];

// ---- value parsers: a variable arrives as a string (or is absent); blank means "use the default" ----

/** The trimmed text, or undefined when absent or blank. Numbers and booleans (test bindings) count as text. */
const text = z
  .unknown()
  .optional() // a missing variable still reaches the parser, which gives the default
  .transform((v, ctx) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (typeof v !== "string") {
      ctx.addIssue({ code: "custom", message: "expected a string" });
      return z.NEVER;
    }
    return v.trim() || undefined;
  });

const fail = (ctx: z.RefinementCtx, message: string) => {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
};

function integer(min: number, max: number, fallback: number) {
  return text.transform((s, ctx) => {
    if (s === undefined) return fallback;
    const n = Number(s);
    return /^-?\d+$/.test(s) && n >= min && n <= max
      ? n
      : fail(ctx, `expected a whole number from ${min} to ${max}, got "${s.slice(0, 40)}"`);
  });
}

function decimal(min: number, max: number, fallback: number) {
  return text.transform((s, ctx) => {
    if (s === undefined) return fallback;
    const n = Number(s);
    return /^\d+(\.\d+)?$/.test(s) && n >= min && n <= max
      ? n
      : fail(ctx, `expected a number from ${min} to ${max}, got "${s.slice(0, 40)}"`);
  });
}

function choice<const T extends readonly string[]>(names: T) {
  return text.transform((s, ctx) => {
    if (s === undefined) return undefined;
    const v = s.toLowerCase();
    return names.includes(v) ? (v as T[number]) : fail(ctx, `expected one of ${names.join(", ")}, got "${s.slice(0, 40)}"`);
  });
}

const flag = text.transform((s, ctx) => {
  const v = s?.toLowerCase();
  if (v === undefined || v === "false" || v === "0") return false;
  return v === "true" || v === "1" ? true : fail(ctx, `expected true or false, got "${s!.slice(0, 40)}"`);
});

function url(fallback?: string) {
  return text.transform((s, ctx) => {
    if (s === undefined) return fallback;
    try {
      const u = new URL(s);
      if (u.protocol === "https:" || u.protocol === "http:") return s;
    } catch {
      // reported below
    }
    return fail(ctx, "expected an http(s) URL");
  });
}

/** A JSON value; `fallback` when blank. */
function json<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return text.transform((s, ctx): z.output<T> => {
    if (s === undefined) return fallback;
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch {
      return fail(ctx, "not valid JSON");
    }
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    return fail(ctx, `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  });
}

/** A JSON array of strings, or the items separated by commas. */
function list(fallback: string[], item: z.ZodType<string>) {
  return text.transform((s, ctx) => {
    if (s === undefined) return fallback;
    let items: unknown;
    if (s.startsWith("[")) {
      try {
        items = JSON.parse(s);
      } catch {
        return fail(ctx, "not valid JSON");
      }
    } else items = s.split(",");
    const r = z.array(z.unknown()).safeParse(items);
    if (!r.success) return fail(ctx, "expected a JSON array or a comma-separated list");
    const out: string[] = [];
    // Blank items (a trailing comma, "a,,b") are left out.
    for (const [i, raw] of r.data.filter((x) => !(typeof x === "string" && x.trim() === "")).entries()) {
      const one = item.safeParse(typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : raw);
      if (!one.success) return fail(ctx, `item ${i + 1}: ${one.error.issues[0]!.message}`);
      out.push(one.data);
    }
    return out;
  });
}

const UpworkSearchesSchema = z
  .array(
    z.union(
      [
        z
          .string()
          .trim()
          .min(1)
          .transform((s): UpworkSearch => ({ searchExpression_eq: s })),
        // Pagination is the source's business: a configured one would break page walking.
        z.record(z.string(), z.unknown()).transform(({ pagination_eq: _ignored, ...rest }): UpworkSearch => rest),
      ],
      { error: "expected a search string or an Upwork filter object" },
    ),
    { error: "expected a JSON array of search strings or Upwork filter objects" },
  )
  .min(1, "expected at least one search");

// ---- the settings ---------------------------------------------------------------------------------

interface Spec<T extends z.ZodType = z.ZodType> {
  schema: T;
  /** The default as the README shows it ("—" when there is none). */
  default: string;
  /** What the setting does (README table and .dev.vars.example). */
  doc: string;
  /** Set with `wrangler secret put` in production. */
  secret?: boolean;
  /** The value .dev.vars.example suggests for local runs (empty when absent). */
  local?: string;
  /** A heading in .dev.vars.example before this setting. */
  section?: string;
}

const spec = <T extends z.ZodType>(s: Spec<T>) => s;

/** Every setting, in the order the README and .dev.vars.example list them. */
export const SETTINGS = {
  ADMIN_TOKEN: spec({
    schema: text,
    default: "— (admin API disabled)",
    doc: "Bearer token for `/admin/*`.",
    secret: true,
    local: "dev-admin-token-change-me",
    section: "API",
  }),
  TIERS: spec({
    schema: json(TiersOverride, {}).transform(mergeTiers),
    default: "the tier table",
    doc: 'JSON merged over the tier table, e.g. `{"enterprise":{"credits_per_month":null,"requests_per_minute":100000}}`.',
  }),
  SOURCE: spec({
    schema: choice(SOURCE_NAMES).transform((v) => v ?? "demo"),
    default: "demo",
    doc: "Where jobs come from: `demo` (offline generated jobs), `upwork` (Upwork's official API with your own OAuth2 app) or `relay` (another `/jobs` API).",
    local: "demo",
    section: "Ingestion: the cron and POST /admin/scrape",
  }),
  RETENTION_DAYS: spec({
    schema: integer(1, 3650, 30),
    default: "30",
    doc: "Days a job is kept after it was last seen upstream or after it closed (old run records go too).",
  }),
  POLL_INTERVAL_SECONDS: spec({
    schema: text.transform((s, ctx) => {
      if (s === undefined) return 60;
      const n = Number(s);
      return /^\d+$/.test(s) && (n === 0 || (n >= 5 && n <= 86_400))
        ? n
        : fail(ctx, `expected 0 (off) or whole seconds from 5 to 86400, got "${s.slice(0, 40)}"`);
    }),
    default: "60",
    doc: "Seconds between poll ticks, which fetch only the newest page of each search so new jobs are pushed within seconds; 0 turns the poller off (cron only). With the upwork source the poller stretches this to fit half of UPWORK_MAX_REQUESTS_PER_DAY.",
    local: "15",
  }),
  DEMO_JOBS_PER_MINUTE: spec({
    schema: decimal(0, 600, 2),
    default: "2",
    doc: "demo: how many new jobs appear per minute, at random times, while the poller runs.",
  }),
  DETAILS_PER_RUN: spec({
    schema: integer(0, 1000, 20),
    default: "20",
    doc: "Open jobs re-checked per run with the detail query (status, client activity).",
  }),
  UPWORK_CLIENT_ID: spec({ schema: text, default: "—", doc: "Your Upwork API key's client id.", secret: true }),
  UPWORK_CLIENT_SECRET: spec({ schema: text, default: "—", doc: "Your Upwork API key's client secret.", secret: true }),
  UPWORK_REFRESH_TOKEN: spec({
    schema: text,
    default: "—",
    doc: "The refresh token that starts the OAuth2 chain. Upwork rotates it on every refresh and the newest pair is kept in D1: set it again only to start a new chain.",
    secret: true,
  }),
  UPWORK_SEARCHES: spec({
    schema: json(UpworkSearchesSchema, [{}]),
    default: "one unfiltered search",
    doc: 'JSON list of searches: strings (sent as `searchExpression_eq`) or Upwork filter objects, e.g. `["react OR vue", {"searchExpression_eq":"python","jobType_eq":"HOURLY"}]`.',
  }),
  UPWORK_PAGE_SIZE: spec({
    schema: integer(1, 50, 50),
    default: "50",
    doc: "Jobs per page of an Upwork search (50 is the largest size seen working: docs/upwork-source.md#evidence-about-the-live-graphql-schema).",
  }),
  UPWORK_MAX_PAGES: spec({
    schema: integer(1, 100, 3),
    default: "3",
    doc: "Pages per search per run (a walk stops at the first page with nothing new).",
  }),
  UPWORK_MAX_REQUESTS_PER_MINUTE: spec({
    schema: integer(1, 600_000, 40),
    default: "40",
    doc: "Pacing of Upwork requests: the strictest of Upwork's published limits (docs/upwork-source.md#rate-limits).",
  }),
  UPWORK_MAX_REQUESTS_PER_RUN: spec({
    schema: integer(1, 40_000, 60),
    default: "60",
    doc: "Upwork requests one run may make (token refreshes and retries count).",
  }),
  UPWORK_MAX_REQUESTS_PER_DAY: spec({
    schema: integer(1, 1_000_000, 40_000),
    default: "40000",
    doc: "Upwork requests per UTC day, all callers together.",
  }),
  UPWORK_FREELANCER_USER_TYPE: spec({
    schema: text.transform((s, ctx) =>
      s === undefined || /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(s) ? s : fail(ctx, "expected a GraphQL enum value"),
    ),
    default: "looked up once",
    doc: "The FreelancerProfileSearchUserTypeEnum value freelancer searches send as userType; blank: looked up once from Upwork's schema and kept in D1.",
  }),
  UPWORK_GRAPHQL_URL: spec({
    schema: url("https://api.upwork.com/graphql"),
    default: "`https://api.upwork.com/graphql`",
    doc: "Upwork GraphQL endpoint (override for tests or a proxy).",
  }),
  UPWORK_TOKEN_URL: spec({
    schema: url("https://www.upwork.com/api/v3/oauth2/token"),
    default: "`https://www.upwork.com/api/v3/oauth2/token`",
    doc: "Upwork OAuth2 token endpoint (override for tests or a proxy).",
  }),
  RELAY_URL: spec({
    schema: url(),
    default: "—",
    doc: "relay: base URL (or `/jobs` URL) of an API serving this project's `/jobs` envelope.",
  }),
  RELAY_API_KEY: spec({ schema: text, default: "—", doc: "relay: its API key (sent as `X-API-KEY`).", secret: true }),
  RELAY_MAX_PAGES: spec({ schema: integer(1, 1000, 20), default: "20", doc: "relay: pages per run." }),
  UPSTREAM_TIMEOUT_MS: spec({ schema: integer(10, 120_000, 15_000), default: "15000", doc: "Timeout per upstream request." }),
  UPSTREAM_RETRIES: spec({ schema: integer(0, 10, 3), default: "3", doc: "Retries of upstream 429, 5xx, timeouts and network errors." }),
  UPSTREAM_RETRY_BASE_MS: spec({
    schema: integer(0, 60_000, 1000),
    default: "1000",
    doc: "First backoff before an upstream retry, doubling each time (`Retry-After` wins).",
  }),
  UPSTREAM_MAX_RETRY_WAIT_MS: spec({
    schema: integer(0, 600_000, 60_000),
    default: "60000",
    doc: "A longer `Retry-After` ends the run (partial/failed) instead of waiting.",
  }),
  FREELANCER_SOURCE: spec({
    schema: choice(FREELANCER_SOURCE_NAMES),
    default: "the value of `SOURCE`",
    doc: "Where freelancer profiles come from: `demo`, `upwork`, `relay` or `off`.",
    section: "Freelancer search: refreshed on the cron",
  }),
  FREELANCER_SEARCHES: spec({
    schema: list(DEFAULT_FREELANCER_SEARCHES, z.string().min(1, "is empty").max(200, "is longer than 200 characters")).transform((l) => [
      ...new Set(l.map((s) => s.replace(/\s+/g, " "))),
    ]),
    default: "a built-in list of common searches",
    doc: "Queries refreshed on the cron: a comma list or a JSON array.",
  }),
  FREELANCER_RESULTS_PER_SEARCH: spec({
    schema: integer(1, 5000, 100),
    default: "100",
    doc: "Profiles fetched per search per refresh (pages of 50).",
  }),
  FREELANCER_REFRESH_MINUTES: spec({
    schema: integer(0, 525_600, 360),
    default: "360",
    doc: "A search is fetched again only after this many minutes.",
  }),
  FREELANCER_RELAY_URL: spec({ schema: url(), default: "—", doc: "relay: the base URL in front of `/search_freelancers`." }),
  FREELANCER_RELAY_API_KEY: spec({ schema: text, default: "—", doc: "relay: its key (sent as `X-API-Key`).", secret: true }),
  ALLOW_PRIVATE_WEBHOOK_TARGETS: spec({
    schema: flag,
    default: "false",
    doc: "Allow `http://` and loopback/private webhook targets: local development and tests only.",
    local: "true",
    section: "Webhook push",
  }),
  WEBHOOK_RETRY_SCHEDULE: spec({
    schema: list(DEFAULT_RETRY_SCHEDULE.map(String), z.string().regex(/^\d{1,5}$/, "expected whole seconds from 0 to 86400")).transform(
      (l, ctx) => {
        const out = l.map(Number);
        if (out.length > 50) return fail(ctx, "at most 50 retries");
        return out.some((n) => n > 86_400) ? fail(ctx, "expected whole seconds from 0 to 86400") : out;
      },
    ),
    default: DEFAULT_RETRY_SCHEDULE.join(","),
    doc: "Seconds before each retry (±20 % jitter), comma list or JSON array; attempts = entries + 1.",
  }),
  WEBHOOK_TIMEOUT_SECONDS: spec({ schema: decimal(0.1, 60, 15), default: "15", doc: "Timeout of one delivery attempt." }),
  WEBHOOK_SECRET_GRACE_SECONDS: spec({
    schema: integer(0, 30 * 86_400, 86_400),
    default: "86400",
    doc: "How long the previous secret keeps signing after a rotation.",
  }),
  WEBHOOK_AUTO_DISABLE_SECONDS: spec({
    schema: integer(60, 365 * 86_400, 5 * 86_400),
    default: "432000",
    doc: "A subscription whose deliveries all failed for this long is disabled.",
  }),
  UPDATE_COALESCE_SECONDS: spec({
    schema: integer(0, 7 * 86_400, 3600),
    default: "3600",
    doc: "At most one jobs.updated per job per subscription in this many seconds (after the job's previous event); it carries every change since (docs/api.md#lifecycle-events).",
  }),
  TELEGRAM_API_URL: spec({
    schema: url("https://api.telegram.org"),
    default: "`https://api.telegram.org`",
    doc: "Telegram Bot API base URL that telegram subscriptions post to (a self-hosted Bot API server, tests).",
  }),
} satisfies Record<string, Spec>;

export type SettingName = keyof typeof SETTINGS;
type Raw = { [K in SettingName]: z.output<(typeof SETTINGS)[K]["schema"]> };

/** The variables as the generated Env types them (worker-configuration.d.ts, written by `wrangler types`
 * from .dev.vars.example): `Pick` fails to compile when a setting is missing there. */
export type SettingVariables = Partial<Pick<Env, SettingName>>;

const EnvSchema = z.object(
  Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, s.schema])) as {
    [K in SettingName]: (typeof SETTINGS)[K]["schema"];
  },
);

export interface IngestSettings {
  source: SourceName;
  /** Seconds between poll ticks; 0 = no poller. */
  pollIntervalSeconds: number;
  demoJobsPerMinute: number;
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
    /** userType of freelancer searches; undefined: looked up from the schema. */
    freelancerUserType: string | undefined;
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

export interface PushSettings {
  /** Seconds to wait before each retry (attempt 2, 3, …); its length + 1 is the number of attempts. */
  retrySchedule: number[];
  /** Local dev and tests only: allow http:// and loopback/private targets. */
  allowPrivateTargets: boolean;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** How long the previous secret keeps signing after a rotation. */
  rotationGraceSeconds: number;
  /** A subscription whose deliveries all failed for this long is disabled. */
  autoDisableSeconds: number;
  /** At most one jobs.updated per (subscription, job) per this many seconds. */
  updateCoalesceSeconds: number;
  /** Telegram Bot API base URL, no trailing slash. */
  telegramApiUrl: string;
}

export interface FreelancerSettings {
  source: FreelancerSourceName;
  searches: string[];
  /** Profiles fetched per search per refresh (pages of up to 50). */
  resultsPerSearch: number;
  /** A search is refreshed again only after this many minutes. */
  refreshMinutes: number;
  relayUrl: string | undefined;
  relayApiKey: string | undefined;
}

export interface Settings {
  adminToken: string | undefined;
  tiers: Record<TierName, Tier>;
  ingest: IngestSettings;
  push: PushSettings;
  freelancers: FreelancerSettings;
}

function toSettings(v: Raw): Settings {
  return {
    adminToken: v.ADMIN_TOKEN,
    tiers: v.TIERS,
    ingest: {
      source: v.SOURCE,
      pollIntervalSeconds: v.POLL_INTERVAL_SECONDS,
      demoJobsPerMinute: v.DEMO_JOBS_PER_MINUTE,
      retentionDays: v.RETENTION_DAYS,
      detailsPerRun: v.DETAILS_PER_RUN,
      upwork: {
        clientId: v.UPWORK_CLIENT_ID,
        clientSecret: v.UPWORK_CLIENT_SECRET,
        refreshToken: v.UPWORK_REFRESH_TOKEN,
        graphqlUrl: v.UPWORK_GRAPHQL_URL!,
        tokenUrl: v.UPWORK_TOKEN_URL!,
        searches: v.UPWORK_SEARCHES,
        freelancerUserType: v.UPWORK_FREELANCER_USER_TYPE,
        pageSize: v.UPWORK_PAGE_SIZE,
        maxPages: v.UPWORK_MAX_PAGES,
        maxRequestsPerMinute: v.UPWORK_MAX_REQUESTS_PER_MINUTE,
        maxRequestsPerRun: v.UPWORK_MAX_REQUESTS_PER_RUN,
        maxRequestsPerDay: v.UPWORK_MAX_REQUESTS_PER_DAY,
      },
      relay: { url: v.RELAY_URL, apiKey: v.RELAY_API_KEY, maxPages: v.RELAY_MAX_PAGES },
      http: {
        timeoutMs: v.UPSTREAM_TIMEOUT_MS,
        retries: v.UPSTREAM_RETRIES,
        retryBaseMs: v.UPSTREAM_RETRY_BASE_MS,
        maxRetryWaitMs: v.UPSTREAM_MAX_RETRY_WAIT_MS,
      },
    },
    push: {
      retrySchedule: v.WEBHOOK_RETRY_SCHEDULE,
      allowPrivateTargets: v.ALLOW_PRIVATE_WEBHOOK_TARGETS,
      timeoutMs: v.WEBHOOK_TIMEOUT_SECONDS * 1000,
      rotationGraceSeconds: v.WEBHOOK_SECRET_GRACE_SECONDS,
      autoDisableSeconds: v.WEBHOOK_AUTO_DISABLE_SECONDS,
      updateCoalesceSeconds: v.UPDATE_COALESCE_SECONDS,
      telegramApiUrl: v.TELEGRAM_API_URL!.replace(/\/+$/, ""),
    },
    freelancers: {
      // Without its own setting the freelancer source follows the jobs SOURCE.
      source: v.FREELANCER_SOURCE ?? v.SOURCE,
      searches: v.FREELANCER_SEARCHES,
      resultsPerSearch: v.FREELANCER_RESULTS_PER_SEARCH,
      refreshMinutes: v.FREELANCER_REFRESH_MINUTES,
      relayUrl: v.FREELANCER_RELAY_URL,
      relayApiKey: v.FREELANCER_RELAY_API_KEY,
    },
  };
}

/** Parses a whole environment; throws SettingsError naming the first bad setting. */
export function parseSettings(env: SettingVariables): Settings {
  const r = EnvSchema.safeParse(env);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new SettingsError(String(issue.path[0] ?? "environment"), issue.message);
  }
  return toSettings(r.data as Raw);
}

const cache = new WeakMap<object, Settings | SettingsError>();

/** The settings of this env object, parsed on first use (a failure is remembered and thrown again). */
export function settingsFrom(env: Env): Settings {
  let s = cache.get(env);
  if (!s) {
    try {
      s = parseSettings(env);
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      s = err;
    }
    cache.set(env, s);
  }
  if (s instanceof SettingsError) throw s;
  return s;
}
