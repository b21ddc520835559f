-- Jobs as served by GET /jobs. `doc` holds the job object exactly as the API returns it; the other
-- columns are copies of the fields the filters query, so every filter can use an index.
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY,                 -- stable rowid shared with jobs_fts and job_terms
  id TEXT NOT NULL UNIQUE,
  posted_on TEXT NOT NULL,                 -- 'YYYY-MM-DDTHH:MM:SSZ', sorts as text
  status INTEGER NOT NULL,                 -- 1 open, 2 closed
  job_type INTEGER NOT NULL,               -- 1 hourly, 2 fixed
  contractor_tier INTEGER NOT NULL,        -- 1 entry, 2 intermediate, 3 expert
  category_slug TEXT NOT NULL,
  category_group_slug TEXT NOT NULL,
  engagement TEXT NOT NULL,
  is_private INTEGER NOT NULL,
  fixed_amount REAL,                       -- fixed-price jobs only
  hourly_min REAL,                         -- hourly jobs only
  hourly_max REAL,                         -- NULL when the client gave only a minimum
  payment_verified INTEGER NOT NULL,
  country TEXT,                            -- buyer.country, ISO 3166-1 alpha-2
  total_spent REAL NOT NULL,
  jobs_with_hires INTEGER NOT NULL,
  total_applicants INTEGER NOT NULL,
  skill_terms TEXT NOT NULL,               -- JSON array of lower-cased skills (feeds job_terms)
  tag_terms TEXT NOT NULL,                 -- JSON array of lower-cased tags (feeds job_terms)
  search_skills TEXT NOT NULL,             -- skills joined by spaces (feeds jobs_fts)
  search_tags TEXT NOT NULL,               -- tags joined by spaces (feeds jobs_fts)
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  doc TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The default feed (status=open, newest first) and keyset pagination walk this index.
CREATE INDEX jobs_feed ON jobs (status, posted_on DESC, id DESC);
CREATE INDEX jobs_posted ON jobs (posted_on DESC, id DESC);
CREATE INDEX jobs_country ON jobs (country, posted_on DESC);
CREATE INDEX jobs_category ON jobs (category_slug, posted_on DESC);
CREATE INDEX jobs_group ON jobs (category_group_slug, posted_on DESC);
CREATE INDEX jobs_last_seen ON jobs (last_seen);

-- Exact (case-insensitive) skill/tag membership: one row per distinct term of a job.
CREATE TABLE job_terms (
  term TEXT NOT NULL,
  job_seq INTEGER NOT NULL,
  is_skill INTEGER NOT NULL,               -- 1 skill, 0 tag
  PRIMARY KEY (term, job_seq, is_skill)
) WITHOUT ROWID;
CREATE INDEX job_terms_job ON job_terms (job_seq);

-- Keyword search. unicode61 without diacritic removal and without stemming: whole words, case-folded.
-- The in-memory matcher (src/jobs/keyword.ts) tokenizes the same way.
CREATE VIRTUAL TABLE jobs_fts USING fts5 (
  title, description, skills, tags,
  tokenize = "unicode61 remove_diacritics 0"
);

-- Triggers keep jobs_fts and job_terms in step with jobs, whatever writes to jobs.
CREATE TRIGGER jobs_ai AFTER INSERT ON jobs BEGIN
  INSERT INTO jobs_fts (rowid, title, description, skills, tags)
    VALUES (new.seq, new.title, new.description, new.search_skills, new.search_tags);
  INSERT OR IGNORE INTO job_terms (term, job_seq, is_skill)
    SELECT value, new.seq, 1 FROM json_each(new.skill_terms);
  INSERT OR IGNORE INTO job_terms (term, job_seq, is_skill)
    SELECT value, new.seq, 0 FROM json_each(new.tag_terms);
END;

CREATE TRIGGER jobs_ad AFTER DELETE ON jobs BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.seq;
  DELETE FROM job_terms WHERE job_seq = old.seq;
END;

CREATE TRIGGER jobs_au_search AFTER UPDATE OF title, description, search_skills, search_tags ON jobs BEGIN
  DELETE FROM jobs_fts WHERE rowid = old.seq;
  INSERT INTO jobs_fts (rowid, title, description, skills, tags)
    VALUES (new.seq, new.title, new.description, new.search_skills, new.search_tags);
END;

CREATE TRIGGER jobs_au_terms AFTER UPDATE OF skill_terms, tag_terms ON jobs BEGIN
  DELETE FROM job_terms WHERE job_seq = old.seq;
  INSERT OR IGNORE INTO job_terms (term, job_seq, is_skill)
    SELECT value, new.seq, 1 FROM json_each(new.skill_terms);
  INSERT OR IGNORE INTO job_terms (term, job_seq, is_skill)
    SELECT value, new.seq, 0 FROM json_each(new.tag_terms);
END;

-- API keys: only the SHA-256 of the key is stored; the plaintext is shown once on creation.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tier TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,                -- first characters, to recognise a key in listings
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
