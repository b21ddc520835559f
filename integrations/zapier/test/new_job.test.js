// The New Job REST hook end to end: subscribe as Zapier would (targetUrl = a receiver on
// 127.0.0.1), a scrape makes the Worker deliver a real webhook, the delivery body goes through
// perform, performList gives samples, unsubscribe removes the subscription. Plus the 403 a
// free key gets.
const assert = require("node:assert/strict");
const { after, before, describe, it } = require("node:test");
const zapier = require("zapier-platform-core");
const App = require("../index");
const { apiGet, authData, createKey, errorMessage, needsWorker, scrape, startReceiver } = require("./helpers");

const appTester = zapier.createAppTester(App);
const op = App.triggers.new_job.operation;
// The demo source adds, on every run, at least one fixed-price job of 1,000 or more.
const inputData = { job_type: "fixed", budget_min: 1000, payment_verified: "" };

describe("New Job (REST hook)", needsWorker, () => {
  let key;
  let receiver;
  let subscription;
  let delivery;

  before(async () => {
    key = await createKey("professional", "zapier-new-job-test");
    receiver = await startReceiver();
    await scrape(); // a fresh deployment's first run stores a backlog: take it before subscribing
  });
  after(() => receiver.close());

  it("subscribes: POST /webhooks with Zapier's target URL and the Zap's filters", async () => {
    const targetUrl = receiver.hookUrl();
    subscription = await appTester(op.performSubscribe, { authData: authData(key), inputData, targetUrl, meta: {} });
    assert.match(subscription.id, /^wh_/);
    assert.equal(subscription.url, targetUrl);
    assert.equal(subscription.format, "json");
    assert.deepEqual(subscription.events, ["jobs.matched"]);
    assert.deepEqual(subscription.filters, { status: "open", job_type: 2, budget_min: 1000 });
    assert.equal(subscription.active, true);
  });

  it("the subscription exists (GET /webhooks)", async () => {
    const { status, body } = await apiGet(key, "/webhooks");
    assert.equal(status, 200);
    assert.deepEqual(
      body.data.map((s) => s.id),
      [subscription.id],
    );
  });

  it("a scrape delivers a real jobs.matched webhook to the target URL", async () => {
    const run = await scrape();
    assert.ok(run.new >= 1, `the run stored no new job: ${JSON.stringify(run)}`);
    delivery = await receiver.waitFor((d) => d.json && d.json.subscription_id === subscription.id);
    assert.equal(delivery.method, "POST");
    assert.match(delivery.headers["content-type"], /application\/json/);
    assert.match(delivery.headers["webhook-id"], /^msg_/);
    assert.equal(delivery.json.type, "jobs.matched");
  });

  it("perform turns the delivery body into the job, with its stable string id", async () => {
    const jobs = await appTester(op.perform, {
      authData: authData(key),
      inputData,
      cleanedRequest: delivery.json,
      rawRequest: { method: "POST", headers: delivery.headers, content: delivery.raw },
      subscribeData: subscription,
    });
    assert.equal(jobs.length, 1);
    const [job] = jobs;
    assert.equal(typeof job.id, "string");
    assert.match(job.id, /^\d+$/);
    assert.equal(job.job_type, 2);
    assert.ok(job.budget.fixed_amount >= 1000);
    assert.equal(job.status, 1);
    // it is a stored job
    const stored = await apiGet(key, `/jobs/${job.id}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.data[0].title, job.title);
  });

  it("performList returns newest-first jobs matching the filters, each with an id", async () => {
    const jobs = await appTester(op.performList, { authData: authData(key), inputData, meta: { isLoadingSample: true, limit: 5 } });
    assert.ok(jobs.length >= 1 && jobs.length <= 5, `got ${jobs.length}`);
    for (const job of jobs) {
      assert.equal(typeof job.id, "string");
      assert.equal(job.job_type, 2);
      assert.ok(job.budget.fixed_amount >= 1000);
    }
    const posted = jobs.map((j) => j.posted_on);
    assert.deepEqual(posted, [...posted].sort().reverse(), "newest first");
    assert.equal(new Set(jobs.map((j) => j.id)).size, jobs.length, "ids are unique");
    // without meta.limit: the default page of 10
    const page = await appTester(op.performList, { authData: authData(key), inputData: {}, meta: {} });
    assert.equal(page.length, 10);
  });

  it("unsubscribes: DELETE /webhooks/:id, and the subscription is gone", async () => {
    const result = await appTester(op.performUnsubscribe, { authData: authData(key), inputData, subscribeData: subscription, meta: {} });
    assert.deepEqual(result, { id: subscription.id, deleted: true });
    const list = await apiGet(key, "/webhooks");
    assert.deepEqual(list.body.data, []);
    const one = await apiGet(key, `/webhooks/${subscription.id}`);
    assert.equal(one.status, 404);
    // turning a Zap off whose subscription was already deleted by hand does not fail
    const again = await appTester(op.performUnsubscribe, { authData: authData(key), inputData, subscribeData: subscription, meta: {} });
    assert.deepEqual(again, { id: subscription.id, deleted: false });
  });

  it("shows the API's validation message for a bad filter", async () => {
    await assert.rejects(
      appTester(op.performSubscribe, { authData: authData(key), inputData: { country: "UK" }, targetUrl: receiver.hookUrl(), meta: {} }),
      (err) => {
        const e = errorMessage(err);
        assert.equal(e.status, 400);
        assert.match(e.message, /^Invalid country parameter: 'UK' is not an ISO 3166-1 alpha-2 country code/);
        return true;
      },
    );
  });

  it("a free-tier key cannot subscribe: the 403 message is surfaced", async () => {
    const freeKey = await createKey("free", "zapier-free-test");
    await assert.rejects(
      appTester(op.performSubscribe, { authData: authData(freeKey), inputData, targetUrl: receiver.hookUrl(), meta: {} }),
      (err) => {
        const e = errorMessage(err);
        assert.equal(e.status, 403);
        assert.equal(e.code, "Forbidden");
        assert.equal(e.message, "Webhooks are not available on the free tier: upgrade to professional or enterprise");
        return true;
      },
    );
    // the sample list (GET /jobs) works on every tier
    const jobs = await appTester(op.performList, { authData: authData(freeKey), inputData: {}, meta: { limit: 1 } });
    assert.equal(jobs.length, 1);
  });
});
