// The official Upwork freelancer source: GraphQL `freelancerProfileSearchRecords` through the shared
// client (tokens from the deployment's token keeper), with the userType the schema requires.

import { UpstreamError } from "../../upstream/client";
import { graphqlMessage, type UpworkGraphql } from "../../upwork/graphql";
import type { FreelancerUserType } from "../../upwork/user-type";
import { normalizeOfficialSearch } from "../normalize";
import type { FreelancerPageRequest, FreelancerPageResult, FreelancerSource } from "./types";

// Field names from the official schema (docs/upwork-source.md#freelancer-search); the node is a union, hence the inline fragment.
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

/** The variables of FREELANCER_SEARCH_QUERY (also what the self-check validates). */
export function freelancerSearchVariables(keyword: string, userType: string, first: number, offset: number) {
  return { searchFilter: { keyword, userType }, pagination: { first, after: String(offset) } };
}

export class UpworkFreelancerSource implements FreelancerSource {
  readonly name = "upwork" as const;

  constructor(
    private readonly client: UpworkGraphql,
    /** The userType to send (src/upwork/user-type.ts). */
    private readonly userType: Pick<FreelancerUserType, "get" | "forget">,
  ) {}

  async search({ query, page, perPage }: FreelancerPageRequest): Promise<FreelancerPageResult> {
    const first = Math.min(perPage, 50);
    // Paged by offset, like the job search (docs/upwork-source.md#evidence-about-the-live-graphql-schema).
    const offset = (page - 1) * first;
    const body = await this.client.query(
      FREELANCER_SEARCH_QUERY,
      freelancerSearchVariables(query, await this.userType.get(), first, offset),
    );
    // A missing scope or a bad query answers 200 with `errors` and no data (docs/upwork-source.md#errors).
    if (body.errors?.length && !body.data?.freelancerProfileSearchRecords) {
      // A rejected userType (the enum changed upstream) is looked up again next time.
      if (/userType/.test(graphqlMessage(body))) await this.userType.forget();
      throw new UpstreamError(`Upwork GraphQL error${graphqlMessage(body)}`);
    }
    const result = normalizeOfficialSearch(body);
    const fetched = result.freelancers.length + result.skipped.length;
    return {
      items: result.freelancers,
      skipped: result.skipped,
      fetched,
      total: result.total,
      hasMore: fetched === first && (result.total === null || offset + fetched < result.total),
    };
  }
}
