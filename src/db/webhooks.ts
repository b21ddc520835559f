// Data access for webhook push (tables of migrations/0003_webhooks.sql). Plain D1 statements with
// bound parameters; many rows travel as ONE JSON parameter (json_each) to stay under D1's limits.

export interface WebhookRow {
  id: string;
  api_key_id: string;
  url: string;
  filters: string;
  dedupe_key: string | null;
  format: "json" | "slack" | "discord";
  batch: number;
  description: string;
  active: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: number | null;
  disabled_reason: string | null;
  disabled_kind: "gone" | "failing" | "owner" | null;
  failing_since: number | null;
  last_success_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  type: "jobs.matched" | "webhook.test";
  payload: string | null;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  round_attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  dispatch: string | null;
  lease_until: number | null;
  created_at: number;
  delivered_at: number | null;
  failed_at: number | null;
}

export interface AttemptRow {
  id: number;
  delivery_id: string;
  at: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
}

/** A queue message's worth: which delivery, and which dispatch of it (older dispatches are dropped). */
export interface Dispatch {
  delivery_id: string;
  dispatch: string;
}

const NEW_DISPATCH = "lower(hex(randomblob(8)))";

// ---- subscriptions ----------------------------------------------------------------------------

const WEBHOOK_COLUMNS = [
  "id",
  "api_key_id",
  "url",
  "filters",
  "dedupe_key",
  "format",
  "batch",
  "description",
  "active",
  "secret",
  "previous_secret",
  "previous_secret_until",
  "disabled_reason",
  "disabled_kind",
  "failing_since",
  "last_success_at",
  "created_at",
  "updated_at",
] as const;

/**
 * Inserts an active subscription unless the owner already has `cap` active ones (null = no cap),
 * in one statement so parallel creates cannot overshoot. A row with the same dedupe_key wins.
 */
export async function insertWebhook(d1: D1Database, row: WebhookRow, cap: number | null): Promise<WebhookRow | null> {
  const cols = WEBHOOK_COLUMNS.join(", ");
  const params = WEBHOOK_COLUMNS.map((c) => row[c]);
  const stmt = d1
    .prepare(
      `INSERT INTO webhooks (${cols}) SELECT ${WEBHOOK_COLUMNS.map((_, i) => `?${i + 1}`).join(", ")}
       WHERE ?${params.length + 1} IS NULL
          OR (SELECT count(*) FROM webhooks WHERE api_key_id = ?2 AND active = 1) < ?${params.length + 1}
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING *`,
    )
    .bind(...params, cap);
  return (await stmt.first<WebhookRow>()) ?? null;
}

export async function findWebhookByDedupeKey(d1: D1Database, dedupeKey: string): Promise<WebhookRow | null> {
  return d1.prepare("SELECT * FROM webhooks WHERE dedupe_key = ?").bind(dedupeKey).first<WebhookRow>();
}

export async function getWebhook(d1: D1Database, id: string, ownerId: string): Promise<WebhookRow | null> {
  return d1.prepare("SELECT * FROM webhooks WHERE id = ? AND api_key_id = ?").bind(id, ownerId).first<WebhookRow>();
}

export async function getWebhookById(d1: D1Database, id: string): Promise<WebhookRow | null> {
  return d1.prepare("SELECT * FROM webhooks WHERE id = ?").bind(id).first<WebhookRow>();
}

export async function listWebhooks(d1: D1Database, ownerId: string): Promise<WebhookRow[]> {
  const r = await d1
    .prepare("SELECT * FROM webhooks WHERE api_key_id = ? ORDER BY created_at DESC, id DESC")
    .bind(ownerId)
    .all<WebhookRow>();
  return r.results;
}

export type WebhookPatch = Partial<
  Pick<
    WebhookRow,
    | "url"
    | "filters"
    | "dedupe_key"
    | "format"
    | "batch"
    | "description"
    | "active"
    | "disabled_reason"
    | "disabled_kind"
    | "failing_since"
    | "secret"
    | "previous_secret"
    | "previous_secret_until"
  >
>;

const PATCHABLE = new Set<string>([
  "url",
  "filters",
  "dedupe_key",
  "format",
  "batch",
  "description",
  "active",
  "disabled_reason",
  "disabled_kind",
  "failing_since",
  "secret",
  "previous_secret",
  "previous_secret_until",
]);

