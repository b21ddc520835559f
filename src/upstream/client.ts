// Every request to an upstream (Upwork, a relay) goes through one Upstream: it counts requests
// against a budget, paces them to the configured rate, times them out, and retries 429/5xx/network
// errors with exponential backoff that honours Retry-After. Sleeping is injectable so tests never
// really wait. `openUpstream` builds the one for a run, with the request budget of its source.
import { countRequests } from "./db/state";
import { retryAfterMs } from "./lib/retry-after";
import type { IngestSettings, SourceName } from "./settings";

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The request budget is spent: stop asking, keep what was fetched. */
export class BudgetExhausted extends UpstreamError {}

export interface UpstreamOptions {
  maxRequests: number;
  /** Minimum spacing between requests (60 000 / requests per minute). */
  minIntervalMs: number;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  maxRetryWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  fetcher?: typeof fetch;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const retryable = (status: number) => status === 429 || status === 408 || status >= 500;

export class Upstream {
  requests = 0;
  /** Every wait (pacing aside) this client asked for, in ms: for the run log and tests. */
  readonly waits: number[] = [];
  private last = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetcher: typeof fetch;

  constructor(readonly options: UpstreamOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
  }

  get remaining() {
    return Math.max(0, this.options.maxRequests - this.requests);
  }

  /** One request with retries; returns the final response (2xx or a non-retryable status). */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const { retries, retryBaseMs, maxRetryWaitMs } = this.options;
    for (let attempt = 0; ; attempt++) {
      let failure: string;
      let wait: number | undefined;
      try {
        const res = await this.once(url, init);
        if (!retryable(res.status)) return res;
        failure = `HTTP ${res.status}`;
        wait = retryAfterMs(res.headers.get("retry-after")) ?? undefined;
        await res.body?.cancel();
        if (attempt >= retries) throw new UpstreamError(`${failure} from ${hostOf(url)} after ${attempt + 1} attempts`, res.status);
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        failure =
          err instanceof Error && err.name === "TimeoutError"
            ? `timeout after ${this.options.timeoutMs} ms`
            : `network error: ${errMessage(err)}`;
        if (attempt >= retries) throw new UpstreamError(`${failure} from ${hostOf(url)} after ${attempt + 1} attempts`);
      }
      // Full exponential backoff, unless upstream said how long to wait.
      const delay = wait ?? retryBaseMs * 2 ** attempt;
      if (delay > maxRetryWaitMs)
        throw new UpstreamError(`${failure} from ${hostOf(url)}: asked to wait ${Math.ceil(delay / 1000)} s, more than this run waits`);
      this.waits.push(delay);
      await this.sleep(delay);
    }
  }

  private async once(url: string, init: RequestInit): Promise<Response> {
    if (this.requests >= this.options.maxRequests) throw new BudgetExhausted(`request budget of ${this.options.maxRequests} reached`);
    const gap = this.last + this.options.minIntervalMs - Date.now();
    if (this.requests > 0 && gap > 0) await this.sleep(gap);
    this.requests++;
    this.last = Date.now();
    return this.fetcher(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(this.options.timeoutMs) });
  }
}

/** Reads a JSON body; garbage is an UpstreamError (not retried: the same request gives the same garbage). */
export async function readJson(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamError(`${what}: response is not JSON (HTTP ${res.status}, ${text.length} bytes)`, res.status);
  }
}

export const errMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return "upstream";
  }
}

export interface OpenUpstream {
  upstream: Upstream;
  /** Books what was spent (the upwork source's daily count); call once when done. */
  close(): Promise<void>;
}

/**
 * The client for one run against `source`. Upwork's published limits (docs/upwork-source.md#rate-limits)
 * apply to the upwork source, jobs and freelancers alike: requests are paced per minute, and a run
 * may spend at most UPWORK_MAX_REQUESTS_PER_RUN and what is left of today's UPWORK_MAX_REQUESTS_PER_DAY.
 * A relay is paced by its own 429s and its page limit.
 */
export async function openUpstream(
  db: D1Database,
  settings: IngestSettings,
  source: SourceName,
  now: Date,
  sleep?: (ms: number) => Promise<void>,
): Promise<OpenUpstream> {
  const http = settings.http;
  const common = {
    timeoutMs: http.timeoutMs,
    retries: http.retries,
    retryBaseMs: http.retryBaseMs,
    maxRetryWaitMs: http.maxRetryWaitMs,
    sleep,
  };
  if (source !== "upwork") return { upstream: new Upstream({ ...common, maxRequests: 10_000, minIntervalMs: 0 }), close: async () => {} };
  const day = now.toISOString().slice(0, 10);
  const { maxRequestsPerRun, maxRequestsPerDay, maxRequestsPerMinute } = settings.upwork;
  const usedToday = await countRequests(db, day, 0);
  const upstream = new Upstream({
    ...common,
    maxRequests: Math.max(0, Math.min(maxRequestsPerRun, maxRequestsPerDay - usedToday)),
    minIntervalMs: Math.ceil(60_000 / maxRequestsPerMinute),
  });
  return {
    upstream,
    close: async () => {
      if (upstream.requests > 0) await countRequests(db, day, upstream.requests);
    },
  };
}
