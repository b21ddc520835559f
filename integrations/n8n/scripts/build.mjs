// `npm run build`: compiles credentials/ and nodes/ to dist/ (CommonJS, what n8n loads), then copies
// the icons next to the compiled nodes, where `icon: "file:…"` looks for them.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json")], {
  stdio: "inherit",
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const dir of ["nodes/UpworkJobsApi"]) {
  for (const file of readdirSync(join(root, dir))) {
    if (file.endsWith(".svg") || file.endsWith(".node.json")) cpSync(join(root, dir, file), join(root, "dist", dir, file));
  }
}
