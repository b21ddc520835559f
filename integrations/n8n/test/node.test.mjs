// The credential and every operation of the action node, against the local Worker.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { before, describe, test } from "node:test";
import {
  api,
  execute,
  executeContext,
  loadOptionsContext,
  newCredentials,
  scrape,
  skipWithoutWorker,
  testCredential,
  UpworkJobsApi,
} from "./helpers.mjs";

/** A loopback port nothing listens on. */
function closedPort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

describe("Upwork Jobs API node", { skip: skipWithoutWorker }, () => {
  let creds;

  before(async () => {
    creds = await newCredentials("professional");
    await scrape();
  });

  test("credential test: a valid key passes, a wrong key or base URL fails with the API's message", async () => {
    assert.deepEqual(await testCredential(creds), { status: "OK", message: "Connection successful!" });
    // Without a trailing slash too.
    assert.equal((await testCredential({ ...creds, baseUrl: creds.baseUrl.replace(/\/$/, "") })).status, "OK");
    assert.deepEqual(await testCredential({ ...creds, apiKey: "uja_not-a-key" }), {
      status: "Error",
      message: "The API refused the key: it is unknown, revoked or deactivated",
    });
    assert.deepEqual(await testCredential({ ...creds, baseUrl: `${creds.baseUrl}nowhere` }), {
      status: "Error",
      message: "No upwork-jobs-api at this Base URL: GET /health answered 404",
    });
    const closed = await testCredential({ ...creds, baseUrl: `http://127.0.0.1:${await closedPort()}` });
    assert.deepEqual(closed, { status: "Error", message: "ECONNREFUSED" });
  });

  test("Job → Get Many: filters become /jobs parameters, limit is honoured", async () => {
    const jobs = await execute(
      { resource: "job", operation: "getMany", limit: 5, filters: { job_type: "fixed", budget_min: 1000, payment_verified: true } },
      creds,
    );
    assert.equal(jobs.length, 5);
    for (const { json, pairedItem } of jobs) {
      assert.deepEqual(pairedItem, { item: 0 });
      assert.equal(json.job_type, 2);
      assert.ok(json.budget.fixed_amount >= 1000);
      assert.equal(json.buyer.payment_verified, true);
      assert.equal(json.status, 1);
    }
  });

  test("Job → Get Many: a limit above one page follows next_cursor; Return All reads every page", async () => {
    const ctx = executeContext({ resource: "job", operation: "getMany", limit: 130, filters: {} }, creds);
    const [out] = await new UpworkJobsApi().execute.call(ctx);
    assert.equal(out.length, 130);
    assert.equal(new Set(out.map((i) => i.json.id)).size, 130, "no job twice");
    assert.deepEqual(
      ctx.requests.map((r) => [r.qs.limit, Boolean(r.qs.cursor)]),
      [
        [100, false],
        [30, true],
      ],
    );

    const filters = { skills: "TypeScript" };
    const all = await execute({ resource: "job", operation: "getMany", returnAll: true, filters }, creds);
    const total = (await api(creds, "GET", "/jobs?skills=TypeScript&limit=100")).body;
    assert.ok(all.length >= total.count);
    assert.ok(all.every((i) => i.json.skills.some((s) => s.toLowerCase() === "typescript")));
  });

  test("Job → Get and Get History", async () => {
    const [first] = await execute({ resource: "job", operation: "getMany", limit: 1 }, creds);
    const id = first.json.id;
    const [job] = await execute({ resource: "job", operation: "get", jobId: id }, creds);
    assert.equal(job.json.id, id);
    assert.equal(job.json.title, first.json.title);

    // The demo source closes some stored jobs on each run: a closed job has a recorded change.
    const changed = (await api(creds, "GET", "/jobs?status=closed&limit=20")).body.data;
    let history = [];
    for (const candidate of changed) {
      history = await execute({ resource: "job", operation: "history", jobId: candidate.id }, creds);
      if (history.length) break;
    }
    assert.ok(history.length > 0, "a closed job has a recorded change");
    for (const { json } of history) {
      assert.equal(typeof json.job_id, "string");
      assert.match(json.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(typeof json.changes, "object");
    }
  });

  test("errors surface the API's message and status as a NodeApiError", async () => {
    await assert.rejects(execute({ resource: "job", operation: "get", jobId: "999" }, creds), (error) => {
      assert.equal(error.name, "NodeApiError");
      assert.equal(error.message, "Job not found");
      assert.equal(error.httpCode, "404");
      return true;
    });
    await assert.rejects(execute({ resource: "job", operation: "getMany", filters: { country: "UK" } }, creds), (error) => {
      assert.equal(error.httpCode, "400");
      assert.match(error.message, /^Invalid country parameter: 'UK' is not an ISO 3166-1 alpha-2 country code/);
      return true;
    });
    // continueOnFail: the error becomes an item instead.
    const out = await execute({ resource: "job", operation: "get", jobId: "999" }, creds, { continueOnFail: true });
    assert.deepEqual(out, [{ json: { error: "Job not found" }, pairedItem: { item: 0 } }]);
    // A free-tier key may not use webhooks: 403 with the API's message.
    const free = await newCredentials("free");
    await assert.rejects(execute({ resource: "subscription", operation: "getMany" }, free), /not available on the free tier/);
  });

  test("one request per input item, each output paired with its item", async () => {
    const [a] = (await api(creds, "GET", "/jobs?limit=1")).body.data;
    const ctx = executeContext({ resource: "job", operation: "get", jobId: a.id }, creds, { items: [{ json: {} }, { json: {} }] });
    const [items] = await new UpworkJobsApi().execute.call(ctx);
    assert.deepEqual(
      items.map((i) => [i.json.id, i.pairedItem.item]),
      [
        [a.id, 0],
        [a.id, 1],
      ],
    );
    assert.equal(ctx.requests.length, 2);
  });

  test("Freelancer → Search: query, filters, limit and pages", async () => {
    const some = await execute({ resource: "freelancer", operation: "search", query: "", limit: 3 }, creds);
    assert.equal(some.length, 3);
    assert.equal(typeof some[0].json.name, "string");
    assert.equal(typeof some[0].json.profile_url, "string");

    const filtered = await execute(
      {
        resource: "freelancer",
        operation: "search",
        returnAll: true,
        freelancerFilters: { hourly_rate_min: 30, sort: "hourly_rate", order: "asc" },
      },
      creds,
    );
    assert.ok(filtered.length > 0);
    const rates = filtered.map((i) => Number(i.json.hourly_rate));
    assert.ok(rates.every((r) => r >= 30));
    assert.deepEqual(
      rates,
      [...rates].sort((x, y) => x - y),
    );
    const total = (await api(creds, "GET", "/freelancers?hourly_rate_min=30&per_page=1")).body.total_results;
    assert.equal(filtered.length, total, "Return All reads every page");
  });

  test("Filter → Preview counts what a filter matched", async () => {
    const [preview] = await execute({ resource: "filter", operation: "preview", filters: { job_type: "hourly" } }, creds);
    const { counts, alerts_per_day, newest } = preview.json;
    assert.ok(counts.last_30d >= counts.last_7d && counts.last_7d >= counts.last_24h && counts.last_24h > 0);
    assert.equal(typeof alerts_per_day, "number");
    assert.ok(newest.length > 0 && newest.every((j) => j.job_type === 1));
  });

  test("Filter → From Upwork URL translates a search URL", async () => {
    const [translation] = await execute(
      { resource: "filter", operation: "fromUrl", upworkUrl: "https://www.upwork.com/nx/search/jobs/?q=react&payment_verified=1" },
      creds,
    );
    assert.equal(translation.json.filters.q, "react");
    assert.equal(typeof translation.json.query, "string");
    assert.ok(Array.isArray(translation.json.approximated));
    assert.ok(Array.isArray(translation.json.untranslated));
  });

  test("From Upwork URL → Preview and Get Many through Filters (JSON)", async () => {
    const [translation] = await execute(
      { resource: "filter", operation: "fromUrl", upworkUrl: "https://www.upwork.com/nx/search/jobs/?t=0&hourly_rate=30-" },
      creds,
    );
    const { filters } = translation.json;
    assert.equal(filters.job_type, 1);
    const [preview] = await execute({ resource: "filter", operation: "preview", filters: { filtersJson: filters } }, creds);
    assert.ok(preview.json.newest.length > 0);
    assert.ok(preview.json.newest.every((j) => j.job_type === 1));
    const jobs = await execute(
      { resource: "job", operation: "getMany", limit: 5, filters: { filtersJson: JSON.stringify(filters) } },
      creds,
    );
    assert.ok(jobs.length > 0 && jobs.every((j) => j.json.job_type === 1 && (j.json.hourly_budget.max ?? j.json.hourly_budget.min) >= 30));
  });

  test("category options are loaded from GET /categories", async () => {
    const type = new UpworkJobsApi();
    const ctx = loadOptionsContext(type, creds);
    const categories = await type.methods.loadOptions.getCategories.call(ctx);
    const groups = await type.methods.loadOptions.getCategoryGroups.call(ctx);
    assert.ok(categories.length > 0 && groups.length > 0);
    assert.ok(categories.some((o) => o.value === "web-development"));
    assert.ok(groups.some((o) => o.value === "web-mobile-software-dev"));
    for (const o of [...categories, ...groups]) assert.match(o.value, /^[a-z0-9][a-z0-9-]*$/);
    // The slugs are valid filter values.
    const jobs = await execute({ resource: "job", operation: "getMany", limit: 3, filters: { category: [categories[0].value] } }, creds);
    assert.ok(jobs.every((j) => j.json.category.slug === categories[0].value));
  });

  test("Subscription → Create, Get Many, Delete", async () => {
    const [created] = await execute(
      {
        resource: "subscription",
        operation: "create",
        url: "https://example.com/hooks/upwork",
        events: ["jobs.closed"],
        filters: { skills: "TypeScript,React", budget_min: 1000 },
        options: { description: "from the n8n node test", batch: true },
      },
      creds,
    );
    const sub = created.json;
    assert.match(sub.id, /^wh_/);
    assert.match(sub.secret, /^whsec_/);
    assert.deepEqual(sub.events, ["jobs.closed", "jobs.matched"]);
    assert.deepEqual(sub.filters.skills, ["typescript", "react"]);
    assert.equal(sub.filters.budget_min, 1000);
    assert.equal(sub.batch, true);
    assert.equal(sub.format, "json");

    const list = await execute({ resource: "subscription", operation: "getMany" }, creds);
    assert.ok(list.some((i) => i.json.id === sub.id));

    const [deleted] = await execute({ resource: "subscription", operation: "delete", subscriptionId: sub.id }, creds);
    assert.equal(deleted.json.id, sub.id);
    assert.equal(deleted.json.deleted, true);
    assert.equal((await api(creds, "GET", `/webhooks/${sub.id}`)).status, 404);
    await assert.rejects(execute({ resource: "subscription", operation: "delete", subscriptionId: sub.id }, creds), /Webhook not found/);

    // The API's target rules come back as the error message.
    await assert.rejects(
      execute({ resource: "subscription", operation: "create", url: "ftp://example.com/x" }, creds),
      /^NodeApiError: Invalid url parameter/,
    );
  });
});
