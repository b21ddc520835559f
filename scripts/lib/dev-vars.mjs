// .dev.vars (the local Worker's secrets and settings) as an object; {} when the file is missing.
import { existsSync, readFileSync } from "node:fs";

export function readDevVars(path = ".dev.vars") {
  if (!existsSync(path)) return {};
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split("\n")
      .map((l) => l.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2].replace(/^"(.*)"$/, "$1")]),
  );
}
