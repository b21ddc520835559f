// The owner's console (GET /console, docs/api.md#console) in Debian's chromium, driven by
// playwright-core, against the local Worker `npm run test:e2e` starts (WORKER_URL, ADMIN_TOKEN; the
// demo source; loopback webhook targets allowed). Every request the page makes must go to that
// Worker; the secrets must travel only in headers and live only in sessionStorage. A screenshot of
// every view, wide and 360 px narrow, is written under test-results/console/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { Webhook } from "standardwebhooks";

const WORKER_URL = process.env.WORKER_URL ?? "";
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? "";
const SHOTS = "test-results/console";
/** The budget for everything under public/ (the console), gzipped. */
const MAX_GZIP_BYTES = 150 * 1024;
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };
const VIEWS = ["jobs", "alerts", "feeds", "usage", "source", "keys"];

let browser;
let page;
let origin;
let apiKey;
const foreign = [];
const leaks = [];
const pageErrors = [];
const receiver = { mode: "ok", secrets: [], deliveries: [], server: undefined, url: "" };

// ---------------------------------------------------------------------------------------------
// Setup: the Worker, a key, a webhook receiver, the browser with its request guard.

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error("Debian's chromium is needed: apt-get install -y chromium (playwright-core downloads no browser)");
  return found;
}

async function adminCall(method, path, body) {
  const res = await fetch(WORKER_URL + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body && { "content-type": "application/json" }) },
    body: body && JSON.stringify(body),
  });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${path} → ${res.status} ${json.message}`);
  return json.data[0];
}

/** A Standard Webhooks receiver on 127.0.0.1: answers 200, or 503 "busy" in fail mode. */
function startReceiver() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const verifiedBy = receiver.secrets.find((s) => {
        try {
          new Webhook(s).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      receiver.deliveries.push({ type: JSON.parse(body).type, verifiedBy, mode: receiver.mode });
      if (receiver.mode === "fail") res.writeHead(503, { "content-type": "text/plain" }).end("busy");
      else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      receiver.server = server;
      receiver.url = `http://127.0.0.1:${server.address().port}/hook`;
      resolve();
    });
  });
}

async function newPage(viewport) {
  const ctx = await browser.newContext({ viewport, serviceWorkers: "block" });
  // Nothing but the Worker: any other host is recorded and refused.
  await ctx.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  const p = await ctx.newPage();
  p.setDefaultTimeout(20_000);
  p.on("request", (req) => {
    const url = req.url();
    if (url.startsWith("data:")) return;
    if (new URL(url).origin !== origin) foreign.push(url);
    for (const secret of [apiKey, ADMIN_TOKEN]) if (secret && decodeURIComponent(url).includes(secret)) leaks.push(url);
  });
  p.on("pageerror", (err) => pageErrors.push(err.message));
  p.on("dialog", (d) => d.accept());
  return { ctx, p };
}

before(async () => {
  assert.ok(WORKER_URL && ADMIN_TOKEN, "run these with `npm run test:e2e` (it starts the Worker and sets WORKER_URL and ADMIN_TOKEN)");
  origin = new URL(WORKER_URL).origin;
  mkdirSync(SHOTS, { recursive: true });
  await adminCall("POST", "/admin/scrape");
  apiKey = (await adminCall("POST", "/admin/keys", { name: "console e2e", tier: "professional" })).key;
  await startReceiver();
  browser = await chromium.launch({ executablePath: chromiumPath() });
  ({ p: page } = await newPage(WIDE));
});

after(async () => {
  await browser?.close();
  receiver.server?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers.

async function shot(view, p = page, suffix = "wide") {
  await p.screenshot({ path: join(SHOTS, `${view}-${suffix}.png`), fullPage: true });
}

async function go(view, p = page) {
  await p
    .getByRole("navigation", { name: "Console sections" })
    .getByRole("link", { name: new RegExp(`^${view}$`, "i") })
    .click();
  await p.getByRole("heading", { level: 2, name: new RegExp(`^${view}$`, "i") }).waitFor();
}

/** Polls `fn` until it returns a truthy value; `between` runs before each new try (e.g. a Refresh click). */
async function eventually(fn, { timeout = 60_000, between } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 700));
    if (between) await between();
  }
  throw new Error(`timed out after ${timeout} ms (last: ${JSON.stringify(last)})`);
}

const alertText = (p = page) => p.getByRole("alert").allInnerTexts();

async function signIn(p, { key = "", admin = "" }) {
  await p.getByLabel("API key", { exact: true }).fill(key);
  await p.getByLabel("Admin token", { exact: true }).fill(admin);
  await p.getByRole("button", { name: "Sign in" }).click();
}

