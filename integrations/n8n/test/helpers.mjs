// Minimal stand-ins for the function contexts n8n hands to a node (IExecuteFunctions,
// ILoadOptionsFunctions, IHookFunctions, IWebhookFunctions), good enough to call the built nodes in
// dist/ as n8n would, against the local Worker that `npm run test:e2e` starts (WORKER_URL, ADMIN_TOKEN).
// HTTP goes through a small copy of n8n's httpRequest semantics (json, qs, returnFullResponse,
// ignoreHttpStatusErrors), with the credential's `authenticate` block applied like n8n applies it.
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const { UpworkJobsApi } = require("../dist/nodes/UpworkJobsApi/UpworkJobsApi.node.js");
export const { UpworkJobsApiTrigger } = require("../dist/nodes/UpworkJobsApi/UpworkJobsApiTrigger.node.js");
export const { UpworkJobsApi: UpworkJobsApiCredential } = require("../dist/credentials/UpworkJobsApi.credentials.js");
export const generic = require("../dist/nodes/UpworkJobsApi/GenericFunctions.js");

export const WORKER_URL = process.env.WORKER_URL;
export const ADMIN_TOKEN = process.env.ADMIN_TOKEN;
/** Why the Worker tests are skipped, or false when they run. */
export const skipWithoutWorker =
  WORKER_URL && ADMIN_TOKEN ? false : "needs WORKER_URL and ADMIN_TOKEN: run `npm run test:e2e -- --only n8n` at the repo root";

const credentialType = new UpworkJobsApiCredential();

// ---------------------------------------------------------------------------------------------------
// The Worker's admin API.

