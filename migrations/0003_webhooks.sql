-- Webhook push: subscriptions, the (subscription, job) events recorded before anything is enqueued,
-- deliveries with their retry state, and every attempt. Times are epoch milliseconds (INTEGER).
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,                     -- 'wh_…'
  api_key_id TEXT NOT NULL,                -- owner (api_keys.id)
  url TEXT NOT NULL,
  filters TEXT NOT NULL,                   -- canonical JSON of the job filter (public /jobs names)
  dedupe_key TEXT UNIQUE,                  -- set for GET /jobs?webhook=true: key + url + filters, one subscription each
  format TEXT NOT NULL,                    -- json | slack | discord
  batch INTEGER NOT NULL,                  -- 1: up to 100 jobs per event
  description TEXT NOT NULL,
  active INTEGER NOT NULL,
  secret TEXT NOT NULL,                    -- 'whsec_' + base64 of 32 random bytes (needed in clear to sign)
  previous_secret TEXT,                    -- still signed with until previous_secret_until (rotation grace)
  previous_secret_until INTEGER,
  disabled_reason TEXT,
  disabled_kind TEXT,                      -- gone (410) | failing (5 days of failures) | owner
  failing_since INTEGER,                   -- first failed attempt since the last success
  last_success_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webhooks_owner ON webhooks (api_key_id, created_at);
CREATE INDEX webhooks_active ON webhooks (active);

-- One delivery = one event (one job, or up to 100 in batch mode) with a stable event_id (webhook-id).
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,                     -- 'dlv_…'
  webhook_id TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,           -- 'msg_…', the webhook-id header, stable across retries
  type TEXT NOT NULL,                      -- jobs.matched | webhook.test
  payload TEXT,                            -- frozen data for test events; matched jobs come from webhook_matches
  status TEXT NOT NULL,                    -- pending | delivered | failed
  attempts INTEGER NOT NULL DEFAULT 0,     -- every attempt ever
  round_attempts INTEGER NOT NULL DEFAULT 0, -- attempts since the last (re)start; drives the retry schedule
  last_status_code INTEGER,
  last_error TEXT,
  next_attempt_at INTEGER,                 -- when pending
  dispatch TEXT,                           -- token of the queue message currently responsible (older ones are dropped)
  lease_until INTEGER,                     -- an attempt in flight; stops a redelivered duplicate from sending twice
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  failed_at INTEGER
);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (status, next_attempt_at);

-- "At most once per (subscription, job), ever": the primary key is the guarantee.
CREATE TABLE webhook_matches (
  webhook_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  PRIMARY KEY (webhook_id, job_id)
) WITHOUT ROWID;
CREATE INDEX webhook_matches_delivery ON webhook_matches (delivery_id);

CREATE TABLE webhook_attempts (
  id INTEGER PRIMARY KEY,
  delivery_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  status_code INTEGER,
  duration_ms INTEGER NOT NULL,
  error TEXT,
  response_body TEXT                       -- first 1 KB
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- Queue messages that failed validation: recorded once and acknowledged, never retried forever.
CREATE TABLE queue_rejects (
  id INTEGER PRIMARY KEY,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,
  error TEXT NOT NULL,
  at INTEGER NOT NULL
);

-- How far (jobs.seq) new jobs have been matched: matching reads new jobs from D1 after this point, so
-- a run that crashed after storing jobs but before matching them is caught up by the next one.
CREATE TABLE push_cursor (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
