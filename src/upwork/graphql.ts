// Upwork's GraphQL endpoint with the deployment's OAuth2 token (docs/upwork-source.md#graphql-endpoint):
// one POST per query, a token refresh and one retry after a 401, and every non-2xx answer as an
// UpstreamError carrying Upwork's own message. Jobs and freelancers share it.
import { readJson, UpstreamError } from "../upstream/client";
import type { Send } from "./tokens";

export type GraphqlBody = { data?: Record<string, unknown> | null; errors?: unknown[] };

/** What the client needs from a token store: a valid token, and a fresh one after a 401. */
export interface UpworkTokens {
  accessToken(): Promise<string>;
  refreshAfter401?(rejected: string): Promise<string>;
}

export class UpworkGraphql {
  constructor(
    private readonly url: string,
    private readonly tokens: UpworkTokens,
    private readonly send: Send = (url, init) => fetch(url, init),
  ) {}

  async query(query: string, variables: Record<string, unknown>): Promise<GraphqlBody> {
    const post = (token: string) =>
      this.send(this.url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query, variables }),
      });
    const token = await this.tokens.accessToken();
    let res = await post(token);
    // Expired or revoked access token: refresh once (rotating the refresh token) and retry once.
    if (res.status === 401 && this.tokens.refreshAfter401) {
      await res.body?.cancel();
      res = await post(await this.tokens.refreshAfter401(token));
    }
    const body = (await readJson(res, "Upwork GraphQL")) as GraphqlBody;
    if (!res.ok) throw new UpstreamError(`Upwork GraphQL answered HTTP ${res.status}${graphqlMessage(body)}`, res.status);
    if (typeof body !== "object" || body === null) throw new UpstreamError("Upwork GraphQL: body is not an object");
    return body;
  }
}

/** `: <first error message>` of a GraphQL answer, or "". */
export function graphqlMessage(body: unknown): string {
  const errors = (body as GraphqlBody | null)?.errors;
  const first = Array.isArray(errors)
    ? (errors[0] as { message?: unknown } | undefined)?.message
    : (body as { message?: unknown } | null)?.message;
  return typeof first === "string" ? `: ${first.slice(0, 300)}` : "";
}
