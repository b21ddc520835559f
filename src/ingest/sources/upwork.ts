// Upwork's official GraphQL API with the operator's own OAuth2 app (docs/upwork-source.md).
// Search: marketplaceJobPostingsSearch sorted by RECENCY, one walk per UPWORK_SEARCHES entry,
// stopping at the first page with nothing new. Pagination is the weakest part of that API
// (pagination_eq may fail with a 500), so a failed paginated request falls back to one plain page.
// Refresh: marketplaceJobPosting(id) per known open job, for status and client activity.
import type { Job } from "../../jobs/model";
import { UpstreamError } from "../../upstream/client";
import { type GraphqlBody, graphqlMessage, UpworkGraphql } from "../../upwork/graphql";
import { upworkTokens } from "../../upwork/token-keeper";
import { applyDetail, normalizeSearchNode } from "../normalize";
import { type IngestSource, pageOf, type SourceContext, type SourcePage } from "./types";

// The fixture's selection set (docs/upwork-source.md#job-search): nothing scope-gated beyond "Read marketplace Job Postings".
const NODE_FIELDS = `id ciphertext title description createdDateTime publishedDateTime renewedDateTime
  duration durationLabel engagement amount { rawValue currency displayValue } hourlyBudgetType
  hourlyBudgetMin { rawValue currency displayValue } hourlyBudgetMax { rawValue currency displayValue }
  weeklyBudget { rawValue currency displayValue } experienceLevel category subcategory freelancersToHire
  totalFreelancersToHire enterprise premium applied totalApplicants preferredFreelancerLocation
  preferredFreelancerLocationMandatory skills { name prettyName highlighted }
  occupations { category { id prefLabel } subCategories { id prefLabel } } engagementDuration { id label weeks }
  client { totalHires totalPostedJobs totalSpent { rawValue currency displayValue } verificationStatus
    location { city country state timezone } totalReviews totalFeedback hasFinancialPrivacy }`;

const SEARCH_QUERY = `query jobSearch($filter: MarketplaceJobPostingsSearchFilter, $sort: [MarketplaceJobPostingSearchSortAttribute]) {
  marketplaceJobPostingsSearch(marketPlaceJobFilter: $filter, searchType: USER_JOBS_SEARCH, sortAttributes: $sort) {
    totalCount edges { cursor node { ${NODE_FIELDS} } } pageInfo { endCursor hasNextPage } } }`;

const DETAIL_QUERY = `query jobDetail($id: ID!) { marketplaceJobPosting(id: $id) {
  id content { title description } contractTerms { contractType }
  workFlowState { status closeResult }
  clientCompanyPublic { paymentVerification { paymentVerified } } } }`;

export class UpworkJobSource implements IngestSource<Job> {
  readonly name = "upwork" as const;
  private client: UpworkGraphql | undefined;

  private post(ctx: SourceContext, query: string, variables: Record<string, unknown>): Promise<GraphqlBody> {
    this.client ??= new UpworkGraphql(ctx.settings.upwork.graphqlUrl, upworkTokens(ctx.env, ctx.settings), (url, init) =>
      ctx.upstream.fetch(url, init),
    );
    return this.client.query(query, variables);
  }

  async *pages(ctx: SourceContext): AsyncIterable<SourcePage<Job>> {
    const { searches, pageSize } = ctx.settings.upwork;
    // A poll tick reads only the newest page of each search.
    const maxPages = ctx.reach === "newest" ? 1 : ctx.settings.upwork.maxPages;
    for (const search of searches) {
      let after: string | null = "0";
      for (let page = 0; page < maxPages && after !== null; page++) {
        let body: GraphqlBody;
        try {
          body = await this.post(ctx, SEARCH_QUERY, {
            filter: { ...search, pagination_eq: { first: pageSize, after } },
            sort: [{ field: "RECENCY" }],
          });
        } catch (err) {
          // Reported live: any pagination_eq may fail with a 500. Take the default page and stop paging.
          if (!(err instanceof UpstreamError) || err.status !== 500 || page > 0) throw err;
          body = await this.post(ctx, SEARCH_QUERY, { filter: search, sort: [{ field: "RECENCY" }] });
          after = null;
        }
        const result = body.data?.marketplaceJobPostingsSearch as
          | { edges?: unknown[]; pageInfo?: { endCursor?: unknown; hasNextPage?: unknown } }
          | null
          | undefined;
        if (!result) throw new UpstreamError(`Upwork search failed${graphqlMessage(body)}`);
        const edges = Array.isArray(result.edges) ? result.edges : [];
        const out = pageOf(edges.map(normalizeSearchNode));
        yield out;
        const known = await ctx.known(out.items.map((j) => j.id));
        const nothingNew = out.items.every((j) => known.has(j.id));
        const next = result.pageInfo?.endCursor;
        after =
          after !== null &&
          result.pageInfo?.hasNextPage === true &&
          !nothingNew &&
          edges.length > 0 &&
          (typeof next === "string" || typeof next === "number")
            ? String(next)
            : null;
      }
    }
  }

  async *refresh(ctx: SourceContext, known: Job[]): AsyncIterable<SourcePage<Job>> {
    for (const job of known) {
      const body = await this.post(ctx, DETAIL_QUERY, { id: job.id });
      const outcome = applyDetail(job, body.data?.marketplaceJobPosting ?? null, Array.isArray(body.errors) ? body.errors : []);
      if (outcome.kind === "invalid") {
        // A scope error fails every detail query alike: stop instead of spending the budget on it.
        if (/permission|scope/i.test(outcome.reason)) throw new UpstreamError(`Upwork detail query: ${outcome.reason}`);
        // Handed back unchanged so its last_seen moves and the next run checks other jobs first.
        yield { items: [job], skipped: [outcome.reason], fetched: 1 };
      } else yield { items: [outcome.job], skipped: [], fetched: 1 };
    }
  }
}
