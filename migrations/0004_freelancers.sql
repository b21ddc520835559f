-- Freelancer profiles as served by GET /freelancers and GET /search_freelancers, in two tables that
-- share `seq`: `freelancers` holds only what filters and sorts read (narrow rows, so a filter or count
-- over 50,000 profiles scans a few MB), `freelancer_docs` holds the text and the seed 004 object exactly
-- as the API returns it (hidden JSS/earnings already null), read only for the rows of the page.
CREATE TABLE freelancers (
  seq INTEGER PRIMARY KEY,                 -- shared with freelancer_docs and freelancers_fts; last pagination tie-break
  ciphertext TEXT NOT NULL UNIQUE,         -- Upwork's profile id (~01…): profiles are de-duplicated on it
  country_code TEXT,                       -- ISO 3166-1 alpha-2 when the country is known
  country_key TEXT,                        -- lower-cased country name, for names without a code
  hourly_rate REAL,                        -- NULL when no rate is shown
  job_success REAL,                        -- 0-1; NULL when hidden or not earned yet
  total_earnings REAL,                     -- NULL when hidden
  badge INTEGER NOT NULL                   -- 0 none, 1 Top Rated, 2 Top Rated Plus
);

-- Sorts walk these (seq breaks ties); the country filter looks codes up.
CREATE INDEX freelancers_rate ON freelancers (hourly_rate, seq);
CREATE INDEX freelancers_jss ON freelancers (job_success, seq);
CREATE INDEX freelancers_earnings ON freelancers (total_earnings, seq);
CREATE INDEX freelancers_country ON freelancers (country_code);

CREATE TABLE freelancer_docs (
  seq INTEGER PRIMARY KEY,                 -- = freelancers.seq
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  search_skills TEXT NOT NULL,             -- skills joined by spaces (feeds freelancers_fts)
  skill_terms TEXT NOT NULL,               -- JSON array of lower-cased skills (feeds freelancer_skills)
  doc TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Exact (case-insensitive) skill membership for the skills filter.
CREATE TABLE freelancer_skills (
  term TEXT NOT NULL,
  freelancer_seq INTEGER NOT NULL,
  PRIMARY KEY (term, freelancer_seq)
) WITHOUT ROWID;
CREATE INDEX freelancer_skills_seq ON freelancer_skills (freelancer_seq);

-- Keyword search ranked by bm25. External content: the text lives once, in freelancer_docs.
-- Same tokenizer as jobs_fts (whole words, case-folded, no stemming), so `query` means what `q` means.
CREATE VIRTUAL TABLE freelancers_fts USING fts5 (
  name, title, description, search_skills,
  content = 'freelancer_docs', content_rowid = 'seq',
  tokenize = "unicode61 remove_diacritics 0"
);

CREATE TRIGGER freelancer_docs_ai AFTER INSERT ON freelancer_docs BEGIN
  INSERT INTO freelancers_fts (rowid, name, title, description, search_skills)
    VALUES (new.seq, new.name, new.title, new.description, new.search_skills);
  INSERT OR IGNORE INTO freelancer_skills (term, freelancer_seq)
    SELECT value, new.seq FROM json_each(new.skill_terms);
END;

CREATE TRIGGER freelancer_docs_ad AFTER DELETE ON freelancer_docs BEGIN
  INSERT INTO freelancers_fts (freelancers_fts, rowid, name, title, description, search_skills)
    VALUES ('delete', old.seq, old.name, old.title, old.description, old.search_skills);
  DELETE FROM freelancer_skills WHERE freelancer_seq = old.seq;
END;

CREATE TRIGGER freelancer_docs_au_search AFTER UPDATE OF name, title, description, search_skills ON freelancer_docs BEGIN
  INSERT INTO freelancers_fts (freelancers_fts, rowid, name, title, description, search_skills)
    VALUES ('delete', old.seq, old.name, old.title, old.description, old.search_skills);
  INSERT INTO freelancers_fts (rowid, name, title, description, search_skills)
    VALUES (new.seq, new.name, new.title, new.description, new.search_skills);
END;

CREATE TRIGGER freelancer_docs_au_skills AFTER UPDATE OF skill_terms ON freelancer_docs BEGIN
  DELETE FROM freelancer_skills WHERE freelancer_seq = old.seq;
  INSERT OR IGNORE INTO freelancer_skills (term, freelancer_seq)
    SELECT value, new.seq FROM json_each(new.skill_terms);
END;

-- Deleting a profile deletes its document (and through it the search entries).
CREATE TRIGGER freelancers_ad AFTER DELETE ON freelancers BEGIN
  DELETE FROM freelancer_docs WHERE seq = old.seq;
END;

-- When each configured search was last refreshed, so the 5-minute cron refreshes profiles on their own
-- (slower) interval, and operators can see what happened.
CREATE TABLE freelancer_searches (
  source TEXT NOT NULL,
  query TEXT NOT NULL,
  refreshed_at TEXT NOT NULL,
  fetched INTEGER NOT NULL,
  new INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  error TEXT,
  PRIMARY KEY (source, query)
);
