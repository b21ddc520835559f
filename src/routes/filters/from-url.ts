import type { App } from "../../http/context";
import { envelope, invalidParameter } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { canonicalFilter, JobFilterSchema } from "../../jobs/filter";
import { parseUpworkSearchUrl, translateUpworkSearch } from "../../jobs/upwork-url";
import { FromUrlQuery, TranslationList } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/filters/from-url",
  tags: ["Filters"],
  summary: "The /jobs filters equivalent to an Upwork job search URL, and what could not be translated",
  description: "Paste the search you saved on Upwork. Free.",
  access: "api-key",
  request: { query: FromUrlQuery },
  responses: { 200: { description: "The translation", content: { "application/json": { schema: TranslationList } } } },
});

export function registerFilterFromUrl(app: App) {
  app.openapi(route, async (c) => {
    const raw = c.req.valid("query").url;
    if (raw === undefined) throw invalidParameter("url", "required");
    const url = parseUpworkSearchUrl(raw);
    if (typeof url === "string") throw invalidParameter("url", url);
    const { params, approximated, untranslated } = translateUpworkSearch(url);
    // The result goes through the /jobs validation; a value it refuses moves to untranslated with its message.
    for (;;) {
      const parsed = JobFilterSchema.safeParse(params);
      if (parsed.success) {
        return c.json(
          envelope([{ filters: canonicalFilter(parsed.data), query: new URLSearchParams(params).toString(), approximated, untranslated }]),
          200,
        );
      }
      const issue = parsed.error.issues[0]!;
      const name = String(issue.path[0] ?? "");
      if (!(name in params)) throw new Error(`unexpected filter error: ${issue.message}`);
      untranslated.push({ param: name, value: params[name]!, reason: `not a valid /jobs ${name}: ${issue.message}` });
      delete params[name];
    }
  });
}
