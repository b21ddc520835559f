-- GET /categories (docs/api.md#categories) counts stored jobs per (group, category) and their open
-- ones. Without this index SQLite read every row, documents included, to group them: 1.15 s at
-- 100,000 jobs in local D1's SQLite. Grouping this index in its own order reads no row: 15 ms.
CREATE INDEX jobs_categories ON jobs (category_group_slug, category_slug, status);