/**
 * Applies a patch; when it (re)activates the subscription, only if the owner stays within `cap`.
 * Returns null when the row does not exist, "cap" when activation would exceed the cap.
 */
export async function updateWebhook(
  d1: D1Database,
  id: string,
  ownerId: string,
  patch: WebhookPatch,
  now: number,
  cap: number | null,
): Promise<WebhookRow | null | "cap"> {
  const entries = Object.entries(patch).filter(([k, v]) => PATCHABLE.has(k) && v !== undefined);
  const sets = entries.map(([k], i) => `${k} = ?${i + 4}`); // names come from PATCHABLE, never from input
  const activating = patch.active === 1;
  // ?3 is the cap, checked only when this patch switches the subscription on.
  const capClause = activating
    ? "AND (active = 1 OR ?3 IS NULL OR (SELECT count(*) FROM webhooks WHERE api_key_id = ?2 AND active = 1) < ?3)"
    : "";
  const row = await d1
    .prepare(
      `UPDATE webhooks SET ${[...sets, `updated_at = ?${entries.length + 4}`].join(", ")} WHERE id = ?1 AND api_key_id = ?2 ${capClause} RETURNING *`,
    )
    .bind(id, ownerId, cap, ...entries.map(([, v]) => v), now)
    .first<WebhookRow>();
  if (row) return row;
  if (!activating) return null;
  return (await getWebhook(d1, id, ownerId)) ? "cap" : null;
}

export async function deleteWebhook(d1: D1Database, id: string, ownerId: string): Promise<boolean> {
  const owned = await getWebhook(d1, id, ownerId);
  if (!owned) return false;
  await d1.batch([
    d1.prepare("DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE webhook_id = ?)").bind(id),
    d1.prepare("DELETE FROM webhook_matches WHERE webhook_id = ?").bind(id),
    d1.prepare("DELETE FROM webhook_deliveries WHERE webhook_id = ?").bind(id),
    d1.prepare("DELETE FROM webhooks WHERE id = ? AND api_key_id = ?").bind(id, ownerId),
  ]);
  return true;
}

export interface MatchingRow {
  id: string;
  filters: string;
  format: WebhookRow["format"];
  batch: number;
  active: number;
  disabled_reason: string | null;
  updated_at: number;
}

/**
 * Subscriptions new jobs are matched against: active ones, plus those disabled for failing (their
 * matches are recorded as failed so re-enabling and replaying recovers them), whose owner key is
 * active and of a tier that has webhooks.
 */
