-- Ingestion: one row per run (GET /admin/runs), the Upwork OAuth2 token pair, and small shared state
-- (the run lock, the demo source's counter, the daily upstream request count).
CREATE TABLE scrape_runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,                    -- demo | upwork | relay
  trigger TEXT NOT NULL,                   -- cron | admin
  status TEXT NOT NULL,                    -- running | ok | partial | failed | skipped
  started_at TEXT NOT NULL,
  finished_at TEXT,
  fetched INTEGER NOT NULL DEFAULT 0,      -- items received from upstream (before de-duplication)
  new INTEGER NOT NULL DEFAULT 0,          -- jobs stored for the first time
  updated INTEGER NOT NULL DEFAULT 0,      -- existing jobs whose content changed (search or detail refresh)
  unchanged INTEGER NOT NULL DEFAULT 0,
  refreshed INTEGER NOT NULL DEFAULT 0,    -- jobs re-checked with the detail query
  closed INTEGER NOT NULL DEFAULT 0,       -- of those, found closed
  deleted INTEGER NOT NULL DEFAULT 0,      -- removed by retention
  skipped INTEGER NOT NULL DEFAULT 0,      -- malformed items left out
  skip_reasons TEXT NOT NULL DEFAULT '{}', -- JSON object: reason -> count
  requests INTEGER NOT NULL DEFAULT 0,     -- upstream HTTP requests, retries and token refreshes included
  error TEXT
);
CREATE INDEX scrape_runs_started ON scrape_runs (started_at DESC, id DESC);
CREATE INDEX scrape_runs_ok ON scrape_runs (status, finished_at DESC);

-- The newest OAuth2 pair for the operator's Upwork app. Refresh tokens rotate on every refresh, so
-- the pair in D1 wins over the UPWORK_REFRESH_TOKEN secret, unless that secret changes (seed_hash).
CREATE TABLE upwork_tokens (
  client_id TEXT PRIMARY KEY,
  access_token TEXT,
  refresh_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL,             -- epoch ms; 0 = must refresh before use
  seed_hash TEXT NOT NULL,                 -- SHA-256 of the UPWORK_REFRESH_TOKEN this pair descends from
  updated_at TEXT NOT NULL
);

-- Small named values: 'lock:ingest' (holder + expiry), 'demo:counter', 'requests:YYYY-MM-DD'.
CREATE TABLE ingest_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires_at INTEGER                       -- epoch ms, for locks
);

-- The detail refresh walks open jobs least recently seen first; retention finds long-closed jobs.
CREATE INDEX jobs_refresh ON jobs (status, last_seen, posted_on);
CREATE INDEX jobs_closed ON jobs (status, updated_at);

-- Re-scrapes rewrite every content column of a changed job, but usually only client activity
-- changed: reindex FTS and terms only when the searched text or terms really differ.
DROP TRIGGER jobs_au_search;
CREATE TRIGGER jobs_au_search AFTER UPDATE OF title, description, search_skills, search_tags ON jobs
WHEN old.title IS NOT new.title OR old.description IS NOT new.description
  OR old.search_skills IS NOT new.search_skills OR old.search_tags IS NOT new.search_tags
BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.seq;
  INSERT INTO jobs_fts (rowid, title, description, skills, tags)
    VALUES (new.seq, new.title, new.description, new.search_skills, new.search_tags);
END;

DROP TRIGGER jobs_au_terms;
CREATE TRIGGER jobs_au_terms AFTER UPDATE OF skill_terms, tag_terms ON jobs
WHEN old.skill_terms IS NOT new.skill_terms OR old.tag_terms IS NOT new.tag_terms
BEGIN
  DELETE FROM job_terms WHERE job_seq = old.seq;
  INSERT OR IGNORE INTO job_terms (term, job_seq, is_skill)
    SELECT value, new.seq, 1 FROM json_each(new.skill_terms);
  INSERT OR IGNORE INTO job_terms (term, job_seq, is_skill)
    SELECT value, new.seq, 0 FROM json_each(new.tag_terms);
END;
