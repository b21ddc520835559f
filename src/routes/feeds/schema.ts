// Every zod/OpenAPI schema of the /feeds resource and the feed documents of /f/ URLs.
import { z } from "@hono/zod-openapi";
import type { FeedRow } from "../../db/feeds";
import { feedUrls, type IssuedFeed } from "../../feeds/feeds";
import type { JsonFeed } from "../../feeds/render";
import { envelopeOf } from "../../http/openapi";
import { JobFilterSchema } from "../../jobs/filter";
import { xmlChars } from "../../lib/text";
import { isoSeconds } from "../../lib/time";

export const FeedSchema = z
  .object({
    id: z.string().openapi({ example: "fd_3kq8Lw0cZ2mVb1Xa" }),
    title: z.string().openapi({ example: "TypeScript jobs over $1,000" }),
    filters: z.record(z.string(), z.unknown()).openapi({
      description: "Canonical filters (the /jobs names)",
      example: { skills: ["typescript"], budget_min: 1000, status: "open" },
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Feed");

const FeedUrlsSchema = z
  .object({
    rss: z.string().openapi({ format: "uri", example: "https://api.example.com/f/q8Lw0cZ2mVb1XaT9…rss" }),
    atom: z.string().openapi({ format: "uri", example: "https://api.example.com/f/q8Lw0cZ2mVb1XaT9…atom" }),
    json: z.string().openapi({ format: "uri", example: "https://api.example.com/f/q8Lw0cZ2mVb1XaT9…json" }),
  })
  .openapi({ description: "The feed's URLs. Shown only in this answer (create and rotate): store them now." });

const IssuedFeedSchema = FeedSchema.extend({ urls: FeedUrlsSchema }).openapi("FeedWithUrls");

// Stored without the characters an XML document cannot carry, so every answer shows what feeds show.
const title = z.string().overwrite(xmlChars).trim().min(1).max(200);

export const CreateFeedBody = z
  .strictObject({
    title: title.default("Upwork jobs").openapi({ description: "Shown by feed readers as the feed's name" }),
    filters: JobFilterSchema.optional().openapi({ description: "Same names and values as the GET /jobs query" }),
  })
  .openapi("CreateFeed");

export const PatchFeedBody = z
  .strictObject({
    title: title.optional(),
    filters: JobFilterSchema.optional().openapi({ description: "Replaces the feed's filters" }),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "nothing to change: give title or filters" })
  .openapi("PatchFeed", { minProperties: 1 });

export const FeedIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** Anything: a malformed name is an unknown feed (404), which is what a feed reader can act on. */
export const FeedFileParam = z.object({
  file: z
    .string()
    .max(200)
    .openapi({
      param: { name: "file", in: "path" },
      description: "`<token>.rss` (RSS 2.0), `<token>.atom` (Atom 1.0) or `<token>.json` (JSON Feed 1.1), as in the feed's urls",
      example: "q8Lw0cZ2mVb1XaT9eR4uYk1oP3sD7fG6hJ5kL2zX0cV.rss",
    }),
});

export const JsonFeedSchema = z
  .object({
    version: z.literal("https://jsonfeed.org/version/1.1"),
    title: z.string(),
    home_page_url: z.string(),
    feed_url: z.string(),
    description: z.string(),
    authors: z.array(z.object({ name: z.string() })),
    items: z.array(
      z.object({
        id: z.string().openapi({ description: "The job id" }),
        url: z.string().openapi({ description: "The job on Upwork" }),
        title: z.string(),
        content_html: z.string().openapi({ description: "Budget, client, applicants, skills, posting time, the description's start" }),
        date_published: z.string().openapi({ description: "When this deployment received the job (received_at), never posted_on" }),
        tags: z.array(z.string()).openapi({ description: "The job's skills" }),
      }),
    ),
  })
  .openapi("JsonFeed") satisfies z.ZodType<JsonFeed>;

export const FeedList = envelopeOf(FeedSchema);
export const IssuedFeedList = envelopeOf(IssuedFeedSchema);

export function toFeed(row: FeedRow): z.infer<typeof FeedSchema> {
  return {
    id: row.id,
    title: row.title,
    filters: JSON.parse(row.filters) as Record<string, unknown>,
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
  };
}

/** A feed with its URLs on `origin` (create and rotate only: the token is not kept). */
export function toIssuedFeed({ feed, token }: IssuedFeed, origin: string): z.infer<typeof IssuedFeedSchema> {
  return { ...toFeed(feed), urls: feedUrls(origin, token) };
}

/** Response items, as clients (and the tests) read them. */
export type FeedView = z.infer<typeof FeedSchema>;
export type IssuedFeedView = z.infer<typeof IssuedFeedSchema>;