export async function subscriptionsForMatching(d1: D1Database, tiersWithWebhooks: string[]): Promise<MatchingRow[]> {
  const r = await d1
    .prepare(
      `SELECT w.id, w.filters, w.format, w.batch, w.active, w.disabled_reason, w.updated_at
       FROM webhooks w JOIN api_keys k ON k.id = w.api_key_id
       WHERE (w.active = 1 OR w.disabled_kind = 'failing') AND k.active = 1
         AND k.tier IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(tiersWithWebhooks))
    .all<MatchingRow>();
  return r.results;
}

// ---- events and deliveries --------------------------------------------------------------------

export interface NewDelivery {
  id: string;
  webhook_id: string;
  event_id: string;
  status: "pending" | "failed";
  last_error: string | null;
  job_ids: string[];
}

const CHUNK_BYTES = 500_000;

/**
 * Records (subscription, job) events and their deliveries atomically, per chunk. A pair already
 * recorded is skipped, and a delivery is created only if at least one of its pairs is new, so a
 * job reaches a subscription at most once however often it is announced. Returns the pending
 * deliveries created, ready to enqueue.
 */
export async function recordEvents(d1: D1Database, deliveries: NewDelivery[], now: number): Promise<Dispatch[]> {
  const out: Dispatch[] = [];
  let matches: string[] = [];
  let rows: string[] = [];
  let size = 0;
  const flush = async () => {
    if (!rows.length) return;
    const [, inserted] = await d1.batch<Dispatch>([
      d1
        .prepare(
          `INSERT INTO webhook_matches (webhook_id, job_id, delivery_id)
         SELECT json_extract(value, '$.w'), json_extract(value, '$.j'), json_extract(value, '$.d') FROM json_each(?1)
         WHERE true ON CONFLICT DO NOTHING`,
        )
        .bind(`[${matches.join(",")}]`),
      d1
        .prepare(
          `INSERT INTO webhook_deliveries (id, webhook_id, event_id, type, status, last_error, next_attempt_at, dispatch, created_at, failed_at)
         SELECT json_extract(value, '$.id'), json_extract(value, '$.webhook_id'), json_extract(value, '$.event_id'), 'jobs.matched',
                json_extract(value, '$.status'), json_extract(value, '$.last_error'),
                CASE json_extract(value, '$.status') WHEN 'pending' THEN ?2 END,
                CASE json_extract(value, '$.status') WHEN 'pending' THEN ${NEW_DISPATCH} END,
                ?2, CASE json_extract(value, '$.status') WHEN 'failed' THEN ?2 END
         FROM json_each(?1)
         WHERE EXISTS (SELECT 1 FROM webhook_matches m WHERE m.delivery_id = json_extract(value, '$.id'))
         RETURNING id AS delivery_id, dispatch`,
        )
        .bind(`[${rows.join(",")}]`, now),
    ]);
    for (const r of inserted!.results) if (r.dispatch) out.push(r);
    matches = [];
    rows = [];
    size = 0;
  };
  for (const d of deliveries) {
    const m = d.job_ids.map((j) => JSON.stringify({ w: d.webhook_id, j, d: d.id }));
    const { job_ids: _, ...rest } = d;
    const row = JSON.stringify(rest);
    const bytes = m.reduce((n, s) => n + s.length + 1, row.length + 1);
    if (size + bytes > CHUNK_BYTES) await flush();
    matches.push(...m);
    rows.push(row);
    size += bytes;
  }
  await flush();
  return out;
}

/** A single delivery outside the matching path (test events). */
export async function insertDelivery(
  d1: D1Database,
  row: Pick<DeliveryRow, "id" | "webhook_id" | "event_id" | "type" | "payload">,
  now: number,
): Promise<DeliveryRow> {
  return (await d1
    .prepare(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, type, payload, status, next_attempt_at, dispatch, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ${NEW_DISPATCH}, ?) RETURNING *`,
    )
    .bind(row.id, row.webhook_id, row.event_id, row.type, row.payload, now, now)
    .first<DeliveryRow>())!;
}

export interface Claim {
  delivery: DeliveryRow;
  webhook: WebhookRow | null;
  jobDocs: string[];
}

export type DeliveryState = Pick<DeliveryRow, "id" | "status" | "dispatch" | "next_attempt_at" | "lease_until">;

/**
 * Takes the lease on every due, pending delivery of these dispatches, in ONE round trip that also
 * reads their subscriptions and jobs, and the state of those it could not take (held by someone
 * else, not due, done, or superseded by a newer dispatch).
 */
export async function claimDeliveries(
  d1: D1Database,
  dispatches: Dispatch[],
  now: number,
  leaseMs: number,
): Promise<{ claims: Map<string, Claim>; states: Map<string, DeliveryState> }> {
  const pairs = JSON.stringify(dispatches.map((d) => [d.delivery_id, d.dispatch]));
  const ids = JSON.stringify(dispatches.map((d) => d.delivery_id));
  const [claimed, states, webhooks, jobs] = await d1.batch([
    d1
      .prepare(
        // UPDATE … FROM joins on the primary key: one index lookup per message, however large the table.
        `UPDATE webhook_deliveries SET lease_until = ?2
       FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS dispatch FROM json_each(?1)) AS r
       WHERE webhook_deliveries.id = r.id AND webhook_deliveries.dispatch = r.dispatch AND status = 'pending'
         AND (lease_until IS NULL OR lease_until <= ?3) AND next_attempt_at <= ?3 + 1000
       RETURNING *`,
      )
      .bind(pairs, now + leaseMs, now),
    d1
      .prepare(
        "SELECT id, status, dispatch, next_attempt_at, lease_until FROM webhook_deliveries WHERE id IN (SELECT value FROM json_each(?1))",
      )
      .bind(ids),
    d1
      .prepare(
        "SELECT * FROM webhooks WHERE id IN (SELECT webhook_id FROM webhook_deliveries WHERE id IN (SELECT value FROM json_each(?1)))",
      )
      .bind(ids),
    d1
      .prepare(
        `SELECT m.delivery_id, j.doc FROM webhook_matches m JOIN jobs j ON j.id = m.job_id
       WHERE m.delivery_id IN (SELECT value FROM json_each(?1)) ORDER BY j.posted_on DESC, j.id DESC`,
      )
      .bind(ids),
  ]);
  const byWebhook = new Map((webhooks!.results as WebhookRow[]).map((w) => [w.id, w]));
  const docs = new Map<string, string[]>();
  for (const r of jobs!.results as { delivery_id: string; doc: string }[]) {
    const list = docs.get(r.delivery_id);
    if (list) list.push(r.doc);
    else docs.set(r.delivery_id, [r.doc]);
  }
  const claims = new Map<string, Claim>();
  for (const d of claimed!.results as DeliveryRow[]) {
    claims.set(d.id, { delivery: d, webhook: byWebhook.get(d.webhook_id) ?? null, jobDocs: docs.get(d.id) ?? [] });
  }
  return { claims, states: new Map((states!.results as DeliveryState[]).map((s) => [s.id, s])) };
}

