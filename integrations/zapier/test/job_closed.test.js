// The Job Closed REST hook: it subscribes to jobs.matched and jobs.closed (the API only follows
// jobs it sent), and perform lets only jobs.closed through, checked here on a real jobs.matched
// delivery (a real jobs.closed takes days with the demo source; definition.test.js feeds one in).
const assert = require("node:assert/strict");
const { after, before, describe, it } = require("node:test");
const zapier = require("zapier-platform-core");
const App = require("../index");
const { apiGet, authData, createKey, needsWorker, scrape, startReceiver } = require("./helpers");

const appTester = zapier.createAppTester(App);
const op = App.triggers.job_closed.operation;

describe("Job Closed (REST hook)", needsWorker, () => {
  let key;
  let receiver;
  let subscription;

  before(async () => {
    key = await createKey("professional", "zapier-job-closed-test");
    receiver = await startReceiver();
    await scrape();
  });
  after(() => receiver.close());

  it("subscribes to jobs.matched and jobs.closed with the Zap's filters", async () => {
    const targetUrl = receiver.hookUrl();
    subscription = await appTester(op.performSubscribe, {
      authData: authData(key),
      inputData: { job_type: "hourly" },
      targetUrl,
      meta: {},
    });
    const { body } = await apiGet(key, `/webhooks/${subscription.id}`);
    assert.deepEqual(body.data[0].events, ["jobs.closed", "jobs.matched"]);
    assert.deepEqual(body.data[0].filters, { status: "open", job_type: 1 });
    assert.equal(body.data[0].url, targetUrl);
  });

  it("drops the jobs.matched deliveries the subscription receives", async () => {
    await scrape(); // every demo run has an hourly job
    const delivery = await receiver.waitFor((d) => d.json && d.json.subscription_id === subscription.id);
    assert.equal(delivery.json.type, "jobs.matched");
    assert.equal(delivery.json.data.length, 1);
    assert.deepEqual(
      await appTester(op.perform, { authData: authData(key), cleanedRequest: delivery.json, subscribeData: subscription }),
      [],
    );
    // the same job as a closing goes through
    const closing = { ...delivery.json, type: "jobs.closed", changes: { status: { from: 1, to: 2 } } };
    const jobs = await appTester(op.perform, { authData: authData(key), cleanedRequest: closing, subscribeData: subscription });
    assert.deepEqual(
      jobs.map((j) => j.id),
      [delivery.json.data[0].id],
    );
  });

  it("performList returns recently closed jobs, newest first", async () => {
    const jobs = await appTester(op.performList, { authData: authData(key), inputData: {}, meta: { limit: 10 } });
    assert.ok(jobs.length >= 1, "the demo source closes some backlog jobs on its first run");
    for (const job of jobs) {
      assert.equal(typeof job.id, "string");
      assert.equal(job.status, 2);
    }
    const posted = jobs.map((j) => j.posted_on);
    assert.deepEqual(posted, [...posted].sort().reverse());
  });

  it("unsubscribes", async () => {
    await appTester(op.performUnsubscribe, { authData: authData(key), subscribeData: subscription, meta: {} });
    assert.equal((await apiGet(key, `/webhooks/${subscription.id}`)).status, 404);
  });
});
