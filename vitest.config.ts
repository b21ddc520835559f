import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

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
              TEST_MIGRATIONS: migrations,
              FAKE_BASE_URL: fake,
              ADMIN_TOKEN: "test-admin-token",
              // Webhook receivers are fakes on 127.0.0.1; retries fast, timeouts short (tests assert the
              // default schedule through the pure retry functions).
              ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
              WEBHOOK_RETRY_SCHEDULE: "1,1,1",
              WEBHOOK_TIMEOUT_SECONDS: "1",
            },
          },
        };
      }),
    ],
    test: {
      globalSetup: ["./test/setup/fake-servers.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