export interface AttemptRecord {
  deliveryId: string;
  webhookId: string;
  at: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  /** What happens next: delivered, failed for good, a retry at `nextAttemptAt`, or handed to the DLQ. */
  result: "delivered" | "failed" | "retry" | "dead-letter";
  nextAttemptAt: number | null;
  /** 410 Gone: the subscription is switched off with this reason. */
  deactivate: string | null;
}

export interface Ending {
  dispatch: Dispatch;
  error: string;
  /** The error only fills in when none is recorded (dead letters keep the last attempt's error). */
  keepLastError?: boolean;
}

/**
 * Stores a batch of attempts and their consequences (delivery state, subscription health: success,
 * failing since, 5-day auto-disable, 410 deactivation) plus deliveries ended without an attempt,
 * atomically and in one round trip whatever the batch size.
 */
export async function recordOutcomes(
  d1: D1Database,
  attempts: AttemptRecord[],
  endings: Ending[],
  now: number,
  autoDisableMs: number,
): Promise<void> {
  const stmts: D1PreparedStatement[] = [];
  if (attempts.length) {
    const rows = JSON.stringify(attempts);
    const col = (name: keyof AttemptRecord) => `json_extract(value, '$.${name}')`;
    stmts.push(
      d1
        .prepare(
          `INSERT INTO webhook_attempts (delivery_id, at, status_code, duration_ms, error, response_body)
         SELECT ${col("deliveryId")}, ${col("at")}, ${col("statusCode")}, ${col("durationMs")}, ${col("error")}, ${col("responseBody")} FROM json_each(?1)`,
        )
        .bind(rows),
      d1
        .prepare(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, round_attempts = round_attempts + 1,
           last_status_code = r.code, last_error = r.error, lease_until = NULL,
           status = CASE r.result WHEN 'delivered' THEN 'delivered' WHEN 'failed' THEN 'failed' ELSE 'pending' END,
           delivered_at = CASE r.result WHEN 'delivered' THEN r.at ELSE delivered_at END,
           failed_at = CASE r.result WHEN 'failed' THEN r.at ELSE NULL END,
           next_attempt_at = r.next
         FROM (SELECT ${col("deliveryId")} AS id, ${col("statusCode")} AS code, ${col("error")} AS error, ${col("result")} AS result,
                      ${col("at")} AS at, ${col("nextAttemptAt")} AS next FROM json_each(?1)) AS r
         WHERE webhook_deliveries.id = r.id`,
        )
        .bind(rows),
    );
    const ok = new Set(attempts.filter((a) => a.result === "delivered").map((a) => a.webhookId));
    const gone = new Map(attempts.filter((a) => a.deactivate).map((a) => [a.webhookId, a.deactivate!]));
    // A subscription with any success in this batch is healthy; the others are failing.
    const failing = [
      ...new Set(
        attempts.filter((a) => a.result !== "delivered" && !ok.has(a.webhookId) && !gone.has(a.webhookId)).map((a) => a.webhookId),
      ),
    ];
    if (ok.size) {
      stmts.push(
        d1
          .prepare("UPDATE webhooks SET last_success_at = ?2, failing_since = NULL WHERE id IN (SELECT value FROM json_each(?1))")
          .bind(JSON.stringify([...ok]), now),
      );
    }
    if (gone.size) {
      stmts.push(
        d1
          .prepare(
            `UPDATE webhooks SET active = 0, disabled_kind = 'gone', disabled_reason = json_extract(?1, '$."' || id || '"'), updated_at = ?2
           WHERE id IN (SELECT key FROM json_each(?1))`,
          )
          .bind(JSON.stringify(Object.fromEntries(gone)), now),
      );
    }
    if (failing.length) {
      const ids = JSON.stringify(failing);
      stmts.push(
        d1
          .prepare("UPDATE webhooks SET failing_since = COALESCE(failing_since, ?2) WHERE id IN (SELECT value FROM json_each(?1))")
          .bind(ids, now),
        d1
          .prepare(
            `UPDATE webhooks SET active = 0, disabled_kind = 'failing', updated_at = ?2,
             disabled_reason = 'Disabled automatically: every delivery failed since ' || strftime('%Y-%m-%dT%H:%M:%SZ', failing_since / 1000, 'unixepoch') || '. Fix the receiver, set active to true and replay.'
           WHERE id IN (SELECT value FROM json_each(?1)) AND active = 1 AND failing_since <= ?2 - ?3`,
          )
          .bind(ids, now, autoDisableMs),
      );
    }
  }
  if (endings.length) {
    stmts.push(
      d1
        .prepare(
          `UPDATE webhook_deliveries SET status = 'failed', failed_at = ?2, next_attempt_at = NULL, lease_until = NULL,
           last_error = CASE WHEN r.keep = 1 THEN COALESCE(last_error, r.error) ELSE r.error END
         FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.dispatch') AS dispatch,
                      json_extract(value, '$.error') AS error, json_extract(value, '$.keep') AS keep FROM json_each(?1)) AS r
         WHERE webhook_deliveries.id = r.id AND webhook_deliveries.dispatch = r.dispatch AND webhook_deliveries.status = 'pending'`,
        )
        .bind(
          JSON.stringify(
            endings.map((e) => ({
              id: e.dispatch.delivery_id,
              dispatch: e.dispatch.dispatch,
              error: e.error,
              keep: e.keepLastError ? 1 : 0,
            })),
          ),
          now,
        ),
    );
  }
  if (stmts.length) await d1.batch(stmts);
}

/** Pending deliveries whose queue message seems lost (overdue and not leased): a fresh dispatch each. */
export async function redispatchStale(d1: D1Database, now: number, staleMs: number, limit: number): Promise<Dispatch[]> {
  const r = await d1
    .prepare(
      `UPDATE webhook_deliveries SET dispatch = ${NEW_DISPATCH}, next_attempt_at = ?1
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at < ?1 - ?2
                      AND (lease_until IS NULL OR lease_until < ?1) LIMIT ?3)
       RETURNING id AS delivery_id, dispatch`,
    )
    .bind(now, staleMs, limit)
    .all<Dispatch>();
  return r.results;
}

/** Owner retry / replay: starts a fresh round of the schedule for these deliveries. */
export async function restartDeliveries(
  d1: D1Database,
  webhookId: string,
  where: { deliveryId: string } | { failedSince: number },
  now: number,
): Promise<Dispatch[]> {
  const cond = "deliveryId" in where ? "id = ?3" : "status = 'failed' AND created_at >= ?3";
  const r = await d1
    .prepare(
      `UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = ?2, failed_at = NULL,
         lease_until = NULL, dispatch = ${NEW_DISPATCH}
       WHERE webhook_id = ?1 AND ${cond}
       RETURNING id AS delivery_id, dispatch`,
    )
    .bind(webhookId, now, "deliveryId" in where ? where.deliveryId : where.failedSince)
    .all<Dispatch>();
  return r.results;
}

export async function getDelivery(d1: D1Database, webhookId: string, id: string): Promise<DeliveryRow | null> {
  return d1.prepare("SELECT * FROM webhook_deliveries WHERE id = ? AND webhook_id = ?").bind(id, webhookId).first<DeliveryRow>();
}

export interface DeliveryWithAttempts extends DeliveryRow {
  job_ids: string[];
  attempt_log: AttemptRow[];
}

/** A page of a subscription's deliveries, newest first, each with its jobs and attempts. */
export async function listDeliveries(
  d1: D1Database,
  webhookId: string,
  opts: { limit: number; status?: string; before?: { createdAt: number; id: string } },
): Promise<DeliveryWithAttempts[]> {
  const rows = (
    await d1
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE webhook_id = ?1 AND (?2 IS NULL OR status = ?2)
           AND (?3 IS NULL OR (created_at, id) < (?3, ?4))
         ORDER BY created_at DESC, id DESC LIMIT ?5`,
      )
      .bind(webhookId, opts.status ?? null, opts.before?.createdAt ?? null, opts.before?.id ?? "", opts.limit)
      .all<DeliveryRow>()
  ).results;
  return withDetails(d1, rows);
}

