// SQL of deliveries (tables `webhook_matches`, `webhook_deliveries`, `webhook_attempts`,
// `queue_rejects`): recording matches and their deliveries, lifecycle follow-ups, the consumer's claim
// and outcomes, owner retries and replays, the sweeper and the deliveries log. Plain D1 statements with bound parameters;
// many rows travel as ONE JSON parameter (json_each) to stay under D1's limits. Vocabulary:
// src/push/README.md.
import type {
  Attempt,
  AttemptRecord,
  Claim,
  Delivery,
  DeliveryMessage,
  DeliveryState,
  DeliveryWithAttempts,
  Ending,
  FrozenEvent,
  NewDelivery,
  StoredJob,
  Subscription,
} from "../push/types";

/** A fresh dispatch token, made by SQLite in the statement that hands the delivery to a new queue message. */
const NEW_DISPATCH = "lower(hex(randomblob(8)))";

const CHUNK_BYTES = 500_000;

/**
 * Records (subscription, job) events and their deliveries atomically, per chunk. A pair already
 * recorded is skipped, and a delivery is created only if at least one of its pairs is new, so a
 * job reaches a subscription at most once however often it is announced. Returns the pending
 * deliveries created, ready to enqueue.
 */
export async function recordMatches(d1: D1Database, deliveries: NewDelivery[], now: number): Promise<DeliveryMessage[]> {
  const out: DeliveryMessage[] = [];
  let matches: string[] = [];
  let rows: string[] = [];
  let size = 0;
  const flush = async () => {
    if (!rows.length) return;
    const [, inserted] = await d1.batch<DeliveryMessage>([
      d1
        .prepare(
          // The match is the job's first event for this subscription: it opens the coalescing window,
          // and only changes recorded after it are followed up (docs/api.md#lifecycle-events).
          `INSERT INTO webhook_matches (webhook_id, job_id, delivery_id, notified_at, changes_through)
         SELECT json_extract(value, '$.w'), json_extract(value, '$.j'), json_extract(value, '$.d'), ?2,
                (SELECT coalesce(max(c.id), 0) FROM job_changes c WHERE c.job_id = json_extract(value, '$.j'))
         FROM json_each(?1)
         WHERE true ON CONFLICT DO NOTHING`,
        )
        .bind(`[${matches.join(",")}]`, now),
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
  row: Pick<Delivery, "id" | "webhook_id" | "event_id" | "type" | "payload">,
  now: number,
): Promise<Delivery> {
  return (await d1
    .prepare(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, type, payload, status, next_attempt_at, dispatch, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ${NEW_DISPATCH}, ?) RETURNING *`,
    )
    .bind(row.id, row.webhook_id, row.event_id, row.type, row.payload, now, now)
    .first<Delivery>())!;
}

/**
 * Takes the lease on every due, pending delivery named by these queue messages, in ONE round trip that also
 * reads their subscriptions and jobs, and the state of those it could not take (held by someone
 * else, not due, done, or superseded by a newer dispatch).
 */
export async function claimDeliveries(
  d1: D1Database,
  messages: DeliveryMessage[],
  now: number,
  leaseMs: number,
): Promise<{ claims: Map<string, Claim>; states: Map<string, DeliveryState> }> {
  const pairs = JSON.stringify(messages.map((m) => [m.delivery_id, m.dispatch]));
  const ids = JSON.stringify(messages.map((m) => m.delivery_id));
  const [claimed, states, webhooks, jobs] = await d1.batch([
    d1
      .prepare(
        // One primary-key lookup per message, however large the table. The unary + keeps SQLite off the
        // (status, next_attempt_at) index: with it, the planner walked every due delivery and scanned the
        // message list for each (2,000 pending × 50 messages: most of a batch's time, bench:push).
        `UPDATE webhook_deliveries SET lease_until = ?2
       FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS dispatch FROM json_each(?1)) AS r
       WHERE webhook_deliveries.id = r.id AND webhook_deliveries.dispatch = r.dispatch AND +status = 'pending'
         AND (lease_until IS NULL OR lease_until <= ?3) AND +next_attempt_at <= ?3 + 1000
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
        `SELECT m.delivery_id, j.doc, j.first_seen FROM webhook_matches m JOIN jobs j ON j.id = m.job_id
       WHERE m.delivery_id IN (SELECT value FROM json_each(?1)) ORDER BY j.posted_on DESC, j.id DESC`,
      )
      .bind(ids),
  ]);
  const bySubscription = new Map((webhooks!.results as Subscription[]).map((w) => [w.id, w]));
  const stored = new Map<string, StoredJob[]>();
  for (const r of jobs!.results as { delivery_id: string; doc: string; first_seen: string }[]) {
    const job = { doc: r.doc, receivedAt: r.first_seen };
    const list = stored.get(r.delivery_id);
    if (list) list.push(job);
    else stored.set(r.delivery_id, [job]);
  }
  const claims = new Map<string, Claim>();
  for (const d of claimed!.results as Delivery[]) {
    claims.set(d.id, { delivery: d, subscription: bySubscription.get(d.webhook_id) ?? null, jobs: stored.get(d.id) ?? [] });
  }
  return { claims, states: new Map((states!.results as DeliveryState[]).map((s) => [s.id, s])) };
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
    const ok = new Set(attempts.filter((a) => a.result === "delivered").map((a) => a.subscriptionId));
    const gone = new Map(attempts.filter((a) => a.deactivate).map((a) => [a.subscriptionId, a.deactivate!]));
    // A subscription with any success in this batch is healthy; the others are failing.
    const failing = [
      ...new Set(
        attempts
          .filter((a) => a.result !== "delivered" && !ok.has(a.subscriptionId) && !gone.has(a.subscriptionId))
          .map((a) => a.subscriptionId),
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
          // By primary key (the + as in claimDeliveries).
          `UPDATE webhook_deliveries SET status = 'failed', failed_at = ?2, next_attempt_at = NULL, lease_until = NULL,
           last_error = CASE WHEN r.keep = 1 THEN COALESCE(last_error, r.error) ELSE r.error END
         FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.dispatch') AS dispatch,
                      json_extract(value, '$.error') AS error, json_extract(value, '$.keep') AS keep FROM json_each(?1)) AS r
         WHERE webhook_deliveries.id = r.id AND webhook_deliveries.dispatch = r.dispatch AND +webhook_deliveries.status = 'pending'`,
        )
        .bind(
          JSON.stringify(
            endings.map((e) => ({
              id: e.message.delivery_id,
              dispatch: e.message.dispatch,
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
export async function redispatchStale(d1: D1Database, now: number, staleMs: number, limit: number): Promise<DeliveryMessage[]> {
  const r = await d1
    .prepare(
      `UPDATE webhook_deliveries SET dispatch = ${NEW_DISPATCH}, next_attempt_at = ?1
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at < ?1 - ?2
                      AND (lease_until IS NULL OR lease_until < ?1) LIMIT ?3)
       RETURNING id AS delivery_id, dispatch`,
    )
    .bind(now, staleMs, limit)
    .all<DeliveryMessage>();
  return r.results;
}

/** Owner retry / replay: starts a fresh round of the schedule for these deliveries. */
export async function restartDeliveries(
  d1: D1Database,
  subscriptionId: string,
  where: { deliveryId: string } | { failedSince: number },
  now: number,
): Promise<DeliveryMessage[]> {
  const cond = "deliveryId" in where ? "id = ?3" : "status = 'failed' AND created_at >= ?3";
  const r = await d1
    .prepare(
      `UPDATE webhook_deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = ?2, failed_at = NULL,
         lease_until = NULL, dispatch = ${NEW_DISPATCH}
       WHERE webhook_id = ?1 AND ${cond}
       RETURNING id AS delivery_id, dispatch`,
    )
    .bind(subscriptionId, now, "deliveryId" in where ? where.deliveryId : where.failedSince)
    .all<DeliveryMessage>();
  return r.results;
}

export async function getDelivery(d1: D1Database, subscriptionId: string, id: string): Promise<Delivery | null> {
  return d1.prepare("SELECT * FROM webhook_deliveries WHERE id = ? AND webhook_id = ?").bind(id, subscriptionId).first<Delivery>();
}

/** A page of a subscription's deliveries, newest first, each with its jobs and attempts. */
export async function listDeliveries(
  d1: D1Database,
  subscriptionId: string,
  opts: { limit: number; status?: string; before?: { createdAt: number; id: string } },
): Promise<DeliveryWithAttempts[]> {
  const rows = (
    await d1
      .prepare(
        `SELECT * FROM webhook_deliveries WHERE webhook_id = ?1 AND (?2 IS NULL OR status = ?2)
           AND (?3 IS NULL OR (created_at, id) < (?3, ?4))
         ORDER BY created_at DESC, id DESC LIMIT ?5`,
      )
      .bind(subscriptionId, opts.status ?? null, opts.before?.createdAt ?? null, opts.before?.id ?? "", opts.limit)
      .all<Delivery>()
  ).results;
  return withDetails(d1, rows);
}

export async function withDetails(d1: D1Database, rows: Delivery[]): Promise<DeliveryWithAttempts[]> {
  if (!rows.length) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const [attempts, matches] = await d1.batch([
    d1.prepare("SELECT * FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id").bind(ids),
    d1.prepare("SELECT delivery_id, job_id FROM webhook_matches WHERE delivery_id IN (SELECT value FROM json_each(?))").bind(ids),
  ]);
  const byDelivery = new Map<string, Attempt[]>();
  for (const a of attempts!.results as Attempt[]) {
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
  // Lifecycle events name their job in their frozen payload (test events carry sample jobs: none).
  const followed = (r: Delivery) =>
    r.payload && (r.type === "jobs.updated" || r.type === "jobs.closed")
      ? (JSON.parse(r.payload) as FrozenEvent).jobs.map((j) => j.id)
      : [];
  return rows.map((r) => ({ ...r, job_ids: jobs.get(r.id) ?? followed(r), attempt_log: byDelivery.get(r.id) ?? [] }));
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

/** A (subscription, job) match with changes not sent yet, due now (its window passed, the job closed or is gone). */
export interface PendingFollowUp {
  webhook_id: string;
  job_id: string;
  changes_through: number;
  closed_sent: number;
  /** The subscription's events (JSON) and state. */
  events: string;
  active: number;
  disabled_reason: string | null;
}

/** A job's recorded changes (table `job_changes`, written by a trigger on jobs: migrations/0010). */
export interface ChangeRow {
  id: number;
  job_id: string;
  changes: string;
}

/**
 * Follow-ups due at `now`: pending pairs whose coalescing window (since `windowStart`) has passed,
 * whose job closed before a jobs.closed was sent, or whose job is gone; with the jobs' unsent
 * changes and documents. Subscriptions are taken as for matching (active or failing, owner key
 * active, tier with webhooks).
 */
export async function dueFollowUps(
  d1: D1Database,
  tiersWithWebhooks: string[],
  windowStart: number,
  limit: number,
): Promise<{ pairs: PendingFollowUp[]; changes: ChangeRow[]; jobs: { id: string; doc: string; first_seen: string }[] }> {
  const pairs = (
    await d1
      .prepare(
        `SELECT m.webhook_id, m.job_id, m.changes_through, m.closed_sent, w.events, w.active, w.disabled_reason
         FROM webhook_matches m
         JOIN webhooks w ON w.id = m.webhook_id
         JOIN api_keys k ON k.id = w.api_key_id
         LEFT JOIN jobs j ON j.id = m.job_id
         WHERE m.update_pending = 1
           AND (w.active = 1 OR w.disabled_kind = 'failing') AND k.active = 1 AND k.tier IN (SELECT value FROM json_each(?1))
           AND (coalesce(m.notified_at, 0) <= ?2 OR j.id IS NULL OR (j.status = 2 AND m.closed_sent = 0))
         LIMIT ?3`,
      )
      .bind(JSON.stringify(tiersWithWebhooks), windowStart, limit)
      .all<PendingFollowUp>()
  ).results;
  if (!pairs.length) return { pairs, changes: [], jobs: [] };
  const ids = JSON.stringify([...new Set(pairs.map((p) => p.job_id))]);
  const since = Math.min(...pairs.map((p) => p.changes_through));
  const [changes, jobs] = await d1.batch([
    d1
      .prepare("SELECT id, job_id, changes FROM job_changes WHERE job_id IN (SELECT value FROM json_each(?1)) AND id > ?2 ORDER BY id")
      .bind(ids, since),
    d1.prepare("SELECT id, doc, first_seen FROM jobs WHERE id IN (SELECT value FROM json_each(?1))").bind(ids),
  ]);
  return {
    pairs,
    changes: changes!.results as ChangeRow[],
    jobs: jobs!.results as { id: string; doc: string; first_seen: string }[],
  };
}

/** What the announcer decided for one pending pair: the event to send (if any) and how far it covers. */
export interface FollowUp {
  webhook_id: string;
  job_id: string;
  /** changes_through as read: the write happens only if no one else moved it meanwhile. */
  from: number;
  /** The last change this follow-up covers. */
  through: number;
  delivery: (Pick<Delivery, "id" | "event_id" | "type" | "payload" | "last_error"> & { status: "pending" | "failed" }) | null;
}

/**
 * Records follow-up events and moves their pairs on, atomically. A pair someone else already moved
 * on (another announcer) gets neither, so each change is sent once. Returns the pending deliveries.
 */
export async function recordFollowUps(d1: D1Database, followUps: FollowUp[], now: number): Promise<DeliveryMessage[]> {
  if (!followUps.length) return [];
  const rows = JSON.stringify(
    followUps.map((f) => ({
      w: f.webhook_id,
      j: f.job_id,
      from: f.from,
      through: f.through,
      closed: f.delivery?.type === "jobs.closed" ? 1 : 0,
      d: f.delivery,
    })),
  );
  const [inserted] = await d1.batch<DeliveryMessage>([
    d1
      .prepare(
        `INSERT INTO webhook_deliveries (id, webhook_id, event_id, type, payload, status, last_error, next_attempt_at, dispatch, created_at, failed_at)
         SELECT json_extract(value, '$.d.id'), json_extract(value, '$.w'), json_extract(value, '$.d.event_id'), json_extract(value, '$.d.type'),
                json_extract(value, '$.d.payload'), json_extract(value, '$.d.status'), json_extract(value, '$.d.last_error'),
                CASE json_extract(value, '$.d.status') WHEN 'pending' THEN ?2 END,
                CASE json_extract(value, '$.d.status') WHEN 'pending' THEN ${NEW_DISPATCH} END,
                ?2, CASE json_extract(value, '$.d.status') WHEN 'failed' THEN ?2 END
         FROM json_each(?1)
         WHERE json_extract(value, '$.d') IS NOT NULL
           AND EXISTS (SELECT 1 FROM webhook_matches m WHERE m.webhook_id = json_extract(value, '$.w') AND m.job_id = json_extract(value, '$.j')
                         AND m.changes_through = json_extract(value, '$.from') AND (json_extract(value, '$.closed') = 0 OR m.closed_sent = 0))
         RETURNING id AS delivery_id, dispatch`,
      )
      .bind(rows, now),
    d1
      .prepare(
        `UPDATE webhook_matches SET changes_through = r.through, update_pending = 0,
           notified_at = CASE WHEN r.sent THEN ?2 ELSE notified_at END, closed_sent = max(closed_sent, r.closed)
         FROM (SELECT json_extract(value, '$.w') AS w, json_extract(value, '$.j') AS j, json_extract(value, '$.from') AS "from",
                      json_extract(value, '$.through') AS through, json_extract(value, '$.closed') AS closed,
                      json_extract(value, '$.d') IS NOT NULL AS sent FROM json_each(?1)) AS r
         WHERE webhook_matches.webhook_id = r.w AND webhook_matches.job_id = r.j AND webhook_matches.changes_through = r."from"`,
      )
      .bind(rows, now),
  ]);
  return inserted!.results.filter((r) => r.dispatch);
}
