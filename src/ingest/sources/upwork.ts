// Upwork's official GraphQL API with the operator's own OAuth2 app (docs/upwork-source.md).
// Search: marketplaceJobPostingsSearch sorted by RECENCY, one walk per UPWORK_SEARCHES entry, paged
// by offset (`after` = the previous `after` + the edges received; docs/upwork-source.md#evidence-about-the-live-graphql-schema),
// stopping at the first page with nothing new. Pagination is the weakest part of that API: a failed
// first page (a 500, or GraphQL errors in a 200) falls back to one plain page, and a failed later
// page ends that search only, the next one goes on. Each search's outcome goes to the run record.
// Refresh: marketplaceJobPosting(id) per known open job, for status, job type and client activity.
import type { Job } from "../../jobs/model";
import { BudgetExhausted, RateLimited, UpstreamError } from "../../upstream/client";
import { type GraphqlBody, graphqlMessage, UpworkGraphql } from "../../upwork/graphql";
import { upworkTokens } from "../../upwork/token-keeper";
import { applyDetail, normalizeSearchNode } from "../normalize";
import { type IngestSource, pageOf, type SearchOutcome, type SourceContext, type SourcePage } from "./types";

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

export const SEARCH_QUERY = `query jobSearch($filter: MarketplaceJobPostingsSearchFilter, $sort: [MarketplaceJobPostingSearchSortAttribute]) {
  marketplaceJobPostingsSearch(marketPlaceJobFilter: $filter, searchType: USER_JOBS_SEARCH, sortAttributes: $sort) {
    totalCount edges { cursor node { ${NODE_FIELDS} } } pageInfo { endCursor hasNextPage } } }`;

// activityStat.jobActivity: the seven counters confirmed live; there is no totalApplicants here (the
// search node carries applicants), asking for it is a validation error.
export const DETAIL_QUERY = `query jobDetail($id: ID!) { marketplaceJobPosting(id: $id) {
  id content { title description } contractTerms { contractType }
  workFlowState { status closeResult }
  activityStat { jobActivity { lastClientActivity invitesSent totalInvitedToInterview totalHired totalUnansweredInvites totalOffered totalRecommended } }
  clientCompanyPublic { paymentVerification { paymentVerified } } } }`;

/** A search's label in the run record: its keywords, or its filter. */
const label = (search: Record<string, unknown>) =>
  typeof search.searchExpression_eq === "string" && Object.keys(search).length === 1 ? search.searchExpression_eq : JSON.stringify(search);

/** Errors that concern every request alike: the walk ends instead of trying the next search. */
const fatal = (err: unknown) =>
  err instanceof BudgetExhausted ||
  err instanceof RateLimited ||
  (err instanceof UpstreamError && (err.status === 401 || err.status === 403));

type SearchResult = { edges?: unknown[]; totalCount?: unknown } | null | undefined;

/** The variables of SEARCH_QUERY for one page of one search (also what the self-check validates). */
export function searchVariables(search: Record<string, unknown>, page: { first: number; offset: number } | null) {
  const filter = page ? { ...search, pagination_eq: { first: page.first, after: String(page.offset) } } : search;
  return { filter, sort: [{ field: "RECENCY" }] };
}

export class UpworkJobSource implements IngestSource<Job> {
  readonly name = "upwork" as const;
  private client: UpworkGraphql | undefined;

  private post(ctx: SourceContext, query: string, variables: Record<string, unknown>): Promise<GraphqlBody> {
    this.client ??= new UpworkGraphql(ctx.settings.upwork.graphqlUrl, upworkTokens(ctx.env, ctx.settings), (url, init) =>
      ctx.upstream.fetch(url, init),
    );
    return this.client.query(query, variables);
  }

  /** One page of one search: the result, or an UpstreamError when Upwork answered no result (GraphQL errors included). */
  private async searchPage(
    ctx: SourceContext,
    variables: ReturnType<typeof searchVariables>,
  ): Promise<{ body: GraphqlBody; result: NonNullable<SearchResult> }> {
    const body = await this.post(ctx, SEARCH_QUERY, variables);
    const result = body.data?.marketplaceJobPostingsSearch as SearchResult;
    if (!result) throw new UpstreamError(`Upwork search failed${graphqlMessage(body)}`);
    return { body, result };
  }

