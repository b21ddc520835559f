// bench:ingest worker. Holds generated upstream nodes in memory (built by /prepare, untimed) so
// that the timed requests only normalize and write:
//   POST /reset       empty the jobs table
//   POST /seed        store the 5,000 jobs that the pipeline batch will update (untimed)
//   POST /pipeline    normalize 10,000 GraphQL nodes (5,000 changed existing + 5,000 new) + upsertJobs
//   POST /baseline    plain multi-row INSERT of the same 10,000 rows (bound parameters, ≤ 100 per statement)
//   POST /baseline-json  one INSERT … SELECT FROM json_each per chunk, no conflict handling (best case)
import { jobToRow, upsertJobs } from "../src/db/jobs";
import { normalizeSearchNode } from "../src/ingest/normalize";
import { demoNode } from "../src/ingest/sources/demo";
import type { Job } from "../src/jobs/model";

interface Env {
  DB: D1Database;
}

const NOW = "2026-11-20T12:00:00Z";
const T0 = Date.UTC(2026, 10, 20);
let existing: unknown[] = [];
let batch: unknown[] = [];
let rows: ReturnType<typeof jobToRow>[] = [];

function normalizeAll(nodes: unknown[]): Job[] {
  const out: Job[] = [];
  for (const n of nodes) {
    const r = normalizeSearchNode(n);
    if (r.ok) out.push(r.job);
  }
  return out;
}

function prepare(n: number) {
  const half = n / 2;
  existing = Array.from({ length: half }, (_, k) => demoNode(k, T0 - k * 60_000));
  // The same jobs seen again with client activity changed (what a re-scrape brings), plus new ones.
  const changed = existing.map((node) => ({
    ...(node as object),
    totalApplicants: Number((node as { totalApplicants: number }).totalApplicants) + 3,
  }));
  const fresh = Array.from({ length: half }, (_, k) => demoNode(half + k, T0 + (k + 1) * 60_000));
  batch = [...fresh, ...changed];
  rows = normalizeAll(batch).map((j) => jobToRow(j, NOW));
}

async function plainInsert(db: D1Database): Promise<number> {
  const cols = Object.keys(rows[0]!) as (keyof (typeof rows)[number])[];
  const perStatement = Math.floor(100 / cols.length);
  const one = `(${cols.map(() => "?").join(", ")})`;
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const sql = `INSERT INTO jobs (${cols.join(", ")}) VALUES ${chunk.map(() => one).join(", ")}`;
    statements.push(db.prepare(sql).bind(...chunk.flatMap((r) => cols.map((c) => r[c]))));
  }
  for (let i = 0; i < statements.length; i += 500) await db.batch(statements.slice(i, i + 500));
  return statements.length;
}

async function jsonInsert(db: D1Database): Promise<number> {
  const cols = Object.keys(rows[0]!);
  const sql = `INSERT INTO jobs (${cols.join(", ")}) SELECT ${cols.map((c) => `json_extract(value, '$.${c}')`).join(", ")} FROM json_each(?1)`;
  const statements: D1PreparedStatement[] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const r of rows) {
    const s = JSON.stringify(r);
    if (size + s.length > 900_000) {
      statements.push(db.prepare(sql).bind(`[${chunk.join(",")}]`));
      chunk = [];
      size = 0;
    }
    chunk.push(s);
    size += s.length + 1;
  }
  if (chunk.length) statements.push(db.prepare(sql).bind(`[${chunk.join(",")}]`));
  await db.batch(statements);
  return statements.length;
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    switch (url.pathname) {
      case "/prepare":
        prepare(Number(url.searchParams.get("n") ?? 10_000));
        return Response.json({ batch: batch.length, rows: rows.length });
      case "/reset":
        await env.DB.prepare("DELETE FROM jobs").run();
        return Response.json({ ok: true });
      case "/seed": {
        const r = await upsertJobs(env.DB, normalizeAll(existing), "2026-11-19T12:00:00Z");
        return Response.json({ inserted: r.inserted.length });
      }
      case "/pipeline": {
        const jobs = normalizeAll(batch);
        const r = await upsertJobs(env.DB, jobs, NOW);
        return Response.json({
          normalized: jobs.length,
          inserted: r.inserted.length,
          updated: r.updated.length,
          unchanged: r.unchanged,
          statements: r.statements,
        });
      }
      case "/normalize":
        return Response.json({ normalized: normalizeAll(batch).length });
      case "/upsert-only": {
        const r = await upsertJobs(env.DB, normalizeAll(batch), NOW);
        return Response.json({ statements: r.statements });
      }
      case "/baseline":
        return Response.json({ rows: rows.length, statements: await plainInsert(env.DB) });
      case "/baseline-json":
        return Response.json({ rows: rows.length, statements: await jsonInsert(env.DB) });
      case "/count":
        return Response.json(await env.DB.prepare("SELECT count(*) AS n FROM jobs").first());
    }
    return new Response("not found", { status: 404 });
  },
};
