// Offline: the app definition against zapier-platform-schema (the structural half of
// `zapier-platform validate`, run the way the CLI runs it: the app handler's "validate" command),
// and the pure parts of the operations. No network.
const assert = require("node:assert/strict");
const { describe, it } = require("node:test");
const zapier = require("zapier-platform-core");
const App = require("../index");
const { filtersFrom, queryFrom } = require("../lib/filters");
const { baseUrl } = require("../lib/api");

const appTester = zapier.createAppTester(App);
const handler = zapier.createAppHandler(App);

describe("app definition", () => {
  it("is valid against the zapier-platform-schema it is built for", async () => {
    const { results } = await handler({ command: "validate", calledFromCli: true });
    assert.deepEqual(
      results.map((e) => e.stack),
      [],
    );
  });

  it("pins the platform version and declares the operations", async () => {
    const { results: def } = await handler({ command: "definition", calledFromCli: true });
    assert.equal(def.platformVersion, zapier.version);
    assert.equal(def.platformVersion, require("../package.json").dependencies["zapier-platform-core"]);
    assert.deepEqual(Object.keys(def.triggers).sort(), ["category", "category_group", "job_closed", "new_job"]);
    for (const key of ["new_job", "job_closed"]) {
      const op = def.triggers[key].operation;
      assert.equal(op.type, "hook");
      for (const fn of ["perform", "performList", "performSubscribe", "performUnsubscribe"]) assert.ok(op[fn], `${key}.${fn}`);
      assert.deepEqual(
        op.inputFields.map((f) => f.key),
        [
          "q",
          "skills",
          "category_group",
          "category",
          "job_type",
          "budget_min",
          "budget_max",
          "hourly_min",
          "hourly_max",
          "payment_verified",
          "country",
          "min_total_spent",
          "max_applicants",
        ],
      );
      assert.equal(op.inputFields.find((f) => f.key === "category").dynamic, "category.id.name");
      assert.equal(op.inputFields.find((f) => f.key === "category_group").dynamic, "category_group.id.name");
    }
    assert.ok(def.triggers.category.display.hidden && def.triggers.category_group.display.hidden);
    assert.deepEqual(Object.keys(def.searches), ["find_job"]);
    assert.equal(def.authentication.type, "custom");
    assert.deepEqual(
      def.authentication.fields.map((f) => [f.key, f.required]),
      [
        ["base_url", true],
        ["api_key", true],
      ],
    );
  });
});

describe("filters", () => {
  it("turns Zap fields into API filters: empties dropped, lists as arrays, booleans spelled true/false", () => {
    const filters = filtersFrom({
      q: ' "cloudflare workers" ',
      skills: ["React", " TypeScript ", ""],
      category: "web-development,mobile-development",
      category_group: [],
      job_type: "fixed",
      budget_min: 1000,
      budget_max: "",
      hourly_min: null,
      payment_verified: "yes",
      country: ["us", "GB"],
      min_total_spent: "500",
      max_applicants: 20,
      not_a_filter: "x",
    });
    assert.deepEqual(filters, {
      q: '"cloudflare workers"',
      skills: ["React", "TypeScript"],
      category: ["web-development", "mobile-development"],
      job_type: "fixed",
      budget_min: "1000",
      payment_verified: "true",
      country: ["us", "GB"],
      min_total_spent: "500",
      max_applicants: "20",
    });
    assert.deepEqual(queryFrom(filters).skills, "React,TypeScript");
    assert.equal(filtersFrom({ payment_verified: false }).payment_verified, "false");
    assert.deepEqual(filtersFrom({ payment_verified: "" }), {});
    assert.deepEqual(filtersFrom(undefined), {});
  });

  it("normalizes the base URL", () => {
    assert.equal(baseUrl({ authData: { base_url: " https://api.example.com/ " } }), "https://api.example.com");
    assert.equal(baseUrl({ authData: { base_url: "api.example.com//" } }), "https://api.example.com");
    assert.equal(baseUrl({ authData: { base_url: "http://127.0.0.1:8787" } }), "http://127.0.0.1:8787");
    assert.throws(() => baseUrl({ authData: {} }), /no API base URL/);
  });
});

describe("hook perform (deliveries as the API sends them)", () => {
  const job = { id: "2091000000000000250", title: "Senior TypeScript developer", status: 1 };
  const delivery = (type, extra = {}) => ({
    success: true,
    type,
    subscription_id: "wh_test",
    data: [type === "jobs.closed" ? { ...job, status: 2 } : job],
    count: 1,
    last_updated: "2024-10-24T12:00:35Z",
    ...extra,
  });

  it("New Job returns the delivered job(s), also for a test event, and nothing for lifecycle events", async () => {
    assert.deepEqual(await appTester(App.triggers.new_job.operation.perform, { cleanedRequest: delivery("jobs.matched") }), [job]);
    assert.deepEqual(await appTester(App.triggers.new_job.operation.perform, { cleanedRequest: delivery("webhook.test") }), [job]);
    assert.deepEqual(await appTester(App.triggers.new_job.operation.perform, { cleanedRequest: delivery("jobs.updated") }), []);
    // a batch delivery: every job
    const two = delivery("jobs.matched", { data: [job, { ...job, id: "2091000000000000251" }], count: 2 });
    assert.equal((await appTester(App.triggers.new_job.operation.perform, { cleanedRequest: two })).length, 2);
    // the raw body when cleanedRequest is missing
    const raw = { rawRequest: { content: JSON.stringify(delivery("jobs.matched")) } };
    assert.deepEqual(await appTester(App.triggers.new_job.operation.perform, raw), [job]);
    assert.deepEqual(await appTester(App.triggers.new_job.operation.perform, { cleanedRequest: "not json" }), []);
  });

  it("Job Closed passes only jobs.closed deliveries", async () => {
    const closed = delivery("jobs.closed", { changes: { status: { from: 1, to: 2 } } });
    assert.deepEqual(await appTester(App.triggers.job_closed.operation.perform, { cleanedRequest: closed }), [{ ...job, status: 2 }]);
    for (const type of ["jobs.matched", "jobs.updated", "webhook.test"]) {
      assert.deepEqual(await appTester(App.triggers.job_closed.operation.perform, { cleanedRequest: delivery(type) }), [], type);
    }
  });
});