export async function withDetails(d1: D1Database, rows: DeliveryRow[]): Promise<DeliveryWithAttempts[]> {
  if (!rows.length) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const [attempts, matches] = await d1.batch([
    d1.prepare("SELECT * FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id").bind(ids),
    d1.prepare("SELECT delivery_id, job_id FROM webhook_matches WHERE delivery_id IN (SELECT value FROM json_each(?))").bind(ids),
  ]);
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const a of attempts!.results as AttemptRow[]) {
    const list = byDelivery.get(a.delivery_id) ?? [];
    list.push(a);
    byDelivery.set(a.delivery_id, list);
  }
  const jobs = new Map<string, string[]>();
  for (const m of matches!.results as { delivery_id: string; job_id: string }[]) {
    const list = jobs.get(m.delivery_id) ?? [];
    list.push(m.job_id);
    jobs.set(m.delivery_id, list);
  }
  return rows.map((r) => ({ ...r, job_ids: jobs.get(r.id) ?? [], attempt_log: byDelivery.get(r.id) ?? [] }));
}

export async function recordRejects(
  d1: D1Database,
  queue: string,
  rejects: { body: unknown; error: string }[],
  now: number,
): Promise<void> {
  const rows = rejects.map((r) => {
    let text: string;
    try {
      text = JSON.stringify(r.body) ?? String(r.body);
    } catch {
      text = String(r.body);
    }
    return { body: text.slice(0, 2000), error: r.error.slice(0, 1000) };
  });
  await d1
    .prepare(
      `INSERT INTO queue_rejects (queue, body, error, at)
       SELECT ?1, json_extract(value, '$.body'), json_extract(value, '$.error'), ?3 FROM json_each(?2)`,
    )
    .bind(queue, JSON.stringify(rows), now)
    .run();
}

