// The relay freelancer source: any API that answers like the hosted `search_freelancers` (that one,
// or another instance of this API; docs/api.md#search_freelancers), read through the same normalizer.
import { UpstreamError } from "../../upstream/client";
import type { Send } from "../../upwork/tokens";
import { normalizeSeedSearch } from "../normalize";
import type { FreelancerPageRequest, FreelancerPageResult, FreelancerSource } from "./types";

const TIMEOUT_MS = 20_000;

export class RelayFreelancerSource implements FreelancerSource {
  readonly name = "relay" as const;

  /** `baseUrl` is the part before `/search_freelancers`, e.g. `https://api.parse.bot/scraper/<id>`. */
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly fetcher: Send = (url, init) => fetch(url, init),
  ) {}

  async search({ query, page, perPage }: FreelancerPageRequest): Promise<FreelancerPageResult> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, "")}/search_freelancers`);
    url.searchParams.set("page", String(page));
    url.searchParams.set("query", query);
    url.searchParams.set("per_page", String(Math.min(perPage, 50)));
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.apiKey) headers["X-API-Key"] = this.apiKey;
    let res: Response;
    try {
      res = await this.fetcher(url.toString(), { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new UpstreamError(`relay unreachable: ${String(err).slice(0, 200)}`);
    }
    const text = await res.text();
    if (!res.ok) throw new UpstreamError(`relay answered HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new UpstreamError(`relay answered non-JSON: ${text.slice(0, 200)}`, res.status);
    }
    const b = body as { status?: unknown; message?: unknown; data?: { total_pages?: unknown } };
    if (b.status === "error") throw new UpstreamError(`relay error: ${String(b.message).slice(0, 200)}`, res.status);
    const normalized = normalizeSeedSearch(body);
    const totalPages = typeof b.data?.total_pages === "number" ? b.data.total_pages : null;
    const fetched = normalized.freelancers.length + normalized.skipped.length;
    return {
      items: normalized.freelancers,
      skipped: normalized.skipped,
      fetched,
      total: normalized.total,
      hasMore: totalPages !== null ? page < totalPages : fetched >= perPage,
    };
  }
}
