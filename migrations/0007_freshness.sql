-- Freshness (docs/architecture.md#freshness): a job's received_at is its first_seen (when this
-- deployment first stored it). /health reads the jobs received in the last hour (count and lag), and
-- feeds list the newest received first: both walk this index.
CREATE INDEX jobs_first_seen ON jobs (first_seen);
