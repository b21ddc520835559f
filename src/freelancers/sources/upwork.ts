// The official Upwork freelancer source: GraphQL `freelancerProfileSearchRecords` with an OAuth2
// bearer token. The token comes from the ingestion pipeline's token store (one store for the whole
// deployment), passed in as `accessToken` so this module never refreshes or persists tokens itself.

import { UpstreamError } from "../../upstream/client";
import { graphqlMessage, type UpworkGraphql } from "../../upwork/graphql";
import { normalizeOfficialSearch } from "../normalize";
import type { FreelancerPageRequest, FreelancerPageResult, FreelancerSource } from "./types";

// Field names from the official schema (docs/upwork-source.md#freelancer-search); the node is a union, hence the inline fragment.
const FREELANCER_SEARCH_QUERY = `query freelancerSearch($searchFilter: FreelancerProfileSearchFilter!, $pagination: Pagination!) {
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

export class UpworkFreelancerSource implements FreelancerSource {
  readonly name = "upwork" as const;

  constructor(private readonly client: UpworkGraphql) {}

  async search({ query, perPage, cursor }: FreelancerPageRequest): Promise<FreelancerPageResult> {
    const body = await this.client.query(FREELANCER_SEARCH_QUERY, {
      searchFilter: { keyword: query },
      pagination: { first: Math.min(perPage, 50), ...(cursor ? { after: cursor } : {}) },
    });
    // A missing scope answers 200 with `errors` and aborts the whole query (docs/upwork-source.md#errors).
    if (body.errors?.length) throw new UpstreamError(`Upwork GraphQL error${graphqlMessage(body)}`);
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
