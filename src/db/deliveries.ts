// SQL of deliveries (tables `webhook_matches`, `webhook_deliveries`, `webhook_attempts`,
// `queue_rejects`): recording matches and their deliveries, the consumer's claim and outcomes, owner
// retries and replays, the sweeper and the deliveries log. Plain D1 statements with bound parameters;
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
          `UPDATE webhook_deliveries SET status = 'failed', failed_at = ?2, next_attempt_at = NULL, lease_until = NULL,
           last_error = CASE WHEN r.keep = 1 THEN COALESCE(last_error, r.error) ELSE r.error END
         FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.dispatch') AS dispatch,
                      json_extract(value, '$.error') AS error, json_extract(value, '$.keep') AS keep FROM json_each(?1)) AS r
         WHERE webhook_deliveries.id = r.id AND webhook_deliveries.dispatch = r.dispatch AND webhook_deliveries.status = 'pending'`,
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
