// A filter's preview (POST /filters/preview, docs/api.md#filter-preview): how many jobs it would have
// matched as they arrived in the last 24 hours, 7 days and 30 days, the newest five, and the alerts a
// subscription with it would have sent per day. Jobs are counted whatever their status now: every
// job was open when it arrived, which is when a subscription matches it.
//
// So that a preview costs the same for any filter on a large store, the filter is tested on the
// newest EXAMINE jobs received in the last 30 days only. A window those jobs cover is counted
// exactly; a longer one is extrapolated from the rate at which those jobs matched (matches per day
// over the time they span) and named in `estimated`.
import { previewSample } from "../db/jobs";
import { isoSeconds } from "../lib/time";
import type { JobFilter } from "./filter";
import type { JobView } from "./model";

const DAY_MS = 86_400_000;
const NEWEST = 5;
const EXAMINE = 2500;
const WINDOWS = [
  ["last_24h", 1],
  ["last_7d", 7],
  ["last_30d", 30],
] as const;
type Window = (typeof WINDOWS)[number][0];

export interface FilterPreview {
  counts: Record<Window, number>;
  /** Windows counted from a sample of the newest jobs (longer than the sample reaches). */
  estimated: Window[];
  /** last_30d / 30, one decimal. */
  alerts_per_day: number;
  newest: JobView[];
}

export async function previewFilter(db: D1Database, filter: JobFilter, now: number, examine = EXAMINE): Promise<FilterPreview> {
  const since = WINDOWS.map(([, days]) => isoSeconds(now - days * DAY_MS));
  const s = await previewSample(
    db,
    { ...filter, status: "any" },
    { since: since[since.length - 1]!, counting: since, examine, keep: NEWEST },
  );
  const complete = s.examined < examine; // every job of the 30 days was examined
  const all = s.counts[s.counts.length - 1] ?? 0;
  const spanDays = s.oldest === null ? 0 : Math.max(now - Date.parse(s.oldest), 60_000) / DAY_MS;
  const counts = {} as Record<Window, number>;
  const estimated: Window[] = [];
  WINDOWS.forEach(([name, days], i) => {
    if (complete || (s.oldest !== null && s.oldest < since[i]!)) counts[name] = s.counts[i] ?? 0;
    else {
      counts[name] = spanDays ? Math.round((all / spanDays) * days) : 0;
      estimated.push(name);
    }
  });
  return { counts, estimated, alerts_per_day: Math.round((counts.last_30d / 30) * 10) / 10, newest: s.newest };
}
