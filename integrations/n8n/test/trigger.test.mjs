// The trigger's webhook lifecycle against the local Worker: activation registers a subscription,
// the Worker's signed deliveries reach a receiver on 127.0.0.1 standing in for n8n's webhook URL,
// and each received request (headers + raw bytes, as n8n hands them over) goes through webhook().
import assert from "node:assert/strict";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  api,
  hookContext,
  newCredentials,
  scrape,
  skipWithoutWorker,
  startReceiver,
  UpworkJobsApiTrigger,
  webhookContext,
} from "./helpers.mjs";

const trigger = new UpworkJobsApiTrigger();
const hooks = trigger.webhookMethods.default;

const parse = (request) => {
  try {
    return JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return {};
  }
};

/** Signs `rawBody` as the Worker does (docs/api.md#signing), with this secret and timestamp. */
function signed(
  request,
  secret,
  { timestamp = Math.floor(Date.now() / 1000), rawBody = request.rawBody, id = request.headers["webhook-id"] } = {},
) {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(rawBody).digest("base64");
  return {
    headers: { ...request.headers, "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature}` },
    rawBody,
  };
}

describe("Upwork Jobs API Trigger", { skip: skipWithoutWorker }, () => {
  let creds;
  let receiver;

  before(async () => {
    creds = await newCredentials("professional");
    receiver = await startReceiver();
  });
  after(() => receiver?.close());

  /** A trigger node instance: its parameters, static data and webhook URL. */
  function node(parameters) {
    const staticData = {};
    const webhookUrl = receiver.url(`/webhook/${randomUUID()}/webhook`);
    return {
      staticData,
      webhookUrl,
      hook: (url = webhookUrl) => hookContext(parameters, creds, { webhookUrl: url, staticData }),
      receive: (request) => {
        const ctx = webhookContext(parameters, creds, { staticData, request });
        return trigger.webhook.call(ctx).then((result) => ({ result, ctx }));
      },
    };
  }

  const deliveryFor = (subscriptionId, type) =>
    receiver.waitFor((r) => {
      const body = parse(r);
      return body.subscription_id === subscriptionId && body.type === type;
    });

  test("activate → subscription; a signed delivery → one item per job; forged, tampered or stale → 401; deactivate → deleted", async () => {
    const n = node({ events: ["jobs.matched"], filters: { job_type: "fixed", budget_min: 1000 } });

    // Activation: n8n asks checkExists, then create.
    assert.equal(await hooks.checkExists.call(n.hook()), false);
    assert.equal(await hooks.create.call(n.hook()), true);
    const id = n.staticData.webhookId;
    assert.match(id, /^wh_/);
    assert.match(n.staticData.webhookSecret, /^whsec_/);
    const { status, body } = await api(creds, "GET", `/webhooks/${id}`);
    assert.equal(status, 200);
    const sub = body.data[0];
    assert.equal(sub.url, n.webhookUrl);
    assert.deepEqual(sub.events, ["jobs.matched"]);
    assert.equal(sub.format, "json");
    assert.equal(sub.filters.job_type, 2);
    assert.equal(sub.filters.budget_min, 1000);
    assert.equal(sub.active, true);
    assert.equal(sub.secret, n.staticData.webhookSecret);
    assert.match(sub.description, /^n8n workflow "n8n node test" \(wf_test\)$/);
    assert.equal(await hooks.checkExists.call(n.hook()), true);

    // The demo source adds at least one fixed-price job of 1,000 or more on every run.
    await scrape();
    const delivery = await deliveryFor(id, "jobs.matched");
    assert.match(delivery.headers["webhook-id"], /^msg_/);
    assert.match(delivery.headers["webhook-signature"], /^v1,/);
    const sent = parse(delivery);

    const { result, ctx } = await n.receive(delivery);
    assert.equal(ctx.response.ended, false, "n8n answers the request itself");
    const items = result.workflowData[0];
    assert.equal(items.length, sent.data.length);
    assert.ok(items.length >= 1);
    for (const [i, { json }] of items.entries()) {
      assert.equal(json.type, "jobs.matched");
      assert.equal(json.subscription_id, id);
      assert.equal(json.event_id, delivery.headers["webhook-id"]);
      assert.equal(json.id, sent.data[i].id);
      assert.equal(json.title, sent.data[i].title);
      assert.equal(json.job_type, 2);
      assert.ok(json.budget.fixed_amount >= 1000);
      assert.equal("changes" in json, false);
    }

    // A body changed after signing: refused, nothing emitted.
    const tampered = { ...delivery, rawBody: Buffer.from(delivery.rawBody.toString("utf8").replace(`"${sent.data[0].id}"`, '"1"')) };
    assert.notDeepEqual(tampered.rawBody, delivery.rawBody);
    for (const request of [
      tampered,
      { ...delivery, rawBody: Buffer.concat([delivery.rawBody, Buffer.from(" ")]) },
      { ...delivery, headers: { ...delivery.headers, "webhook-signature": `v1,${randomBytes(32).toString("base64")}` } },
      { ...delivery, headers: { ...delivery.headers, "webhook-id": "msg_other" } },
      signed(delivery, `whsec_${randomBytes(32).toString("base64")}`),
      { ...delivery, headers: { "content-type": "application/json" } },
    ]) {
      const rejected = await n.receive(request);
      assert.deepEqual(rejected.result, { noWebhookResponse: true });
      assert.equal(rejected.ctx.response.statusCode, 401);
      assert.match(rejected.ctx.response.body, /^Rejected: /);
    }

    // Re-signed here with the real secret: accepted now, refused with a timestamp 6 minutes off.
    const fresh = await n.receive(signed(delivery, n.staticData.webhookSecret));
    assert.equal(fresh.result.workflowData[0].length, items.length);
    for (const offset of [-360, 360]) {
      const stale = await n.receive(signed(delivery, n.staticData.webhookSecret, { timestamp: Math.floor(Date.now() / 1000) + offset }));
      assert.deepEqual(stale.result, { noWebhookResponse: true });
      assert.equal(stale.ctx.response.statusCode, 401);
      assert.match(stale.ctx.response.body, /more than 5 minutes/);
    }

    // Deactivation deletes the subscription and forgets it.
    assert.equal(await hooks.delete.call(n.hook()), true);
    assert.deepEqual(n.staticData, {});
    assert.equal((await api(creds, "GET", `/webhooks/${id}`)).status, 404);
    assert.equal(await hooks.checkExists.call(n.hook()), false);
    // Deleting again (n8n may retry) is fine.
    assert.equal(await hooks.delete.call(n.hook()), true);
  });

  test("events: updates and closings ride along with jobs.matched; unselected events are acknowledged without items", async () => {
    const n = node({ events: ["jobs.closed", "jobs.updated"], filters: {} });
    assert.equal(await hooks.create.call(n.hook()), true);
    const id = n.staticData.webhookId;
    const sub = (await api(creds, "GET", `/webhooks/${id}`)).body.data[0];
    assert.deepEqual(sub.events, ["jobs.closed", "jobs.matched", "jobs.updated"]);

    // A test event (POST /webhooks/:id/test) always comes through.
    const test = await api(creds, "POST", `/webhooks/${id}/test`);
    assert.equal(test.status, 200);
    const testDelivery = await deliveryFor(id, "webhook.test");
    const tested = await n.receive(testDelivery);
    assert.equal(tested.result.workflowData[0].length, 1);
    assert.equal(tested.result.workflowData[0][0].json.type, "webhook.test");

    // jobs.matched was not selected: acknowledged (200, no execution).
    await scrape();
    const matched = await deliveryFor(id, "jobs.matched");
    const ignored = await n.receive(matched);
    assert.deepEqual(ignored.result, {});
    assert.equal(ignored.ctx.response.statusCode, 200);

    // A lifecycle event, in the API's json format, signed with the subscription's secret: its
    // changes are passed on with the job.
    const job = parse(matched).data[0];
    const body = {
      success: true,
      type: "jobs.closed",
      subscription_id: id,
      data: [{ ...job, status: 2 }],
      count: 1,
      changes: { status: { from: 1, to: 2 }, "client_activity.total_hired": { from: 0, to: 1 } },
      last_updated: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    };
    const closed = await n.receive(
      signed({ headers: { "content-type": "application/json" } }, n.staticData.webhookSecret, {
        rawBody: Buffer.from(JSON.stringify(body)),
        id: "msg_lifecycle",
      }),
    );
    const [item] = closed.result.workflowData[0];
    assert.equal(item.json.type, "jobs.closed");
    assert.equal(item.json.id, job.id);
    assert.equal(item.json.status, 2);
    assert.equal(item.json.event_id, "msg_lifecycle");
    assert.deepEqual(item.json.changes, body.changes);

    assert.equal(await hooks.delete.call(n.hook()), true);
  });

  test("a secret rotated after activation: deliveries signed with the new one are accepted after one look-up", async () => {
    const n = node({ events: ["jobs.matched"], filters: {} });
    assert.equal(await hooks.create.call(n.hook()), true);
    const id = n.staticData.webhookId;
    const oldSecret = n.staticData.webhookSecret;
    const rotated = await api(creds, "POST", `/webhooks/${id}/rotate-secret`);
    const newSecret = rotated.body.data[0].secret;
    assert.notEqual(newSecret, oldSecret);

    // During the grace period the Worker signs with both: accepted with the stored (old) secret.
    await api(creds, "POST", `/webhooks/${id}/test`);
    const both = await deliveryFor(id, "webhook.test");
    assert.equal(both.headers["webhook-signature"].split(" ").length, 2);
    const graced = await n.receive(both);
    assert.equal(graced.result.workflowData[0].length, 1);
    assert.equal(graced.ctx.requests.length, 0, "no look-up needed");

    // Signed with the new secret only (after the grace period): one GET /webhooks/:id, then accepted.
    const onlyNew = await n.receive(signed(both, newSecret));
    assert.equal(onlyNew.result.workflowData[0].length, 1);
    assert.deepEqual(
      onlyNew.ctx.requests.map((r) => [r.method, r.url.replace(creds.baseUrl.replace(/\/$/, ""), "")]),
      [["GET", `/webhooks/${id}`]],
    );
    assert.equal(n.staticData.webhookSecret, newSecret);

    // Forged requests cannot make the trigger look the secret up again within a minute.
    const forged = await n.receive(signed(both, `whsec_${randomBytes(32).toString("base64")}`));
    assert.equal(forged.ctx.response.statusCode, 401);
    assert.equal(forged.ctx.requests.length, 0);

    assert.equal(await hooks.delete.call(n.hook()), true);
  });

  test("checkExists: a subscription deleted elsewhere, or registered for another URL, is not this trigger's", async () => {
    const n = node({ events: ["jobs.matched"], filters: { skills: "Python" } });
    assert.equal(await hooks.create.call(n.hook()), true);
    const first = n.staticData.webhookId;
    await api(creds, "DELETE", `/webhooks/${first}`);
    assert.equal(await hooks.checkExists.call(n.hook()), false);
    assert.deepEqual(n.staticData, {});

    assert.equal(await hooks.create.call(n.hook()), true);
    const second = n.staticData.webhookId;
    // n8n's webhook URL changed (e.g. a new WEBHOOK_URL): the old subscription is removed.
    assert.equal(await hooks.checkExists.call(n.hook(receiver.url("/webhook/moved/webhook"))), false);
    assert.equal((await api(creds, "GET", `/webhooks/${second}`)).status, 404);

    // A disabled subscription is replaced too.
    assert.equal(await hooks.create.call(n.hook()), true);
    const third = n.staticData.webhookId;
    await api(creds, "PATCH", `/webhooks/${third}`, { active: false });
    assert.equal(await hooks.checkExists.call(n.hook()), false);
    assert.equal((await api(creds, "GET", `/webhooks/${third}`)).status, 404);
  });

  test("activation errors carry the API's message", async () => {
    const free = await newCredentials("free");
    const staticData = {};
    const ctx = hookContext({ events: ["jobs.matched"], filters: {} }, free, {
      webhookUrl: receiver.url("/webhook/x/webhook"),
      staticData,
    });
    await assert.rejects(hooks.create.call(ctx), (error) => {
      assert.equal(error.name, "NodeApiError");
      assert.equal(error.httpCode, "403");
      assert.match(error.message, /^Webhooks are not available on the free tier/);
      return true;
    });
    const invalid = hookContext({ events: ["jobs.matched"], filters: { country: "UK" } }, creds, {
      webhookUrl: receiver.url("/webhook/y/webhook"),
      staticData,
    });
    await assert.rejects(hooks.create.call(invalid), /Invalid country parameter/);
    assert.deepEqual(staticData, {});
  });
});
