// Every request to an upstream (Upwork, a relay) goes through one Upstream: it takes a slot from the
// deployment's request budget (budget.ts) and waits for it, counts requests against the caller's own
// cap, times them out, and retries 429/5xx/network errors with exponential backoff that honours
// Retry-After. Sleeping is injectable so tests never really wait. `openUpstream` builds the one for
// a run or a poll tick.
import { retryAfterMs } from "../lib/retry-after";
import { sleep } from "../lib/time";
import type { IngestSettings, SourceName } from "../settings";
import type { Reservation } from "./budget";
import { requestBudget } from "./budget-object";

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

/** Upstream answered 429 and the retries ran out: the caller should back off (for `retryAfterMs`, when said). */
export class RateLimited extends UpstreamError {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message, 429);
  }
}

export interface UpstreamOptions {
  /** This caller's own cap (a run's UPWORK_MAX_REQUESTS_PER_RUN). */
  maxRequests: number;
  /** A slot in the shared budget for each request; absent: no shared budget. */
  reserve?: () => Promise<Reservation>;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  maxRetryWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  fetcher?: typeof fetch;
}

const retryable = (status: number) => status === 429 || status === 408 || status >= 500;

export class Upstream {
  requests = 0;
  /** Every wait (pacing aside) this client asked for, in ms: for the run log and tests. */
  readonly waits: number[] = [];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetcher: typeof fetch;

  constructor(readonly options: UpstreamOptions) {
    this.sleep = options.sleep ?? sleep;
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
        if (attempt >= retries) {
          const message = `${failure} from ${hostOf(url)} after ${attempt + 1} attempts`;
          throw res.status === 429 ? new RateLimited(message, wait ?? null) : new UpstreamError(message, res.status);
        }
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
      if (delay > maxRetryWaitMs) {
        const message = `${failure} from ${hostOf(url)}: asked to wait ${Math.ceil(delay / 1000)} s, more than this run waits`;
        throw failure === "HTTP 429" ? new RateLimited(message, delay) : new UpstreamError(message);
      }
      this.waits.push(delay);
      await this.sleep(delay);
    }
  }

  private async once(url: string, init: RequestInit): Promise<Response> {
    if (this.requests >= this.options.maxRequests) throw new BudgetExhausted(`request budget of ${this.options.maxRequests} reached`);
    const slot = await this.options.reserve?.();
    if (slot && !slot.ok) throw new BudgetExhausted(`the daily request budget is spent until ${new Date(slot.retryAt).toISOString()}`);
    const wait = slot ? slot.at - Date.now() : 0;
    if (wait > 0) await this.sleep(wait);
    this.requests++;
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
}

/**
 * The client for one run or poll tick against `source`. Every request takes a slot in the
 * deployment's budget for that source; Upwork's published limits (docs/upwork-source.md#rate-limits)
 * apply to the upwork source, jobs and freelancers alike (UPWORK_MAX_REQUESTS_PER_MINUTE and _PER_DAY),
 * and one run spends at most UPWORK_MAX_REQUESTS_PER_RUN. Other sources are counted, not limited: a
 * relay is paced by its own 429s and its page limit.
 */
export function openUpstream(
  env: Env,
  settings: IngestSettings,
  source: SourceName,
  options: { sleep?: (ms: number) => Promise<void>; retries?: number } = {},
): OpenUpstream {
  const http = settings.http;
  const upwork = source === "upwork";
  const limits = upwork
    ? { perMinute: settings.upwork.maxRequestsPerMinute, perDay: settings.upwork.maxRequestsPerDay }
    : { perMinute: null, perDay: null };
  const budget = requestBudget(env);
  return {
    upstream: new Upstream({
      maxRequests: upwork ? settings.upwork.maxRequestsPerRun : 10_000,
      reserve: () => budget.reserve(source, limits),
      timeoutMs: http.timeoutMs,
      retries: options.retries ?? http.retries,
      retryBaseMs: http.retryBaseMs,
      maxRetryWaitMs: http.maxRetryWaitMs,
      sleep: options.sleep,
    }),
  };
}
