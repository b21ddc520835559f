// The freelancer side of the ingestion source interface: one method, a page of normalized profiles.
// Every source (demo, upwork, relay) turns its upstream body into seed 004 objects through
// ../normalize.ts, so what is stored never depends on where it came from.
import type { Freelancer } from "../model";

export interface FreelancerPageRequest {
  query: string;
  /** 1-based page number. */
  page: number;
  perPage: number;
  /** Cursor returned with the previous page by cursor-paged sources (the official API). */
  cursor?: string | null;
}

export interface FreelancerPageResult {
  freelancers: Freelancer[];
  /** Upstream's total for the query, when known. */
  total: number | null;
  /** Whether asking for the next page can return more. */
  hasMore: boolean;
  /** Pass back as `cursor` for the next page (cursor-paged sources). */
  cursor?: string | null;
  /** Profiles upstream sent that the normalizer had to drop. */
  skipped: number;
}

export interface FreelancerSource {
  readonly name: "demo" | "upwork" | "relay";
  search(request: FreelancerPageRequest): Promise<FreelancerPageResult>;
}

/** An upstream failure with what an operator needs to fix it (status, short body). */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
