#!/usr/bin/env node
// npm run bench:ingest — normalize + upsert 10,000 jobs (half new, half updates) into local D1,
// against a plain multi-row INSERT of the same rows measured in the same run.
//
// 1. Fresh local D1 under bench/.data/ingest (never the dev state) with the project's migrations.
// 2. the local Worker (bench/lib startDev) on a free port serving bench/ingest-worker.ts, which holds 10,000 generated
//    upstream nodes in the official GraphQL shape (the demo generator) in memory.
// 3. Each round: reset, seed the 5,000 jobs the batch updates (untimed), then time
//    POST /pipeline (normalize 10,000 nodes + upsertJobs: 5,000 inserts + 5,000 in-place updates);
//    reset, time POST /baseline (plain multi-row INSERT of the same 10,000 rows, ≤ 100 bound
//    parameters per statement, as D1 allows); reset, time POST /baseline-json (one INSERT … SELECT
//    FROM json_each per chunk: the cheapest insert, for reference). Wall time from here, median of rounds.
// 4. Figures → bench/results/ingest.json and the "bench:ingest" section of bench/RESULTS.md.
//
// Options (env): BENCH_JOBS (10000), BENCH_ROUNDS (3).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { startDev } from "../scripts/lib/local-worker.mjs";
import { replaceSection } from "./lib/results.mjs";
import { median, round } from "./lib/stats.mjs";

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DATA_DIR = "bench/.data/ingest";
const CONFIG = "bench/ingest.toml";
const TARGET = 1.5;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const wrangler = "node_modules/.bin/wrangler";
const log = (msg) => console.log(`▸ ${msg}`);

