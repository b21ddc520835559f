-- Indexes for GET /jobs found with `npm run bench:read` (100,000 jobs; EXPLAIN QUERY PLAN in bench/RESULTS.md).
-- /jobs answers newest first with a LIMIT, so the fastest plan walks an index already in
-- (posted_on DESC, id DESC) order and stops after one page. The default status=open feed walks
-- jobs_feed; a country, category or category group on top of it used to walk jobs_feed too and
-- test every row, which is slow when few rows match (country=JP&category=accounting-bookkeeping read
-- thousands of rows). These indexes put the value between status and the order, so such a page is
-- read in order directly, and a deep cursor seeks into it. The older (column, posted_on) indexes
-- stay for status=any. Multi-value lists (country=GB,DE) deliberately do not use them: see
-- `anyOf` in src/jobs/filter-sql.ts.
CREATE INDEX jobs_feed_country ON jobs (status, country, posted_on DESC, id DESC);
CREATE INDEX jobs_feed_category ON jobs (status, category_slug, posted_on DESC, id DESC);
CREATE INDEX jobs_feed_group ON jobs (status, category_group_slug, posted_on DESC, id DESC);