// ---- the matching cursor ----------------------------------------------------------------------

export interface NewJobRow {
  seq: number;
  doc: string;
}

/**
 * Where matching stands. Never after the first of `newIds` (jobs stored for the first time by this
 * run): if retention ever emptied the table, SQLite reuses rowids, and those jobs must not be skipped.
 * On first use with no new ids, start at the newest job (no backlog is pushed).
 */
export async function readCursor(d1: D1Database, newIds: string[]): Promise<number> {
  const r = await d1
    .prepare(
      `SELECT (SELECT seq FROM push_cursor WHERE name = 'jobs') AS stored,
              (SELECT min(seq) - 1 FROM jobs WHERE id IN (SELECT value FROM json_each(?1))) AS start,
              (SELECT max(seq) FROM jobs) AS newest`,
    )
    .bind(JSON.stringify(newIds))
    .first<{ stored: number | null; start: number | null; newest: number | null }>();
  const { stored = null, start = null, newest = null } = r ?? {};
  if (stored !== null && start !== null) return Math.min(stored, start);
  return stored ?? start ?? newest ?? 0;
}

export async function jobsAfter(d1: D1Database, seq: number, limit: number): Promise<NewJobRow[]> {
  const r = await d1.prepare("SELECT seq, doc FROM jobs WHERE seq > ? ORDER BY seq LIMIT ?").bind(seq, limit).all<NewJobRow>();
  return r.results;
}

export async function advanceCursor(d1: D1Database, seq: number): Promise<void> {
  await d1
    .prepare("INSERT INTO push_cursor (name, seq) VALUES ('jobs', ?1) ON CONFLICT (name) DO UPDATE SET seq = max(seq, excluded.seq)")
    .bind(seq)
    .run();
}
