// bench/RESULTS.md: each benchmark owns one `## …` section and rewrites only that one.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Replaces the section starting with `heading` (up to the next `## `) with `section`, or appends it. */
export function replaceSection(path, heading, section) {
  let text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmark results\n\n";
  const body = `${section.trimEnd()}\n`;
  const start = text.indexOf(heading);
  if (start >= 0) {
    const next = text.indexOf("\n## ", start + 1);
    text = text.slice(0, start) + body + (next >= 0 ? `\n${text.slice(next + 1)}` : "");
  } else {
    text = `${text.trimEnd()}\n\n${body}`;
  }
  writeFileSync(path, text);
}
