// Freelancer refresh settings, read from the Worker's environment as optional strings, with defaults.

export type FreelancerSourceName = "demo" | "upwork" | "relay" | "off";

export interface FreelancerSettings {
  source: FreelancerSourceName;
  searches: string[];
  /** Profiles fetched per search per refresh (pages of up to 50). */
  resultsPerSearch: number;
  /** A search is refreshed again only after this many minutes (the cron fires every 5). */
  refreshMinutes: number;
  relayUrl: string | undefined;
  relayApiKey: string | undefined;
  upworkGraphqlUrl: string;
}

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

const SOURCES = ["demo", "upwork", "relay", "off"] as const;

function intSetting(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** `FREELANCER_SEARCHES`: a JSON array of strings, or queries separated by commas. */
export function parseSearches(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return DEFAULT_FREELANCER_SEARCHES;
  const text = raw.trim();
  let list: unknown;
  if (text.startsWith("[")) {
    try {
      list = JSON.parse(text);
    } catch {
      throw new Error("FREELANCER_SEARCHES is not valid JSON");
    }
    if (!Array.isArray(list) || !list.every((s) => typeof s === "string"))
      throw new Error("FREELANCER_SEARCHES must be a JSON array of strings");
  } else list = text.split(",");
  const out = [...new Set((list as string[]).map((s) => s.trim().replace(/\s+/g, " ")).filter(Boolean))];
  if (out.some((s) => s.length > 200)) throw new Error("FREELANCER_SEARCHES: each query is at most 200 characters");
  return out;
}

export function freelancerSettings(env: Env): FreelancerSettings {
  const vars = env as unknown as Record<string, string | undefined>;
  const raw = (vars.FREELANCER_SOURCE ?? "").trim().toLowerCase();
  // Without its own setting the freelancer source follows the jobs SOURCE (demo by default).
  const inherited = (vars.SOURCE ?? "").trim().toLowerCase();
  const pick = raw || (SOURCES.includes(inherited as never) ? inherited : "demo");
  if (!SOURCES.includes(pick as never)) throw new Error(`FREELANCER_SOURCE must be one of ${SOURCES.join(", ")}`);
  return {
    source: pick as FreelancerSourceName,
    searches: parseSearches(vars.FREELANCER_SEARCHES),
    resultsPerSearch: intSetting(vars.FREELANCER_RESULTS_PER_SEARCH, "FREELANCER_RESULTS_PER_SEARCH", 100, 1, 5000),
    refreshMinutes: intSetting(vars.FREELANCER_REFRESH_MINUTES, "FREELANCER_REFRESH_MINUTES", 360, 0, 525_600),
    relayUrl: vars.FREELANCER_RELAY_URL?.trim() || undefined,
    relayApiKey: vars.FREELANCER_RELAY_API_KEY?.trim() || undefined,
    upworkGraphqlUrl: vars.UPWORK_GRAPHQL_URL?.trim() || "https://api.upwork.com/graphql",
  };
}
