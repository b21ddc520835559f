#!/usr/bin/env node
// `npm run bench`: runs every `bench:*` script in turn, then rewrites the summary at the top of
// bench/RESULTS.md from the figures each one wrote to bench/results/<name>.json
// ({ bench, command, measured_at, figures: [...] }). The `## …` sections below the summary belong to
// the benchmark scripts (each rewrites its own) and are kept as they are.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const ORDER = ["bench:read", "bench:ingest", "bench:push", "bench:freshness", "bench:freelancers", "bench:soak"];
const scripts = Object.keys(pkg.scripts)
  .filter((s) => s.startsWith("bench:"))
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
const only = process.argv.slice(2);

const runs = [];
for (const script of scripts) {
  if (only.length && !only.includes(script)) continue;
  console.log(`\n════ npm run ${script} ════`);
  const started = Date.now();
  const r = spawnSync("npm", ["run", script], { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  runs.push({ script, ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim() || "unknown";
const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).stdout.trim()
  ? " (uncommitted changes)"
  : "";
const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.cpus()[0]?.model ?? "cpu"}; Node ${process.version}`;

const results = existsSync("bench/results")
  ? readdirSync("bench/results")
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({ bench: f.replace(/\.json$/, ""), ...JSON.parse(readFileSync(`bench/results/${f}`, "utf8")), file: f }))
  : [];
for (const r of results) if (r.file !== `${r.bench}.json`) r.bench = r.file.replace(/\.json$/, ""); // e.g. read-optimize
results.sort((a, b) => (ORDER.indexOf(`bench:${a.bench}`) + 1 || 99) - (ORDER.indexOf(`bench:${b.bench}`) + 1 || 99));

const fmt = (v) => (v === null || v === undefined ? "—" : typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v));
// A figure may say itself whether it met its target (`met`, `target_text`: e.g. an absolute bound);
// otherwise its target bounds the ratio.
const meets = (f) => {
  if (typeof f.met === "boolean") return f.met ? "✅" : "❌";
  if (f.target === null || f.target === undefined || f.ratio === null || f.ratio === undefined) return "";
  const higherIsBetter = f.higher_is_better ?? false;
  return (higherIsBetter ? f.ratio >= f.target : f.ratio <= f.target) ? "✅" : "❌";
};

const lines = [
  "# Benchmark results",
  "",
  "Written by `npm run bench` (bench/run-all.mjs), which runs every `bench:*` script and collects the",
  "figures each wrote to `bench/results/*.json`. Every ratio is against a baseline measured **in the",
  "same run on the same machine**, so figures from different machines compare by ratio, not by value.",
  "A target bounds the ratio unless it names a unit (an absolute bound).",
  "",
  `- commit: \`${commit}\`${dirty}`,
  `- machine: ${machine}`,
  `- written: ${new Date().toISOString().replace(/\.\d{3}Z$/, "Z")}`,
  "",
  "| benchmark | figure | value | baseline | ratio | target | met | measured at | command |",
  "|---|---|---|---|---|---|---|---|---|",
];
for (const r of results) {
  for (const f of r.figures ?? []) {
    const target =
      f.target_text ?? (f.target === null || f.target === undefined ? "—" : `ratio ${f.higher_is_better ? "≥" : "≤"} ${fmt(f.target)}`);
    lines.push(
      `| ${r.bench} | ${f.figure} | ${fmt(f.value)} ${f.unit ?? ""} | ${f.baseline === null || f.baseline === undefined ? "—" : `${fmt(f.baseline)} ${f.baseline_unit ?? f.unit ?? ""}`} | ${fmt(f.ratio)} | ${target} | ${meets(f)} | ${r.measured_at ?? ""} | \`${r.command ?? ""}\` |`,
    );
  }
}
if (runs.length) {
  lines.push("", "## This run", "", "| script | result | seconds |", "|---|---|---|");
  for (const r of runs) lines.push(`| ${r.script} | ${r.ok ? "ok" : "FAILED (figures above may be older)"} | ${r.seconds} |`);
}
const GENERATED = new Set(["This run", ...results.filter((r) => r.notes).map((r) => r.bench)]);
for (const r of results) {
  if (r.notes) lines.push("", `## ${r.bench}`, "", ...[].concat(r.notes).map((n) => `- ${n}`));
}
// Keep the sections the benchmark scripts wrote (everything from the first "## " on), minus ours.
const previous = existsSync("bench/RESULTS.md") ? readFileSync("bench/RESULTS.md", "utf8") : "";
const kept = previous
  .split(/\n(?=## )/)
  .slice(1)
  .filter((section) => !GENERATED.has(section.slice(3, section.indexOf("\n")).trim()))
  .map((section) => section.trimEnd());
writeFileSync("bench/RESULTS.md", `${[lines.join("\n"), ...kept].join("\n\n")}\n`);
console.log(`\nbench/RESULTS.md rewritten (${results.length} benchmarks).`);
process.exit(runs.every((r) => r.ok) ? 0 : 1);
