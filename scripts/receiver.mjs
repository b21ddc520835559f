#!/usr/bin/env node
// A tiny local webhook receiver for trying push: verifies Standard Webhooks signatures and prints
// every delivery. With --key it also subscribes itself (GET /jobs?webhook=true) and learns the secret.
//
//   node scripts/receiver.mjs --key uja_… [--filters "job_type=fixed&budget_min=1000"] [--api http://127.0.0.1:8787] [--port 9000]
//   node scripts/receiver.mjs --secret whsec_…        # verify only (subscribe yourself)
//   --status 503   answer with this status instead of 200 (to watch retries)
import http from "node:http";
import { parseArgs } from "node:util";
import { Webhook } from "standardwebhooks";

const { values: opts } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT_RECEIVER ?? "9000" },
    api: { type: "string", default: process.env.API_BASE ?? "http://127.0.0.1:8787" },
    key: { type: "string", default: process.env.API_KEY },
    filters: { type: "string", default: "" },
    secret: { type: "string", default: process.env.WEBHOOK_SECRET },
    status: { type: "string", default: "200" },
  },
});

const port = Number(opts.port);
const url = `http://127.0.0.1:${port}/hook`;
let secrets = (opts.secret ?? "").split(",").filter(Boolean);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const verdict = verify(body, headers);
    let summary = "";
    try {
      const event = JSON.parse(body);
      if (Array.isArray(event.data)) {
        summary = `${event.type} ×${event.count}\n${event.data.map((j) => `    • ${j.title} — ${budget(j)} — ${j.url}`).join("\n")}`;
      } else summary = event.text ?? event.content ?? body.slice(0, 200);
    } catch {
      summary = body.slice(0, 200);
    }
    console.log(
      `\n[${new Date().toISOString()}] ${req.method} ${req.url}  webhook-id=${headers["webhook-id"] ?? "-"}  ${verdict}\n  ${summary}`,
    );
    res.writeHead(Number(opts.status), { "content-type": "text/plain" }).end(Number(opts.status) < 300 ? "ok" : "not now");
  });
});

function verify(body, headers) {
  if (!secrets.length) return "signature NOT checked (no secret: pass --key or --secret)";
  for (const s of secrets) {
    try {
      new Webhook(s).verify(body, headers);
      return "signature ✔ valid";
    } catch {
      // try the next secret
    }
  }
  return "signature ✘ INVALID";
}

function budget(j) {
  if (j.job_type === 2) return j.budget?.fixed_amount != null ? `fixed $${j.budget.fixed_amount}` : "fixed";
  const h = j.hourly_budget;
  return h?.min != null ? `hourly $${h.min}${h.max != null ? `–$${h.max}` : "+"}/hr` : "hourly";
}

server.listen(port, "127.0.0.1", async () => {
  console.log(`receiver listening on ${url}`);
  if (!opts.key) {
    if (!secrets.length)
      console.log(
        "subscribe with GET /jobs?webhook=true&webhook_url=" + encodeURIComponent(url) + " then restart me with --secret whsec_…",
      );
    return;
  }
  const query = `webhook=true&webhook_url=${encodeURIComponent(url)}${opts.filters ? `&${opts.filters}` : ""}`;
  const res = await fetch(`${opts.api}/jobs?${query}`, { headers: { "X-API-KEY": opts.key } }).catch((err) => ({
    ok: false,
    status: 0,
    json: async () => ({ message: String(err) }),
  }));
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    console.error(`subscribing failed (${res.status}): ${body.message ?? "no answer"}`);
    if (/webhook_url parameter/.test(body.message ?? ""))
      console.error("hint: set ALLOW_PRIVATE_WEBHOOK_TARGETS=true in .dev.vars and restart npm start");
    process.exit(1);
  }
  const sub = body.data[0];
  secrets = [sub.secret];
  console.log(`${res.status === 201 ? "subscribed" : "already subscribed"}: ${sub.id} filters=${JSON.stringify(sub.filters)}`);
  console.log(`now trigger an ingestion run:  curl "${opts.api}/__scheduled"`);
});