async function runIngestion() {
  await go("source");
  await page.getByRole("button", { name: "Run an ingestion now" }).click();
  const note = page.getByRole("status").filter({ hasText: /^Run \d+ / });
  await note.waitFor();
  return note.innerText();
}

/** The delivery rows of the open Deliveries panel as {id, status, lastHttp, text}. */
async function deliveryRows() {
  return page.locator("tr[data-delivery]").evaluateAll((rows) =>
    rows.map((r) => ({
      id: r.getAttribute("data-delivery"),
      status: r.querySelector(".badge")?.textContent,
      lastHttp: r.children[4]?.textContent,
      text: r.textContent,
    })),
  );
}

const refreshDeliveries = () => page.getByRole("button", { name: "Refresh" }).click();

/** Chromium's own accessible names: every control a user can operate must have one. */
async function unnamedControls(p) {
  const cdp = await p.context().newCDPSession(p);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const roles = new Set(["textbox", "combobox", "checkbox", "button", "link", "spinbutton", "radio", "listbox", "searchbox"]);
  return nodes
    .filter((n) => !n.ignored && roles.has(n.role?.value) && !String(n.name?.value ?? "").trim())
    .map((n) => `${n.role.value}#${n.backendDOMNodeId}`);
}

// ---------------------------------------------------------------------------------------------
// Scenarios, in order: they share the page, the key and the subscription.

test("the console's files stay under 150 KB gzipped, all in", () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk("public");
  const sizes = files.map((f) => ({ f, raw: statSync(f).size, gz: gzipSync(readFileSync(f), { level: 9 }).length }));
  const raw = sizes.reduce((s, x) => s + x.raw, 0);
  const gz = sizes.reduce((s, x) => s + x.gz, 0);
  console.log(
    `console: ${files.length} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (budget ${MAX_GZIP_BYTES / 1024} KB)`,
  );
  assert.ok(gz <= MAX_GZIP_BYTES, `the console is ${gz} bytes gzipped, over the ${MAX_GZIP_BYTES} budget`);
});

test("GET /console serves the page with a policy that allows this origin only", async () => {
  const res = await fetch(`${WORKER_URL}/console`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/html/);
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(await res.text(), /<script type="module" src="\/console\/main.js">/);
});

test("the console's files are static; every other path runs the Worker (run_worker_first in wrangler.toml)", async () => {
  const script = await fetch(`${WORKER_URL}/console/main.js`);
  assert.equal(script.status, 200);
  assert.match(script.headers.get("content-type") ?? "", /javascript/);
  assert.match(script.headers.get("content-security-policy") ?? "", /default-src 'none'/);
  assert.equal((await fetch(`${WORKER_URL}/console/no-such-file.js`)).status, 404);
  // An API path answers from the Worker, in the JSON envelope.
  const health = await fetch(`${WORKER_URL}/health`);
  assert.equal(health.status, 401);
  const body = await health.json();
  assert.equal(body.success, false);
  assert.equal(body.message, "Missing API key: send it in the X-API-KEY header");
});

test("sign-in: a wrong key shows the API's message, the right key and the admin token open every view", async () => {
  await page.goto(`${WORKER_URL}/console`);
  await shot("sign-in");
  await signIn(page, { key: "uja_not-a-real-key-000000000000000000000000000" });
  await page.getByRole("alert").filter({ hasText: "Invalid API key" }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "a refused key is not kept");

  await signIn(page, { key: "", admin: "wrong-token" });
  await page.getByRole("alert").filter({ hasText: "Invalid admin token" }).waitFor();

  await signIn(page, { key: apiKey, admin: ADMIN_TOKEN });
  const links = page.getByRole("navigation", { name: "Console sections" }).getByRole("link");
  await links.first().waitFor();
  assert.deepEqual(
    (await links.allInnerTexts()).map((t) => t.toLowerCase()),
    VIEWS,
  );
  assert.equal(await page.evaluate(() => localStorage.length), 0, "nothing in localStorage");
  const stored = await page.evaluate(() => Object.values(sessionStorage).join(" "));
  assert.ok(stored.includes(apiKey) && stored.includes(ADMIN_TOKEN), "the secrets live in sessionStorage");
});

