// Feed documents (docs/api.md#feeds): RSS 2.0, Atom 1.0 and JSON Feed 1.1 of a list of jobs. Pure
// functions over plain data. Every text goes through escapeMarkup or xmlChars (src/lib/text.ts), so
// job text cannot break a document: the HTML summaries are escaped again as XML text, never CDATA.
// Item dates are received_at, never posted_on (docs/api.md#item-dates).
import type { JobView } from "../jobs/model";
import { escapeMarkup as esc, xmlChars } from "../lib/text";
import { httpDate } from "../lib/time";
import { jobSummaryHtml, jobUrl } from "./summary";

export const FEED_FORMATS = ["rss", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** What every format shows. */
export interface FeedDocument {
  /** The feed's id (fd_…): stable across token rotations. */
  id: string;
  title: string;
  description: string;
  /** This feed's absolute URL in each format (self links). */
  urls: Record<FeedFormat, string>;
  /** The newest change (ISO 8601): RSS lastBuildDate, Atom updated. */
  updated: string;
  /** How often polling is useful, in seconds (RSS ttl, in minutes). */
  pollSeconds: number;
  /** Newest received first. */
  jobs: JobView[];
}

const GENERATOR = "upwork-jobs-api";
/** The channel's "website": the feed's items all link there. */
const HOME_PAGE = "https://www.upwork.com/";

/** Atom ids must be IRIs (RFC 4287 §4.2.6); the job id is wrapped, the same for every fetch. */
const atomJobId = (id: string) => `urn:upwork:job:${encodeURIComponent(id)}`;
const atomFeedId = (id: string) => `urn:upwork-jobs-api:feed:${encodeURIComponent(id)}`;

export function renderFeed(format: FeedFormat, doc: FeedDocument): string {
  if (format === "rss") return renderRss(doc);
  if (format === "atom") return renderAtom(doc);
  return `${JSON.stringify(jsonFeedOf(doc))}\n`;
}

function renderRss(doc: FeedDocument): string {
  const items = doc.jobs.map((j) =>
    [
      "<item>",
      `<title>${esc(j.title)}</title>`,
      jobUrl(j) ? `<link>${esc(jobUrl(j))}</link>` : "",
      `<guid isPermaLink="false">${esc(j.id)}</guid>`,
      `<pubDate>${httpDate(j.received_at)}</pubDate>`,
      `<description>${esc(jobSummaryHtml(j))}</description>`,
      ...j.skills.map((s) => `<category>${esc(s)}</category>`),
      "</item>",
    ].join(""),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    "<channel>",
    `<title>${esc(doc.title)}</title>`,
    `<link>${HOME_PAGE}</link>`,
    `<description>${esc(doc.description)}</description>`,
    `<atom:link href="${esc(doc.urls.rss)}" rel="self" type="application/rss+xml"/>`,
    `<lastBuildDate>${httpDate(doc.updated)}</lastBuildDate>`,
    `<ttl>${Math.max(1, Math.ceil(doc.pollSeconds / 60))}</ttl>`,
    `<generator>${GENERATOR}</generator>`,
    ...items,
    "</channel>",
    "</rss>",
    "",
  ].join("\n");
}

function renderAtom(doc: FeedDocument): string {
  const entries = doc.jobs.map((j) =>
    [
      "<entry>",
      `<id>${esc(atomJobId(j.id))}</id>`,
      `<title type="text">${esc(j.title)}</title>`,
      jobUrl(j) ? `<link rel="alternate" type="text/html" href="${esc(jobUrl(j))}"/>` : "",
      `<published>${esc(j.received_at)}</published>`,
      `<updated>${esc(j.received_at)}</updated>`,
      ...j.skills.map((s) => `<category term="${esc(s)}"/>`),
      `<content type="html">${esc(jobSummaryHtml(j))}</content>`,
      "</entry>",
    ].join(""),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${esc(atomFeedId(doc.id))}</id>`,
    `<title type="text">${esc(doc.title)}</title>`,
    `<subtitle type="text">${esc(doc.description)}</subtitle>`,
    `<updated>${esc(doc.updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${esc(doc.urls.atom)}"/>`,
    `<link rel="alternate" type="text/html" href="${HOME_PAGE}"/>`,
    `<author><name>${GENERATOR}</name></author>`,
    `<generator>${GENERATOR}</generator>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

/** A JSON Feed 1.1 document, as far as this API fills it (https://jsonfeed.org/version/1.1). */
export interface JsonFeed {
  version: "https://jsonfeed.org/version/1.1";
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  authors: { name: string }[];
  items: {
    id: string;
    url: string;
    title: string;
    content_html: string;
    date_published: string;
    tags: string[];
  }[];
}

function jsonFeedOf(doc: FeedDocument): JsonFeed {
  // JSON could carry these characters escaped, but readers store items in XML, databases and logs too.
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: xmlChars(doc.title),
    home_page_url: HOME_PAGE,
    feed_url: doc.urls.json,
    description: xmlChars(doc.description),
    authors: [{ name: GENERATOR }],
    items: doc.jobs.map((j) => ({
      id: xmlChars(j.id),
      url: xmlChars(jobUrl(j)),
      title: xmlChars(j.title),
      content_html: jobSummaryHtml(j),
      date_published: j.received_at,
      tags: j.skills.map(xmlChars),
    })),
  };
}
