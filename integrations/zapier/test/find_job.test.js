// The Find Job search and the category dropdowns, against the local Worker.
const assert = require("node:assert/strict");
const { before, describe, it } = require("node:test");
const zapier = require("zapier-platform-core");
const App = require("../index");
const { apiGet, authData, createKey, errorMessage, needsWorker, scrape } = require("./helpers");

const appTester = zapier.createAppTester(App);

describe("Find Job (search)", needsWorker, () => {
  let key;
  let open;
  let closed;

  before(async () => {
    key = await createKey("developer", "zapier-find-test");
    await scrape();
    open = (await apiGet(key, "/jobs?limit=1")).body.data[0];
    closed = (await apiGet(key, "/jobs?limit=1&status=closed")).body.data[0];
  });

  it("finds a job by id", async () => {
    const jobs = await appTester(App.searches.find_job.operation.perform, { authData: authData(key), inputData: { id: open.id } });
    assert.deepEqual(jobs, [open]);
  });

  it("finds a job by its Upwork URL, and closed jobs too", async () => {
    const byUrl = await appTester(App.searches.find_job.operation.perform, { authData: authData(key), inputData: { id: ` ${open.url} ` } });
    assert.deepEqual(
      byUrl.map((j) => j.id),
      [open.id],
    );
    if (closed) {
      const jobs = await appTester(App.searches.find_job.operation.perform, { authData: authData(key), inputData: { id: closed.id } });
      assert.equal(jobs[0].status, 2);
    }
  });

  it("returns nothing (not an error) for an unknown id", async () => {
    const jobs = await appTester(App.searches.find_job.operation.perform, {
      authData: authData(key),
      inputData: { id: "9999999999999999999" },
    });
    assert.deepEqual(jobs, []);
  });

  it("still fails on a bad key", async () => {
    await assert.rejects(
      appTester(App.searches.find_job.operation.perform, { authData: authData("uja_nope"), inputData: { id: open.id } }),
      (err) => {
        assert.equal(errorMessage(err).status, 401);
        return true;
      },
    );
  });
});

describe("category dropdowns", needsWorker, () => {
  let key;
  before(async () => {
    key = await createKey("developer", "zapier-categories-test");
    await scrape();
  });

  it("lists the categories of stored jobs as id = slug, with a readable name", async () => {
    const choices = await appTester(App.triggers.category.operation.perform, { authData: authData(key), inputData: {}, meta: {} });
    assert.ok(choices.length >= 1);
    for (const c of choices) {
      assert.match(c.id, /^[a-z0-9][a-z0-9-]*$/);
      assert.equal(typeof c.name, "string");
    }
    const web = choices.find((c) => c.id === "web-development");
    assert.ok(web, JSON.stringify(choices));
    assert.match(web.name, /^Web Development — Web, Mobile & Software Dev \(\d+ open\)$/);

    // a picked category filters the sample list
    const jobs = await appTester(App.triggers.new_job.operation.performList, {
      authData: authData(key),
      inputData: { category: [web.id] },
      meta: { limit: 5 },
    });
    assert.ok(jobs.length >= 1);
    for (const job of jobs) assert.equal(job.category.slug, "web-development");
  });

  it("lists Upwork's twelve category groups", async () => {
    const groups = await appTester(App.triggers.category_group.operation.perform, { authData: authData(key), inputData: {}, meta: {} });
    assert.equal(groups.length, 12);
    assert.ok(groups.some((g) => g.id === "web-mobile-software-dev" && g.name.startsWith("Web, Mobile & Software Dev")));
    const jobs = await appTester(App.triggers.new_job.operation.performList, {
      authData: authData(key),
      inputData: { category_group: "web-mobile-software-dev" },
      meta: { limit: 5 },
    });
    for (const job of jobs) assert.equal(job.category.group_slug, "web-mobile-software-dev");
  });
});
