// A job as the short HTML a feed reader shows under its title (docs/api.md#feed-items): the budget or
// hourly rate, the client, applicants, skills, when it was posted and the start of the description.
// Every value is escaped (src/lib/text.ts). Pure.

import { budgetText, clientText } from "../jobs/describe";
import type { JobView } from "../jobs/model";
import { clipText, escapeMarkup as esc } from "../lib/text";

/** Characters of the description shown: enough to judge the job, short enough for a notification. */
const DESCRIPTION_CHARS = 600;

/** The job's page on Upwork; "" unless it is an http(s) URL (a reader would follow anything else too). */
export const jobUrl = (j: JobView): string => (/^https?:\/\//i.test(j.url) ? j.url : "");

export function jobSummaryHtml(j: JobView): string {
  const rows: [string, string][] = [
    ["Budget", budgetText(j)],
    ["Client", clientText(j, "feed")],
    ["Applicants", String(j.client_activity.total_applicants)],
  ];
  if (j.skills.length) rows.push(["Skills", j.skills.join(", ")]);
  rows.push(["Posted on Upwork", j.posted_on.replace("T", " ").replace("Z", " UTC")]);
  const description = esc(clipText(j.description.trim(), DESCRIPTION_CHARS)).replace(/\r?\n/g, "<br>");
  return [
    ...rows.map(([name, value]) => `<p><b>${name}:</b> ${esc(value)}</p>`),
    description ? `<p>${description}</p>` : "",
    jobUrl(j) ? `<p><a href="${esc(jobUrl(j))}">Open the job on Upwork</a></p>` : "",
  ].join("");
}
