// Upwork's official GraphQL API with the operator's own OAuth2 app (see SOURCES.md §1).
// Search: marketplaceJobPostingsSearch sorted by RECENCY, one walk per UPWORK_SEARCHES entry,
// stopping at the first page with nothing new. Pagination is the weakest part of that API
// (pagination_eq may fail with a 500), so a failed paginated request falls back to one plain page.
// Refresh: marketplaceJobPosting(id) per known open job, for status and client activity.
import type { Job } from "../../jobs/model";
import { readJson, UpstreamError } from "../http";
import { applyDetail, normalizeSearchNode } from "../normalize";
import { UpworkTokenStore, upworkOAuthConfig } from "../upwork/tokens";
import { type IngestSource, pageOf, type SourceContext, type SourcePage } from "./types";

// The fixture's selection set (SOURCES.md §6): nothing scope-gated beyond "Read marketplace Job Postings".
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

export const DETAIL_QUERY = `query jobDetail($id: ID!) { marketplaceJobPosting(id: $id) {
  id content { title description } contractTerms { contractType }
  workFlowState { status closeResult }
  clientCompanyPublic { paymentVerification { paymentVerified } } } }`;

type Gql = { data?: Record<string, unknown> | null; errors?: unknown[] };

export class UpworkJobSource implements IngestSource<Job> {
  readonly name = "upwork" as const;
  private tokens: UpworkTokenStore | undefined;

  private async post(ctx: SourceContext, query: string, variables: Record<string, unknown>): Promise<Gql> {
    this.tokens ??= new UpworkTokenStore(ctx.env.DB, upworkOAuthConfig(ctx.settings.upwork), (url, init) => ctx.upstream.fetch(url, init));
    const url = ctx.settings.upwork.graphqlUrl;
    const send = (token: string) =>
      ctx.upstream.fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query, variables }),
      });
    const token = await this.tokens.accessToken();
    let res = await send(token);
    // Expired or revoked access token: refresh once (rotating the refresh token) and retry once.
    if (res.status === 401) {
      await res.body?.cancel();
      res = await send(await this.tokens.refreshAfter401(token));
    }
    const body = (await readJson(res, "Upwork GraphQL")) as Gql;
    if (!res.ok) throw new UpstreamError(`Upwork GraphQL answered HTTP ${res.status}${gqlMessage(body)}`, res.status);
    if (typeof body !== "object" || body === null) throw new UpstreamError("Upwork GraphQL: body is not an object");
    return body;
  }

  async *pages(ctx: SourceContext): AsyncIterable<SourcePage<Job>> {
    const { searches, pageSize, maxPages } = ctx.settings.upwork;
    for (const search of searches) {
      let after: string | null = "0";
      for (let page = 0; page < maxPages && after !== null; page++) {
        let body: Gql;
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
        if (!result) throw new UpstreamError(`Upwork search failed${gqlMessage(body)}`);
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

function gqlMessage(body: unknown): string {
  const errors = (body as Gql | null)?.errors;
  const first = Array.isArray(errors)
    ? (errors[0] as { message?: unknown } | undefined)?.message
    : (body as { message?: unknown } | null)?.message;
  return typeof first === "string" ? `: ${first.slice(0, 200)}` : "";
}
