-- The upwork source, checked against the live schema (docs/upwork-source.md#evidence-about-the-live-graphql-schema).
-- A detail answer of "not found" closes a job only after two consecutive checks: the count of such
-- answers in a row, reset by any answer that finds the job.
ALTER TABLE jobs ADD COLUMN detail_misses INTEGER NOT NULL DEFAULT 0;
-- How each configured search went in a run (JSON array of {search, pages, fetched, error}).
ALTER TABLE scrape_runs ADD COLUMN searches TEXT NOT NULL DEFAULT '[]';