export async function admin(method, path, body) {
  const res = await fetch(WORKER_URL + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A fresh API key of this tier; answers the n8n credential data for it. */
export async function newCredentials(tier = "professional") {
  const { data } = await admin("POST", "/admin/keys", { name: "n8n-test", tier });
  return { baseUrl: `${WORKER_URL}/`, apiKey: data[0].key };
}

/** One ingestion run now (the demo source adds new jobs every run). */
export async function scrape() {
  return (await admin("POST", "/admin/scrape")).data[0];
}

/** A call to the API with an API key, outside the nodes (to check what they did). */
export async function api(credentials, method, path, body) {
  const res = await fetch(credentials.baseUrl.replace(/\/+$/, "") + path, {
    method,
    headers: { "x-api-key": credentials.apiKey, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

// ---------------------------------------------------------------------------------------------------
// n8n's HTTP helpers.

function resolveExpression(value, credentials) {
  if (typeof value !== "string" || !value.startsWith("=")) return value;
  return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, name) => String(credentials[name] ?? ""));
}

/** n8n's httpRequest: axios underneath, so `baseURL` and `url` join with one slash. */
export async function httpRequest(options) {
  const base = options.baseURL ? `${options.baseURL.replace(/\/+$/, "")}/${options.url.replace(/^\/+/, "")}` : options.url;
  const url = new URL(base);
  for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.append(k, String(v));
  const headers = { ...(options.headers ?? {}) };
  let body;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  if (options.json) headers.accept ??= "application/json";
  const res = await fetch(url, { method: options.method ?? "GET", headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed = text;
  if (text && (options.json || (res.headers.get("content-type") ?? "").includes("json"))) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // n8n hands over the text as is
    }
  }
  if (res.status >= 400 && !options.ignoreHttpStatusErrors) {
    const error = new Error(`Request failed with status code ${res.status}`);
    error.response = { status: res.status, statusText: res.statusText, data: parsed };
    throw error;
  }
  return options.returnFullResponse
    ? { body: parsed, headers: Object.fromEntries(res.headers), statusCode: res.status, statusMessage: res.statusText }
    : parsed;
}

function withAuthentication(credentials, options) {
  const auth = credentialType.authenticate.properties;
  const headers = { ...(options.headers ?? {}) };
  for (const [k, v] of Object.entries(auth.headers ?? {})) headers[k] = resolveExpression(v, credentials);
  const qs = { ...(options.qs ?? {}) };
  for (const [k, v] of Object.entries(auth.qs ?? {})) qs[k] = resolveExpression(v, credentials);
  return { ...options, headers, qs };
}

/**
 * What n8n's credential tester does with `test.request`: the request, authenticated; 2xx is OK; an
 * error status gives the first `rules` entry for it, else the status text; no answer gives the
 * network error's code.
 */
export async function testCredential(credentials) {
  const { request, rules = [] } = credentialType.test;
  const options = withAuthentication(credentials, {
    ...request,
    baseURL: resolveExpression(request.baseURL, credentials),
    url: resolveExpression(request.url, credentials),
  });
  try {
    await httpRequest(options);
    return { status: "OK", message: "Connection successful!" };
  } catch (error) {
    if (error.response) {
      const rule = rules.find((r) => r.type === "responseCode" && r.properties.value === error.response.status);
      return {
        status: "Error",
        message: rule?.properties.message ?? (error.response.statusText || `Received HTTP status code: ${error.response.status}`),
      };
    }
    return { status: "Error", message: error.cause?.code ?? error.message };
  }
}

// ---------------------------------------------------------------------------------------------------
// Function contexts.

function nodeOf(type, parameters) {
  return {
    id: "0f4d7a1e-0000-4000-8000-000000000001",
    name: type.description.defaults.name,
    type: `n8n-nodes-upwork-jobs-api.${type.description.name}`,
    typeVersion: 1,
    position: [0, 0],
    parameters,
  };
}

/**
 * A parameter as n8n gives it: the value set, else the default of the property with that name
 * whose displayOptions.show matches the other parameters, else the fallback. Throws otherwise (as
 * n8n does for a parameter the node does not have).
 */
function parameter(type, parameters, name, fallback) {
  if (parameters[name] !== undefined) return parameters[name];
  const value = (n) => (parameters[n] !== undefined ? parameters[n] : defaultOf(n));
  function defaultOf(n) {
    const shown = type.description.properties.find(
      (p) => p.name === n && Object.entries(p.displayOptions?.show ?? {}).every(([k, allowed]) => allowed.includes(value(k))),
    );
    return shown?.default;
  }
  const found = defaultOf(name);
  if (found !== undefined) return structuredClone(found);
  if (fallback !== undefined) return fallback;
  throw new Error(`Could not get parameter "${name}"`);
}

function helpersFor(credentials, log) {
  return {
    async httpRequestWithAuthentication(credentialsType, options) {
      if (credentialsType !== credentialType.name) throw new Error(`unknown credential type ${credentialsType}`);
      log.push({ method: options.method, url: options.url, qs: options.qs, body: options.body });
      return httpRequest(withAuthentication(credentials, options));
    },
  };
}

function base(type, parameters, credentials) {
  const requests = [];
  return {
    requests,
    getNode: () => nodeOf(type, parameters),
    getCredentials: async (name) => {
      if (name !== credentialType.name) throw new Error(`node asked for credentials ${name}`);
      return credentials;
    },
    helpers: helpersFor(credentials, requests),
  };
}

/** IExecuteFunctions for the action node, one input item per entry of `items`. */
export function executeContext(parameters, credentials, { items = [{ json: {} }], continueOnFail = false } = {}) {
  const type = new UpworkJobsApi();
  return {
    ...base(type, parameters, credentials),
    getInputData: () => items,
    getNodeParameter: (name, _itemIndex, fallback) => parameter(type, parameters, name, fallback),
    continueOnFail: () => continueOnFail,
  };
}

/** Runs the action node's execute() once; answers its items' json. */
export async function execute(parameters, credentials, opts) {
  const type = new UpworkJobsApi();
  const ctx = executeContext(parameters, credentials, opts);
  const [out] = await type.execute.call(ctx);
  return out;
}

/** ILoadOptionsFunctions. */
export function loadOptionsContext(type, credentials) {
  return {
    ...base(type, {}, credentials),
    getNodeParameter: (name, fallback) => parameter(type, {}, name, fallback),
    getCurrentNodeParameter: () => undefined,
  };
}

/** IHookFunctions of the trigger: its static data and its webhook URL are shared with webhookContext. */
export function hookContext(parameters, credentials, { webhookUrl, staticData }) {
  const type = new UpworkJobsApiTrigger();
  return {
    ...base(type, parameters, credentials),
    getNodeParameter: (name, fallback) => parameter(type, parameters, name, fallback),
    getNodeWebhookUrl: (name) => (name === "default" ? webhookUrl : undefined),
    getWorkflowStaticData: (kind) => {
      if (kind !== "node") throw new Error(`static data of kind ${kind}`);
      return staticData;
    },
    getWorkflow: () => ({ id: "wf_test", name: "n8n node test", active: true }),
    getMode: () => "trigger",
  };
}

/** IWebhookFunctions for one received request ({headers, rawBody}); `response` records what the node answered. */
export function webhookContext(parameters, credentials, { staticData, request }) {
  const type = new UpworkJobsApiTrigger();
  const response = {
    statusCode: 200,
    body: undefined,
    ended: false,
    status(code) {
      this.statusCode = code;
      return this;
    },
    send(body) {
      this.body = body;
      this.ended = true;
      return this;
    },
    json(body) {
      return this.send(JSON.stringify(body));
    },
    end() {
      this.ended = true;
      return this;
    },
  };
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  let body = {};
  try {
    body = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    // n8n leaves the body empty when it is not JSON
  }
  const req = { method: "POST", headers, rawBody: request.rawBody, body, readRawBody: async () => {} };
  return {
    ...base(type, parameters, credentials),
    response,
    getNodeParameter: (name, fallback) => parameter(type, parameters, name, fallback),
    getWorkflowStaticData: () => staticData,
    getRequestObject: () => req,
    getResponseObject: () => response,
    getHeaderData: () => headers,
    getBodyData: () => body,
    getMode: () => "trigger",
  };
}

// ---------------------------------------------------------------------------------------------------
// n8n's webhook endpoint, standing in: records every request as received (headers and raw bytes).

export async function startReceiver() {
  const received = [];
  const waiters = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"message":"Workflow was started"}');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    received,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    /** The first request that `match` accepts, waiting up to `ms` for it. */
    async waitFor(match, ms = 30_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = received.find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching delivery within ${ms} ms (${received.length} received)`);
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