async function post(port, path) {
  // A Worker that is still starting or restarting answers with an error: wait and retry.
  for (let attempt = 0; ; attempt++) {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST" }).catch(() => null);
    const body = res ? await res.json().catch(() => ({})) : {};
    const ms = performance.now() - started;
    if (res?.ok) return { ms, body };
    if (attempt >= 10) throw new Error(`${path} → ${res?.status ?? "no answer"} ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function main() {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  log("applying migrations to a fresh local D1");
  const m = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--config", CONFIG, "--persist-to", DATA_DIR], {
    env,
    encoding: "utf8",
  });
  if (m.status !== 0) throw new Error(`migrations failed:\n${m.stdout}\n${m.stderr}`);

  const server = await startDev({ persistTo: DATA_DIR, config: CONFIG, readyPath: "/count" });
  const port = server.port;
  log(`local Worker on ${server.base}`);
  try {
    const prepared = await post(port, `/prepare?n=${JOBS}`);
    if (prepared.body.rows !== JOBS) throw new Error(`prepared ${JSON.stringify(prepared.body)}`);
    // Warm-up: one of each, untimed (first-statement compilation, page cache).
    await post(port, "/reset");
    await post(port, "/baseline");
    const samples = { pipeline: [], baseline: [], json: [] };
    let pipelineInfo;
    let baselineStatements;
    let jsonStatements;
    for (let r = 0; r < ROUNDS; r++) {
      // In memory only: prepared again each round in case the Worker restarted.
      await post(port, `/prepare?n=${JOBS}`);
      await post(port, "/reset");
      await post(port, "/seed");
      const p = await post(port, "/pipeline");
      if (p.body.normalized !== JOBS || p.body.inserted !== JOBS / 2 || p.body.updated !== JOBS / 2)
        throw new Error(`pipeline: ${JSON.stringify(p.body)}`);
      samples.pipeline.push(p.ms);
      pipelineInfo = p.body;
      await post(port, "/reset");
      const b = await post(port, "/baseline");
      samples.baseline.push(b.ms);
      baselineStatements = b.body.statements;
      await post(port, "/reset");
      const j = await post(port, "/baseline-json");
      samples.json.push(j.ms);
      jsonStatements = j.body.statements;
      log(`round ${r + 1}: pipeline ${p.ms.toFixed(0)} ms, plain insert ${b.ms.toFixed(0)} ms, json insert ${j.ms.toFixed(0)} ms`);
    }
    const ms = { pipeline: median(samples.pipeline), baseline: median(samples.baseline), json: median(samples.json) };
    const rate = (t) => Math.round((JOBS / t) * 1000);
    // Paired per round (pipeline and baseline run back to back), so load drift on a shared machine
    // cancels out better than in a ratio of medians.
    const ratio = round(median(samples.pipeline.map((p, i) => p / samples.baseline[i])));
    const jsonRatio = round(median(samples.pipeline.map((p, i) => p / samples.json[i])));
    const result = {
      measured_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      command: "npm run bench:ingest",
      jobs: JOBS,
      rounds: ROUNDS,
      met: ratio <= TARGET,
      figures: [
        {
          figure: "normalize + upsert throughput",
          value: rate(ms.pipeline),
          baseline: rate(ms.baseline),
          ratio: round(rate(ms.pipeline) / rate(ms.baseline)),
          target: null,
          unit: "jobs/s",
        },
        {
          figure: "normalize + upsert time",
          value: Math.round(ms.pipeline),
          baseline: Math.round(ms.baseline),
          ratio,
          target: TARGET,
          unit: "ms",
        },
        {
          figure: "D1 statements",
          value: pipelineInfo.statements,
          baseline: baselineStatements,
          ratio: round(pipelineInfo.statements / baselineStatements),
          target: null,
          unit: "statements",
        },
        {
          figure: "time vs best-case JSON insert (reference)",
          value: Math.round(ms.pipeline),
          baseline: Math.round(ms.json),
          ratio: jsonRatio,
          target: null,
          unit: "ms",
        },
        {
          figure: "JSON insert statements (reference)",
          value: pipelineInfo.statements,
          baseline: jsonStatements,
          ratio: round(pipelineInfo.statements / jsonStatements),
          target: null,
          unit: "statements",
        },
      ],
      samples_ms: samples,
    };
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/ingest.json", `${JSON.stringify(result, null, 2)}\n`);
    writeResultsSection(result);
    log(
      `pipeline ${rate(ms.pipeline)} jobs/s (${pipelineInfo.statements} statements) vs plain insert ${rate(ms.baseline)} jobs/s (${baselineStatements} statements): ratio ${ratio} (target ≤ ${TARGET})`,
    );
  } finally {
    await server.stop();
  }
}

function writeResultsSection(result) {
  const path = "bench/RESULTS.md";
  const [through, time, stmts, jsonTime, jsonStmts] = result.figures;
  const section = [
    "## bench:ingest",
    "",
    `Command: \`npm run bench:ingest\` (measured ${result.measured_at}), 2 cores shared. ${result.jobs.toLocaleString("en-US")} jobs in the official`,
    "GraphQL search shape (the demo generator) normalized and upserted into a local D1 (wrangler's local runtime via scripts/serve-local.mjs,",
    "`--persist-to bench/.data/ingest`, bench/ingest-worker.ts): half new, half already stored with changed client activity",
    "(updated in place). Baseline in the same run: a plain multi-row `INSERT` of the same rows into an empty jobs table,",
    "at most 100 bound parameters per statement as D1 allows. Reference: one `INSERT … SELECT FROM json_each` per chunk",
    `(no conflict handling). Wall time per request from the bench driver, medians of ${result.rounds} rounds; time ratios are the median of`,
    "per-round ratios (each pair runs back to back). Triggers (FTS5, terms) are included in all.",
    "",
    "| figure | value | baseline | ratio | target |",
    "|---|---|---|---|---|",
    `| ${through.figure} | ${through.value} jobs/s | ${through.baseline} jobs/s | ${through.ratio} | |`,
    `| ${time.figure} | ${time.value} ms | ${time.baseline} ms | ${time.ratio} | ≤ ${TARGET}× |`,
    `| ${stmts.figure} | ${stmts.value} | ${stmts.baseline} | ${stmts.ratio} | |`,
    `| ${jsonTime.figure} | ${jsonTime.value} ms | ${jsonTime.baseline} ms | ${jsonTime.ratio} | |`,
    `| ${jsonStmts.figure} | ${jsonStmts.value} | ${jsonStmts.baseline} | ${jsonStmts.ratio} | |`,
    "",
    `Target (normalize + upsert within ${TARGET}× of the plain insert): ${result.met ? "met" : "**not met**"}.`,
    "",
  ].join("\n");
  replaceSection(path, "## bench:ingest", section);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