test("jobs: the builder writes GET /jobs names, shows the URL, the preview count follows it, results page, a job's history, an Upwork URL", async () => {
  await go("jobs");
  const count = page.locator("#preview .count");
  await count.waitFor();
  const before = Number(await count.innerText());
  assert.ok(before > 0, "the demo run stored jobs");

  await page.getByLabel("Job type").selectOption("fixed");
  await page.getByLabel("Fixed budget from").fill("1000");
  const url = page.locator("#jobs-url");
  await eventually(async () => (await url.innerText()).endsWith("/jobs?job_type=fixed&budget_min=1000"));
  const after = Number(
    await eventually(async () => {
      const t = await count.innerText().catch(() => "");
      return t && Number(t) !== before ? t : "";
    }),
  );
  assert.ok(after < before, `the count follows the filter (${before} → ${after})`);

  // The URL shown is a working GET /jobs request.
  const direct = await fetch(await url.innerText(), { headers: { "x-api-key": apiKey } }).then((r) => r.json());
  assert.ok(direct.success && direct.data.every((j) => j.job_type === 2 && j.budget.fixed_amount >= 1000));

  // Bad input: the API's validation message is shown.
  await page.getByText("Client filters").click();
  await page.getByLabel("Client country").fill("UK");
  await page.getByRole("button", { name: "Search jobs" }).click();
  await page
    .getByRole("alert")
    .filter({ hasText: "Invalid country parameter: 'UK' is not an ISO 3166-1 alpha-2 country code" })
    .first()
    .waitFor();
  await page.getByLabel("Client country").fill("");

  await page.getByRole("button", { name: "Search jobs" }).click();
  const rows = page.getByRole("region", { name: "Jobs" }).locator("tbody tr");
  await rows.first().waitFor();
  for (const t of await rows.locator("td:nth-child(2)").allInnerTexts()) assert.match(t, /^Fixed \$/);
  const firstTitle = await rows.first().locator("button").innerText();
  if (await page.getByRole("button", { name: "Next page" }).isVisible()) {
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText(/^Page 2:/).waitFor();
    await page.getByRole("button", { name: "First page" }).click();
    await page.getByText(/^Page 1:/).waitFor();
  }
  await rows.first().locator("button").click();
  const detail = page.getByRole("region", { name: "Job detail" });
  await detail.getByRole("heading", { name: firstTitle }).waitFor();
  await detail.getByRole("heading", { name: "History" }).waitFor();
  await eventually(async () => !(await detail.innerText()).includes("Loading history"));
  await shot("jobs");

  await page.getByRole("textbox", { name: "Upwork search URL" }).fill("https://www.upwork.com/nx/search/jobs/?q=react&payment_verified=1");
  await page.getByRole("button", { name: "Translate", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Translated into:" }).waitFor();
  assert.equal(await page.getByLabel("Keywords").inputValue(), "react");
  await eventually(async () => (await url.innerText()).includes("q=react"));
});

let firstSecret;

test("alerts: create one for a loopback receiver, a run delivers, a failing receiver shows its 503, retry delivers", async () => {
  await go("alerts");
  await page.getByRole("button", { name: "New alert" }).click();
  const form = page.getByRole("form", { name: "New alert" });
  await form.getByLabel("Receiver URL").fill(receiver.url);
  await form.getByLabel("Description").fill("E2E alert");
  await form.getByLabel("Batch: up to 100 jobs per delivery").check();
  await form.getByLabel("Updates of jobs it was sent").check();
  await form.getByRole("button", { name: "Create alert" }).click();
  const secret = page.getByLabel("Signing secret", { exact: true });
  await secret.waitFor();
  firstSecret = await secret.inputValue();
  assert.match(firstSecret, /^whsec_/);
  receiver.secrets = [firstSecret];
  const row = page.locator("tr", { hasText: "E2E alert" });
  await row.waitFor();
  assert.match(await row.innerText(), /json \(batch\)/);
  assert.match(await row.innerText(), /jobs\.matched, jobs\.updated/);

  // A run with new jobs: delivered, signed.
  assert.match(await runIngestion(), /^Run \d+ ok/);
  await go("alerts");
  await page.getByRole("button", { name: "Deliveries: E2E alert" }).click();
  await eventually(async () => (await deliveryRows()).some((d) => d.status === "delivered"), { between: refreshDeliveries });
  assert.ok(
    receiver.deliveries.length > 0 && receiver.deliveries.every((d) => d.verifiedBy === firstSecret),
    "signed with the secret shown once",
  );

  // The receiver fails: the attempts show its status and reply.
  receiver.mode = "fail";
  await runIngestion();
  await go("alerts");
  await page.getByRole("button", { name: "Deliveries: E2E alert" }).click();
  const failed = await eventually(async () => (await deliveryRows()).find((d) => d.status === "failed"), { between: refreshDeliveries });
  assert.equal(failed.lastHttp, "503");
  const attempts = page.locator("tr[data-delivery] + tr.attempts").filter({ hasText: `Attempts of ${failed.id}` });
  const attemptText = await attempts.innerText();
  assert.match(attemptText, /503/);
  assert.match(attemptText, /HTTP 503/);
  assert.match(attemptText, /busy/);
  await shot("alerts-failed");

  // Retry with the receiver back: delivered.
  receiver.mode = "ok";
  await page.getByRole("button", { name: `Retry delivery ${failed.id}` }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Delivery ${failed.id} is pending again.` })
    .waitFor();
  await eventually(async () => (await deliveryRows()).find((d) => d.id === failed.id)?.status === "delivered", {
    between: refreshDeliveries,
  });

  // Replay the other failed ones.
  await page.getByRole("button", { name: "Replay failed deliveries" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: /^Replayed \d+ failed deliver/ })
    .waitFor();
});

test("alerts: send a test, pause and resume, rotate the secret (shown once), edit", async () => {
  const row = () => page.locator("tr", { hasText: "E2E alert" });
  await page.getByRole("button", { name: "Send a test event: E2E alert" }).click();
  const result = page.getByRole("region", { name: "Test result" });
  await result.waitFor();
  assert.match(await result.innerText(), /delivered/);
  assert.match(await result.innerText(), /HTTP 200/);
  assert.ok(receiver.deliveries.some((d) => d.type === "webhook.test"));

  await page.getByRole("button", { name: "Pause: E2E alert" }).click();
  await eventually(async () => (await row().innerText()).includes("paused"));
  await page.getByRole("button", { name: "Resume: E2E alert" }).click();
  await eventually(async () => (await row().innerText()).includes("active"));

  await page.getByRole("button", { name: "Rotate the signing secret: E2E alert" }).click();
  const secret = page.getByLabel("Signing secret", { exact: true });
  await secret.waitFor();
  const second = await secret.inputValue();
  assert.match(second, /^whsec_/);
  assert.notEqual(second, firstSecret);
  assert.ok(!(await row().innerText()).includes("whsec_"), "the list never shows secrets");
  receiver.secrets = [second];
  await page.getByRole("button", { name: "Send a test event: E2E alert" }).click();
  await eventually(async () => receiver.deliveries.some((d) => d.type === "webhook.test" && d.verifiedBy === second));
  await page.getByRole("button", { name: "Deliveries: E2E alert" }).click();
  await page.locator("tr[data-delivery]").first().waitFor();
  await shot("alerts");

  await page.getByRole("button", { name: "Edit: E2E alert" }).click();
  const form = page.getByRole("form", { name: "Edit alert" });
  await form.getByLabel("Description").fill("E2E alert, edited");
  await form.getByLabel("Skills", { exact: true }).fill("typescript");
  await form.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const edited = page.locator("tr", { hasText: "E2E alert, edited" });
  await edited.waitFor();
  assert.match(await edited.innerText(), /skills=typescript/);
});

test("feeds: create from a filter, the URLs are shown once and work, rotate, delete", async () => {
  await go("feeds");
  await page.getByLabel("Title", { exact: true }).fill("E2E feed");
  await page.getByRole("group", { name: "Feed filters" }).getByLabel("Job type").selectOption("hourly");
  await page.getByRole("button", { name: "Create feed" }).click();
  const rss = page.getByLabel("RSS URL", { exact: true });
  await rss.waitFor();
  const first = await rss.inputValue();
  const res = await fetch(first);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<rss/);
  await shot("feeds");

  await page.getByRole("button", { name: "Rotate the URLs of E2E feed" }).click();
  await eventually(async () => (await page.getByLabel("RSS URL", { exact: true }).inputValue()) !== first);
  assert.equal((await fetch(first)).status, 404, "the old URL stops at once");

  await page.getByRole("button", { name: "Delete E2E feed" }).click();
  await eventually(async () => (await page.locator("tr", { hasText: "E2E feed" }).count()) === 0);
});

test("usage: tier, credits, per-minute limit, alerts and feeds against their caps", async () => {
  await go("usage");
  const stats = page.locator("dl.stats");
  await stats.waitFor();
  const text = await stats.innerText();
  assert.match(text, /professional/);
  assert.match(text, /of 50,000/);
  assert.match(text, /of 1,000 per minute/);
  assert.match(text, /Active alerts\s*1\s*of 25/);
  assert.match(text, /Feeds\s*0\s*of 100/);
  await shot("usage");
});

test("source: health, 24 h charts, runs with counts, the poller's refusal shown", async () => {
  await go("source");
  const health = page.getByRole("region", { name: "Health (GET /health)" });
  await health.getByText("API is healthy").waitFor();
  assert.match(await health.innerText(), /Source demo/);
  await page.locator("figure svg").first().waitFor();
  assert.ok((await page.locator("figure").count()) >= 2, "arrivals and lag charts");
  const runs = page.getByRole("region", { name: "Runs" }).locator("tbody tr");
  assert.ok((await runs.count()) >= 3);
  await page.getByRole("button", { name: "Start the poller" }).click();
  await page.getByRole("alert").filter({ hasText: "The poller is off: set POLL_INTERVAL_SECONDS to 5 or more to use it" }).waitFor();
  await shot("source");
});

test("keys: create one (plaintext once), it is listed, deactivated it is refused with 401", async () => {
  await go("keys");
  await page.getByLabel("Name", { exact: true }).fill("E2E deactivate me");
  await page.getByLabel("Tier", { exact: true }).selectOption("hobby");
  await page.getByRole("button", { name: "Create key" }).click();
  const plaintext = await page.getByLabel("API key", { exact: true }).inputValue();
  assert.match(plaintext, /^uja_/);
  const row = page.locator("tr", { hasText: "E2E deactivate me" });
  await row.waitFor();
  assert.match(await row.innerText(), /hobby/);
  assert.ok(!(await row.innerText()).includes(plaintext), "the list never shows a key");

  await page.getByRole("combobox", { name: "Tier of E2E deactivate me" }).selectOption("developer");
  await page.getByRole("button", { name: "Change the tier of E2E deactivate me" }).click();
  await eventually(async () => (await page.getByRole("combobox", { name: "Tier of E2E deactivate me" }).inputValue()) === "developer");

  await page.getByRole("button", { name: "Deactivate E2E deactivate me" }).click();
  await eventually(async () => (await row.innerText()).includes("deactivated"));
  await shot("keys");
  const refused = await fetch(`${WORKER_URL}/health`, { headers: { "x-api-key": plaintext } });
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).message, "API key deactivated");

  // Signing out forgets everything; the deactivated key is refused at sign-in with the API's message.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "sign-out clears sessionStorage");
  await signIn(page, { key: plaintext });
  await page.getByRole("alert").filter({ hasText: "API key deactivated" }).waitFor();
  assert.deepEqual(await alertText(), ["GET /usage → 401: API key deactivated"]);

  // The admin token alone: Source and Keys; /health (key-only) says so, the chart comes from the runs.
  await signIn(page, { key: "", admin: ADMIN_TOKEN });
  const links = page.getByRole("navigation", { name: "Console sections" }).getByRole("link");
  await links.first().waitFor();
  assert.deepEqual(
    (await links.allInnerTexts()).map((t) => t.toLowerCase()),
    ["source", "keys"],
  );
  await go("source");
  await page.getByText("GET /health needs an API key").waitFor();
  await page.locator("figcaption").getByText("New jobs per hour from ingestion runs (UTC)").waitFor();
  await shot("source-admin-only");
});

test("360 px wide and by keyboard: every view fits, every control has a name", async () => {
  const { ctx, p } = await newPage(NARROW);
  try {
    await p.goto(`${WORKER_URL}/console`);
    // The key field has the focus; the form is filled and sent from the keyboard.
    await p.keyboard.type(apiKey);
    await p.keyboard.press("Tab");
    await p.keyboard.type(ADMIN_TOKEN);
    await p.keyboard.press("Enter");
    await p.getByRole("heading", { level: 2, name: "Jobs" }).waitFor();
    for (const view of VIEWS) {
      const link = p.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: new RegExp(`^${view}$`, "i") });
      await link.focus();
      await p.keyboard.press("Enter");
      const heading = p.getByRole("heading", { level: 2, name: new RegExp(`^${view}$`, "i") });
      await heading.waitFor();
      await eventually(() => heading.evaluate((el) => el === document.activeElement), { timeout: 5000 });
      await eventually(async () => !/Loading…|Counting…/.test(await p.locator("main").innerText()), { timeout: 15_000 });
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= NARROW.width, `${view}: the page is ${width} px wide at ${NARROW.width} px`);
      assert.deepEqual(await unnamedControls(p), [], `${view}: controls without an accessible name`);
      await shot(view, p, "narrow");
    }
  } finally {
    await ctx.close();
  }
});

test("the page talked to the Worker only, sent the secrets only in headers, and threw nothing", () => {
  assert.deepEqual(foreign, [], "requests to another host");
  assert.deepEqual(leaks, [], "a secret in a URL");
  assert.deepEqual(pageErrors, [], "uncaught errors in the page");
});
