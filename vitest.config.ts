import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseEnv } from "node:util";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { unstable_readConfig } from "wrangler";

/**
 * A developer's .dev.vars (npm start writes one, e.g. POLL_INTERVAL_SECONDS=15) must not change what
 * the tests see, and the pool always loads it: each name it sets goes back to wrangler.toml's value,
 * or to "" (the setting's default).
 */
function undoDevVars(): Record<string, string> {
  if (!existsSync(".dev.vars")) return {};
  const vars = unstable_readConfig({ config: "wrangler.toml" }).vars as Record<string, unknown>;
  const names = Object.keys(parseEnv(readFileSync(".dev.vars", "utf8")));
  return Object.fromEntries(names.map((name) => [name, typeof vars[name] === "string" ? vars[name] : ""]));
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest(({ inject }) => {
        const fake = inject("fakeBaseUrl");
        return {
          main: "./src/index.ts",
          wrangler: { configPath: "./wrangler.toml" },
          miniflare: {
            bindings: {
              ...undoDevVars(),
              TEST_MIGRATIONS: migrations,
              FAKE_BASE_URL: fake,
              ADMIN_TOKEN: "test-admin-token",
              // Webhook receivers are fakes on 127.0.0.1; retries fast, timeouts short (tests assert the
              // default schedule through the pure retry functions).
              ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
              WEBHOOK_RETRY_SCHEDULE: "1,1,1",
              WEBHOOK_TIMEOUT_SECONDS: "1",
              // Ingestion: the demo source by default; the upwork and relay fakes for tests that pick them.
              SOURCE: "demo",
              UPWORK_GRAPHQL_URL: `${fake}/upwork/graphql`,
              UPWORK_TOKEN_URL: `${fake}/upwork/token`,
              UPWORK_CLIENT_ID: "test-client",
              UPWORK_CLIENT_SECRET: "test-secret",
              UPWORK_REFRESH_TOKEN: "rt-0",
              RELAY_URL: `${fake}/relay`,
              RELAY_API_KEY: "relay-key",
              // Telegram subscriptions post to the fake Bot API.
              TELEGRAM_API_URL: `${fake}/telegram`,
            },
          },
        };
      }),
    ],
    test: {
      // The integrations (integrations/*) and the browser tests run outside workerd: npm run test:e2e.
      include: ["test/**/*.test.ts"],
      globalSetup: ["./test/setup/fake-servers.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      // Vitest's default (one worker fewer than the cores) runs one file at a time on 2 cores; most of a
      // file's time is starting its runtime, so two at once take the suite from ~340 s to ~240 s there.
      maxWorkers: Math.max(2, availableParallelism() - 1),
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
