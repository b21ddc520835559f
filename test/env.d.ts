// The bindings tests get on top of the Worker's own (vitest.config.ts `miniflare.bindings`). Declared
// once, here, for test code only (test/tsconfig.json): src/ never sees them.
declare namespace Cloudflare {
  interface Env {
    /** Loopback address of the fake upstreams and receivers (test/setup/fake-servers.ts). */
    FAKE_BASE_URL: string;
    /** The migrations, applied per test file by test/setup/apply-migrations.ts. */
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
