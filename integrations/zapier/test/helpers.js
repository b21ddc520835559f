// What the tests share: the local Worker started by `npm run test:e2e` (WORKER_URL, ADMIN_TOKEN),
// API keys made for the test through the admin API, and a webhook receiver on 127.0.0.1 that
// plays Zapier's hook URL (bundle.targetUrl).
const http = require("node:http");

const WORKER_URL = process.env.WORKER_URL;
const ADMIN_TOKEN = process.env.ADMIN_TOKEN;

/** node:test options: skip (with why) when no Worker was given. */
const needsWorker = WORKER_URL
  ? {}
  : { skip: "no WORKER_URL: run `npm run test:e2e -- --only zapier` at the repository root, which starts a local Worker" };

async function admin(method, path, body) {
  const res = await fetch(WORKER_URL + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A fresh API key of `tier` (POST /admin/keys): its plaintext. */
async function createKey(tier = "professional", name = "zapier-test") {
  const json = await admin("POST", "/admin/keys", { name, tier });
  return json.data[0].key;
}

/** One ingestion run now (POST /admin/scrape): the demo source adds new jobs on every run. */
async function scrape() {
  return (await admin("POST", "/admin/scrape")).data[0];
}

/** A GET with an API key: { status, body }. */
async function apiGet(key, path) {
  const res = await fetch(WORKER_URL + path, { headers: { "x-api-key": key } });
  return { status: res.status, body: await res.json() };
}

/** The bundle.authData of a connection to the local Worker. */
const authData = (apiKey) => ({ base_url: WORKER_URL, api_key: apiKey });

/**
 * A webhook receiver on 127.0.0.1: records every POST (headers, raw body, parsed JSON) and answers
 * 200, as Zapier's hook URL does. `waitFor(pred)` resolves with the first delivery matching.
 */
async function startReceiver() {
  const deliveries = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let json = null;
      try {
        json = JSON.parse(raw);
      } catch {
        // kept raw
      }
      const delivery = { method: req.method, url: req.url, headers: req.headers, raw, json };
      deliveries.push(delivery);
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"success"}');
      for (const w of [...waiters]) {
        if (w.pred(delivery)) {
          waiters.splice(waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(delivery);
        }
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  let n = 0;
  return {
    deliveries,
    /** A new hook URL on this receiver, like the unique one Zapier makes per Zap. */
    hookUrl: () => `${base}/hooks/catch/${++n}/`,
    waitFor(pred, timeoutMs = 60_000) {
      const found = deliveries.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        w.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching delivery within ${timeoutMs} ms (received ${deliveries.length})`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The user-facing message of an error thrown by z.errors.Error (its message is JSON) or any other. */
function errorMessage(err) {
  try {
    const parsed = JSON.parse(err.message);
    if (parsed && typeof parsed.message === "string") return parsed;
  } catch {
    // a plain message
  }
  return { message: err.message };
}

module.exports = { WORKER_URL, needsWorker, createKey, scrape, apiGet, authData, startReceiver, errorMessage };
