// The freelancer side of the ingestion source interface (src/ingest/sources/types.ts): the same source
// names and the same page type (items, skip reasons, fetched). Where a job source walks "what is new"
// with pages(ctx), a freelancer source answers one configured search at a time, because each search
// is refreshed on its own interval. Every source (demo, upwork, relay) turns its upstream body into
// freelancer objects (docs/api.md#freelancer-object) through ../normalize.ts, so what is stored never depends on where it came from.

import type { SourcePage } from "../../ingest/sources/types";
import type { SourceName } from "../../settings";
import type { Freelancer } from "../model";

export interface FreelancerPageRequest {
  query: string;
  /** 1-based page number. */
  page: number;
  perPage: number;
  /** Cursor returned with the previous page by cursor-paged sources (the official API). */
  cursor?: string | null;
}

/** The ingestion's page (items, skip reasons, fetched count) plus what paging through a search needs. */
export interface FreelancerPageResult extends SourcePage<Freelancer> {
  /** Upstream's total for the query, when known. */
  total: number | null;
  /** Whether asking for the next page can return more. */
  hasMore: boolean;
  /** Pass back as `cursor` for the next page (cursor-paged sources). */
  cursor?: string | null;
}

export interface FreelancerSource {
  readonly name: SourceName;
  search(request: FreelancerPageRequest): Promise<FreelancerPageResult>;
}