  async *pages(ctx: SourceContext): AsyncIterable<SourcePage<Job>> {
    const { searches, pageSize } = ctx.settings.upwork;
    // A poll tick reads only the newest page of each search.
    const maxPages = ctx.reach === "newest" ? 1 : ctx.settings.upwork.maxPages;
    for (const search of searches) {
      const outcome: SearchOutcome = { search: label(search), pages: 0, fetched: 0, fallback: null, warnings: [], error: null };
      let offset = 0;
      let paging = true;
      try {
        for (let page = 0; page < maxPages && paging; page++) {
          let got: Awaited<ReturnType<UpworkJobSource["searchPage"]>>;
          try {
            got = await this.searchPage(ctx, searchVariables(search, { first: pageSize, offset }));
          } catch (err) {
            // Reported live: pagination_eq may fail (a 500, or errors in a 200). Take the default page and stop paging.
            if (page > 0 || fatal(err) || !(err instanceof UpstreamError) || (err.status !== undefined && err.status !== 500)) throw err;
            outcome.fallback = errText(err);
            got = await this.searchPage(ctx, searchVariables(search, null));
            paging = false;
          }
          const edges = Array.isArray(got.result.edges) ? got.result.edges : [];
          const out = partialPage(edges, got.body.errors, outcome.warnings);
          outcome.pages++;
          outcome.fetched += out.fetched;
          yield out;
          const known = await ctx.known(out.items.map((j) => j.id));
          const nothingNew = out.items.every((j) => known.has(j.id));
          const total = typeof got.result.totalCount === "number" ? got.result.totalCount : Number.POSITIVE_INFINITY;
          offset += edges.length;
          if (nothingNew || edges.length < pageSize || offset >= total) paging = false;
        }
      } catch (err) {
        outcome.error = errText(err);
        ctx.report?.(outcome);
        // Budget, rate limit or credentials concern every search alike: stop.
        if (fatal(err)) throw err;
        // Otherwise what was stored stays and the next search goes on; the run reports this one's error.
        continue;
      }
      ctx.report?.(outcome);
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
      } else if (outcome.kind === "gone") {
        // Upwork has no such job (now): closed only when the next check says so too.
        yield { items: [job], skipped: [], fetched: 1, missing: [job.id] };
      } else yield { items: [outcome.job], skipped: outcome.notes, fetched: 1 };
    }
  }
}

/**
 * A page that may come with GraphQL errors (docs/upwork-source.md#errors): a null in a non-null field
 * nulls that edge, and its error (by `path`) is the edge's skip reason; the good nodes are kept. An
 * error that nulled no edge (a nullable field inside a kept node) is a warning of the search.
 */
function partialPage(edges: unknown[], errors: unknown, warnings: string[]): SourcePage<Job> {
  const byEdge = new Map<number, string>();
  for (const e of Array.isArray(errors) ? errors : []) {
    const path = Array.isArray((e as { path?: unknown })?.path) ? ((e as { path: unknown[] }).path as unknown[]) : [];
    const at = path.indexOf("edges");
    const index = at >= 0 ? path[at + 1] : undefined;
    const message = `graphql error${graphqlMessage({ errors: [e] })}`.replace(/\[\d+\]|\/\d+(?=\/|$)/g, "[]").slice(0, 200);
    const edge = typeof index === "number" ? edges[index] : undefined;
    if (typeof index === "number" && (edge == null || (edge as { node?: unknown }).node == null)) byEdge.set(index, message);
    else if (!warnings.includes(message) && warnings.length < 10) warnings.push(message);
  }
  return pageOf(edges.map((edge, i) => (byEdge.has(i) ? { ok: false as const, reason: byEdge.get(i)! } : normalizeSearchNode(edge))));
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);
