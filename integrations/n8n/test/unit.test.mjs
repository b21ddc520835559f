// What needs no Worker: the package's n8n conventions, the node descriptions, the filter mapping
// and the Standard Webhooks verification against signatures made here.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { generic, UpworkJobsApi, UpworkJobsApiCredential, UpworkJobsApiTrigger } from "./helpers.mjs";

const root = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

test("package.json follows n8n's community node conventions", () => {
  assert.match(pkg.name, /^n8n-nodes-/);
  assert.ok(pkg.keywords.includes("n8n-community-node-package"));
  assert.deepEqual(pkg.files, ["dist"]);
  assert.equal(pkg.n8n.n8nNodesApiVersion, 1);
  assert.equal(pkg.n8n.credentials.length, 1);
  assert.equal(pkg.n8n.nodes.length, 2);
  for (const path of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
    assert.match(path, /^dist\//);
    assert.ok(existsSync(join(root, path)), `${path} is built`);
  }
  assert.equal(pkg.peerDependencies["n8n-workflow"], "*");
  assert.match(pkg.devDependencies["n8n-workflow"], /^\d+\.\d+\.\d+$/, "the build's n8n-workflow is pinned exactly");
});

test("each node's icon file is shipped beside it", () => {
  for (const [file, type] of [
    [pkg.n8n.nodes[0], new UpworkJobsApi()],
    [pkg.n8n.nodes[1], new UpworkJobsApiTrigger()],
  ]) {
    const icon = type.description.icon.replace(/^file:/, "");
    const svg = readFileSync(join(root, dirname(file), icon), "utf8");
    assert.match(svg, /^<svg [^>]*viewBox=/);
  }
  const credentialIcon = new UpworkJobsApiCredential().icon.replace(/^file:/, "");
  assert.ok(existsSync(join(root, dirname(pkg.n8n.credentials[0]), credentialIcon)));
});

test("the credential sends X-API-KEY and tests GET /health", () => {
  const credential = new UpworkJobsApiCredential();
  assert.equal(credential.name, "upworkJobsApi");
  assert.equal(credential.displayName, "Upwork Jobs API");
  assert.deepEqual(
    credential.properties.map((p) => p.name),
    ["baseUrl", "apiKey"],
  );
  assert.equal(credential.properties[1].typeOptions.password, true);
  assert.deepEqual(credential.authenticate.properties.headers, { "X-API-KEY": "={{$credentials.apiKey}}" });
  assert.equal(credential.test.request.url, "/health");
});

test("the action node offers every operation of the brief, each with an action label", () => {
  const { description } = new UpworkJobsApi();
  assert.equal(description.displayName, "Upwork Jobs API");
  assert.deepEqual(description.credentials, [{ name: "upworkJobsApi", required: true }]);
  const operations = {};
  for (const p of description.properties.filter((p) => p.name === "operation")) {
    operations[p.displayOptions.show.resource[0]] = p.options.map((o) => o.value).sort();
    for (const o of p.options) assert.ok(o.action, `${o.value} has an action label`);
  }
  assert.deepEqual(operations, {
    job: ["get", "getMany", "history"],
    freelancer: ["search"],
    filter: ["fromUrl", "preview"],
    subscription: ["create", "delete", "getMany"],
  });
  // Every displayOptions condition names a resource/operation that exists.
  const resources = description.properties.find((p) => p.name === "resource").options.map((o) => o.value);
  for (const p of description.properties) {
    const show = p.displayOptions?.show ?? {};
    for (const r of show.resource ?? []) assert.ok(resources.includes(r), `${p.name}: resource ${r}`);
    for (const o of show.operation ?? []) {
      assert.ok(
        (show.resource ?? resources).some((r) => operations[r]?.includes(o)),
        `${p.name}: operation ${o}`,
      );
    }
  }
  assert.deepEqual(Object.keys(new UpworkJobsApi().methods.loadOptions).sort(), ["getCategories", "getCategoryGroups"]);
});

test("the trigger is a webhook trigger with the three events", () => {
  const trigger = new UpworkJobsApiTrigger();
  const { description } = trigger;
  assert.deepEqual(description.group, ["trigger"]);
  assert.deepEqual(description.inputs, []);
  assert.deepEqual(description.webhooks, [{ name: "default", httpMethod: "POST", responseMode: "onReceived", path: "webhook" }]);
  const events = description.properties.find((p) => p.name === "events");
  assert.deepEqual(
    events.options.map((o) => o.value),
    ["jobs.matched", "jobs.updated", "jobs.closed"],
  );
  assert.deepEqual(events.default, ["jobs.matched"]);
  assert.deepEqual(Object.keys(trigger.webhookMethods.default).sort(), ["checkExists", "create", "delete"]);
});

test("filters map to the JSON filters object and to /jobs query parameters", () => {
  const collection = {
    q: '  "cloudflare workers" -wordpress ',
    skills: "TypeScript, React ,",
    category: ["web-development"],
    job_type: "hourly",
    hourly_min: 40,
    payment_verified: true,
    country: "US,gb",
    max_applicants: 0,
    tags: "  ",
    contractor_tier: [],
    posted_after: "2026-11-01T00:00:00",
  };
  assert.deepEqual(generic.filtersToJson(collection), {
    q: '"cloudflare workers" -wordpress',
    skills: ["TypeScript", "React"],
    category: ["web-development"],
    job_type: "hourly",
    hourly_min: 40,
    payment_verified: true,
    country: ["US", "gb"],
    max_applicants: 0,
    posted_after: "2026-11-01T00:00:00",
  });
  assert.deepEqual(generic.filtersToQuery(collection), {
    q: '"cloudflare workers" -wordpress',
    skills: "TypeScript,React",
    category: "web-development",
    job_type: "hourly",
    hourly_min: "40",
    payment_verified: "true",
    country: "US,gb",
    max_applicants: "0",
    posted_after: "2026-11-01T00:00:00",
  });
  // Filters (JSON): an object or its text, overridden by the fields beside it.
  const base = { status: "any", skills: ["go"], hourly_min: 40, job_type: 1 };
  for (const filtersJson of [base, JSON.stringify(base)]) {
    assert.deepEqual(generic.filtersToJson({ filtersJson, hourly_min: 50 }), {
      status: "any",
      skills: ["go"],
      hourly_min: 50,
      job_type: 1,
    });
  }
  assert.deepEqual(generic.filtersToQuery({ filtersJson: base }), { status: "any", skills: "go", hourly_min: "40", job_type: "1" });
  assert.deepEqual(generic.filtersToJson({ filtersJson: "{}" }), {});
  assert.throws(() => generic.filtersToJson({ filtersJson: "{nope" }), /not valid JSON/);
  assert.throws(() => generic.filtersToJson({ filtersJson: "[1]" }), /must be a JSON object/);
  assert.deepEqual(generic.withMatched(["jobs.closed"]), ["jobs.matched", "jobs.closed"]);
  assert.deepEqual(generic.withMatched([]), ["jobs.matched"]);
});

// ---------------------------------------------------------------------------------------------------
// Signatures made here, as the Worker makes them (docs/api.md#signing).

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const sign = (s, id, ts, body) =>
  `v1,${createHmac("sha256", Buffer.from(s.slice(6), "base64"))
    .update(`${id}.${ts}.${body}`)
    .digest("base64")}`;
const now = 1_790_000_000;
const body = Buffer.from('{"success":true,"type":"jobs.matched","data":[{"id":"1"}]}');
const headers = (over = {}) => ({
  "webhook-id": "msg_1",
  "webhook-timestamp": String(now),
  "webhook-signature": sign(secret, "msg_1", now, body),
  ...over,
});

test("a signature made with the secret verifies", () => {
  assert.deepEqual(generic.verifySignature(secret, headers(), body, now), { ok: true });
  // Header names in any case, as some proxies send them.
  const upper = Object.fromEntries(Object.entries(headers()).map(([k, v]) => [k.toUpperCase(), v]));
  assert.deepEqual(generic.verifySignature(secret, upper, body, now), { ok: true });
});

test("any of several space-separated signatures may match (secret rotation)", () => {
  const other = `whsec_${randomBytes(32).toString("base64")}`;
  const both = `${sign(other, "msg_1", now, body)} ${sign(secret, "msg_1", now, body)}`;
  assert.deepEqual(generic.verifySignature(secret, headers({ "webhook-signature": both }), body, now), { ok: true });
  assert.deepEqual(generic.verifySignature(other, headers({ "webhook-signature": both }), body, now), { ok: true });
});

test("a tampered body, another id, another secret or a malformed signature is refused", () => {
  const tampered = Buffer.from(body.toString().replace('"1"', '"2"'));
  assert.equal(generic.verifySignature(secret, headers(), tampered, now).ok, false);
  assert.equal(generic.verifySignature(secret, headers({ "webhook-id": "msg_2" }), body, now).ok, false);
  const other = `whsec_${randomBytes(32).toString("base64")}`;
  assert.equal(generic.verifySignature(other, headers(), body, now).ok, false);
  for (const bad of [
    "",
    "v1,",
    "v2," + sign(secret, "msg_1", now, body).slice(3),
    "nonsense",
    sign(secret, "msg_1", now, body).slice(0, 20),
  ]) {
    assert.equal(generic.verifySignature(secret, headers({ "webhook-signature": bad }), body, now).ok, false, bad);
  }
  assert.equal(generic.verifySignature("not-a-whsec", headers(), body, now).ok, false);
});

test("timestamps more than 5 minutes away are refused, in the past or the future", () => {
  for (const [offset, ok] of [
    [-300, true],
    [300, true],
    [-301, false],
    [301, false],
    [-86_400, false],
  ]) {
    const ts = now + offset;
    const h = headers({ "webhook-timestamp": String(ts), "webhook-signature": sign(secret, "msg_1", ts, body) });
    assert.equal(generic.verifySignature(secret, h, body, now).ok, ok, `offset ${offset}`);
  }
  assert.equal(generic.verifySignature(secret, headers({ "webhook-timestamp": "12abc" }), body, now).ok, false);
  const { "webhook-timestamp": _, ...noTimestamp } = headers();
  assert.equal(generic.verifySignature(secret, noTimestamp, body, now).ok, false);
});
