-- Lifecycle events and Telegram (docs/api.md#lifecycle-events, docs/api.md#telegram).

-- What a subscription is sent: a JSON array of event types (jobs.matched, jobs.updated, jobs.closed).
ALTER TABLE webhooks ADD COLUMN events TEXT NOT NULL DEFAULT '["jobs.matched"]';
-- format = telegram: the chat the bot posts to (a numeric id or @channel).
ALTER TABLE webhooks ADD COLUMN telegram_chat_id TEXT;

-- A job's history: every change of the fields a subscriber follows, written by the trigger below
-- whenever a stored job's document changes (search pages and the detail refresh alike), so no
-- writer can forget it. `changes` is {field: {from, to}}; the description only says {changed: true}.
CREATE TABLE job_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,    -- never reused: follow-ups remember the last one they sent
  job_id TEXT NOT NULL,
  at TEXT NOT NULL,                        -- the writer's clock (jobs.updated_at), ISO 8601
  changes TEXT NOT NULL
);
CREATE INDEX job_changes_job ON job_changes (job_id, id);

-- Follow-ups of a (subscription, job) match: the last event about this job sent to it (the match,
-- then each jobs.updated) opens the coalescing window; changes up to `changes_through`
-- (job_changes.id) were sent; `update_pending` marks unsent changes; jobs.closed goes once.
ALTER TABLE webhook_matches ADD COLUMN notified_at INTEGER;
ALTER TABLE webhook_matches ADD COLUMN changes_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_matches ADD COLUMN update_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_matches ADD COLUMN closed_sent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX webhook_matches_job ON webhook_matches (job_id);
CREATE INDEX webhook_matches_pending ON webhook_matches (update_pending) WHERE update_pending = 1;

CREATE TRIGGER jobs_record_changes AFTER UPDATE OF doc ON jobs
WHEN OLD.doc IS NOT NEW.doc AND json_valid(OLD.doc) AND json_valid(NEW.doc)
BEGIN
  -- One [field, change] pair per changed field (nulls for the others, dropped below): a single
  -- SELECT, since D1 caps compound SELECTs.
  INSERT INTO job_changes (job_id, at, changes)
  SELECT NEW.id, coalesce(NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), json_group_object(value ->> '$[0]', json(value -> '$[1]'))
  FROM json_each(json_array(
      CASE WHEN (OLD.doc -> '$.status') IS NOT (NEW.doc -> '$.status')
        THEN json_array('status', json_object('from', json(OLD.doc -> '$.status'), 'to', json(NEW.doc -> '$.status'))) END,
      CASE WHEN (OLD.doc -> '$.client_activity.total_applicants') IS NOT (NEW.doc -> '$.client_activity.total_applicants')
        THEN json_array('client_activity.total_applicants', json_object('from', json(OLD.doc -> '$.client_activity.total_applicants'), 'to', json(NEW.doc -> '$.client_activity.total_applicants'))) END,
      CASE WHEN (OLD.doc -> '$.client_activity.total_hired') IS NOT (NEW.doc -> '$.client_activity.total_hired')
        THEN json_array('client_activity.total_hired', json_object('from', json(OLD.doc -> '$.client_activity.total_hired'), 'to', json(NEW.doc -> '$.client_activity.total_hired'))) END,
      CASE WHEN (OLD.doc -> '$.client_activity.total_invited_to_interview') IS NOT (NEW.doc -> '$.client_activity.total_invited_to_interview')
        THEN json_array('client_activity.total_invited_to_interview', json_object('from', json(OLD.doc -> '$.client_activity.total_invited_to_interview'), 'to', json(NEW.doc -> '$.client_activity.total_invited_to_interview'))) END,
      CASE WHEN (OLD.doc -> '$.budget') IS NOT (NEW.doc -> '$.budget')
        THEN json_array('budget', json_object('from', json(OLD.doc -> '$.budget'), 'to', json(NEW.doc -> '$.budget'))) END,
      CASE WHEN (OLD.doc -> '$.hourly_budget') IS NOT (NEW.doc -> '$.hourly_budget')
        THEN json_array('hourly_budget', json_object('from', json(OLD.doc -> '$.hourly_budget'), 'to', json(NEW.doc -> '$.hourly_budget'))) END,
      CASE WHEN (OLD.doc -> '$.title') IS NOT (NEW.doc -> '$.title')
        THEN json_array('title', json_object('from', json(OLD.doc -> '$.title'), 'to', json(NEW.doc -> '$.title'))) END,
      CASE WHEN (OLD.doc -> '$.description') IS NOT (NEW.doc -> '$.description')
        THEN json_array('description', json_object('changed', json('true'))) END
  ))
  WHERE type <> 'null'
  HAVING count(*) > 0;
  -- The subscriptions that were sent this job and follow its updates or closing have news now.
  UPDATE webhook_matches SET update_pending = 1
  WHERE job_id = NEW.id AND update_pending = 0
    AND changes_through < (SELECT coalesce(max(id), 0) FROM job_changes WHERE job_id = NEW.id)
    AND webhook_id IN (SELECT id FROM webhooks WHERE events <> '["jobs.matched"]');
END;

-- A job's history lives as long as the job.
CREATE TRIGGER jobs_forget_changes AFTER DELETE ON jobs
BEGIN
  DELETE FROM job_changes WHERE job_id = OLD.id;
END;

