// The official Upwork freelancer source: GraphQL `freelancerProfileSearchRecords` with an OAuth2
// bearer token. The token comes from the ingestion pipeline's token store (one store for the whole
// deployment), passed in as `accessToken` so this module never refreshes or persists tokens itself.
import { normalizeOfficialSearch } from "../normalize";
import { type FreelancerPageRequest, type FreelancerPageResult, type FreelancerSource, SourceError } from "./types";

// Field names from the official schema (SOURCES.md §4); the node is a union, hence the inline fragment.
export const FREELANCER_SEARCH_QUERY = `query freelancerSearch($searchFilter: FreelancerProfileSearchFilter!, $pagination: Pagination!) {
  freelancerProfileSearchRecords(searchFilter: $searchFilter, pagination: $pagination) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        ... on FreelancerProfilesSearchRecord {
          id ciphertext shortName title description portrait
          totalHourlyJobs totalFixedPriceJobs
          skills { preferredLabel }
          hourlyRate { rawValue currency }
          topRatedStatus hideEarnings
          location { country city state }
        }
      }
    }
  }
}`;

const TIMEOUT_MS = 30_000;

/** What this source needs from the token store: a valid token, and a fresh one after a 401. */
export interface UpworkTokens {
  accessToken(): Promise<string>;
  refreshAfter401?(rejected: string): Promise<string>;
}

export class UpworkFreelancerSource implements FreelancerSource {
  readonly name = "upwork" as const;

  constructor(
    private readonly graphqlUrl: string,
    private readonly tokens: UpworkTokens,
    private readonly fetcher: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
  ) {}

  async search({ query, perPage, cursor }: FreelancerPageRequest): Promise<FreelancerPageResult> {
    const variables = {
      searchFilter: { keyword: query },
      pagination: { first: Math.min(perPage, 50), ...(cursor ? { after: cursor } : {}) },
    };
    const send = async (token: string) => {
      try {
        return await this.fetcher(this.graphqlUrl, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ query: FREELANCER_SEARCH_QUERY, variables }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        throw new SourceError(`Upwork GraphQL unreachable: ${String(err).slice(0, 200)}`);
      }
    };
    const token = await this.tokens.accessToken();
    let res = await send(token);
    // An expired or revoked access token: ask the store for a fresh one once, then retry once.
    if (res.status === 401 && this.tokens.refreshAfter401) {
      await res.body?.cancel();
      res = await send(await this.tokens.refreshAfter401(token));
    }
    const text = await res.text();
    if (!res.ok) throw new SourceError(`Upwork GraphQL answered HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
    let body: { errors?: { message?: string }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new SourceError(`Upwork GraphQL answered non-JSON: ${text.slice(0, 200)}`, res.status);
    }
    // A missing scope answers 200 with `errors` and aborts the whole query (SOURCES.md §1.2).
    if (body.errors?.length) throw new SourceError(`Upwork GraphQL error: ${String(body.errors[0]?.message).slice(0, 300)}`, res.status);
    const page = normalizeOfficialSearch(body);
    return {
      items: page.freelancers,
      skipped: page.skipped,
      fetched: page.freelancers.length + page.skipped.length,
      total: page.total,
      hasMore: Boolean(page.nextCursor),
      cursor: page.nextCursor ?? null,
    };
  }
}
