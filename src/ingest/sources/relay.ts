// Any API serving this project's own /jobs envelope: another instance, or a hosted Upwork jobs API
// the operator subscribes to. Walks next_cursor newest first, up to RELAY_MAX_PAGES pages, and stops
// at the first page with nothing new (each page costs the operator a credit upstream).
import type { Job } from "../../jobs/model";
import { readJson, UpstreamError } from "../../upstream/client";
import { normalizeRelayJob } from "../normalize";
import { type IngestSource, pageOf, type SourceContext, type SourcePage } from "./types";

const PAGE_LIMIT = 100;

/** RELAY_URL may be the API's base URL or its /jobs URL. */
export function relayJobsUrl(base: string): URL {
  const url = new URL(base);
  if (!/\/jobs\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, "")}/jobs`;
  return url;
}

export class RelayJobSource implements IngestSource<Job> {
  readonly name = "relay" as const;

  async *pages(ctx: SourceContext): AsyncIterable<SourcePage<Job>> {
    const { url: base, apiKey } = ctx.settings.relay;
    // A poll tick reads only the first (newest) page.
    const maxPages = ctx.reach === "newest" ? 1 : ctx.settings.relay.maxPages;
    if (!base) throw new UpstreamError("SOURCE=relay needs RELAY_URL");
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const url = relayJobsUrl(base);
      url.searchParams.set("limit", String(PAGE_LIMIT));
      // Closed jobs too, so a job closing upstream closes here.
      url.searchParams.set("status", "any");
      if (cursor) url.searchParams.set("cursor", cursor);
      const res = await ctx.upstream.fetch(url.toString(), {
        headers: { accept: "application/json", ...(apiKey ? { "x-api-key": apiKey } : {}) },
      });
      const body = (await readJson(res, "relay")) as { success?: unknown; data?: unknown; next_cursor?: unknown; message?: unknown };
      if (!res.ok || body?.success !== true || !Array.isArray(body.data)) {
        const detail = typeof body?.message === "string" ? `: ${body.message.slice(0, 200)}` : "";
        throw new UpstreamError(`relay answered HTTP ${res.status}${detail}`, res.status);
      }
      const out = pageOf(body.data.map(normalizeRelayJob));
      yield out;
      const known = await ctx.known(out.items.map((j) => j.id));
      if (out.items.every((j) => known.has(j.id))) break;
      cursor = typeof body.next_cursor === "string" && body.next_cursor ? body.next_cursor : null;
      if (!cursor) break;
    }
  }
}
