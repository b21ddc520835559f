// Fake webhook receivers under /receiver/<name>/… on the loopback test server. Each receiver (any
// name, so parallel tests never share one) answers with a scripted sequence of steps, then with its
// fallback (200 by default), and logs every request it gets.
//   POST /receiver/__script/<name>  {"steps":[Step…], "fallback": Step}   replace the script, clear the log
//   GET  /receiver/__log/<name>     [{at, method, path, headers, body, answer}]
//   Step: {"status":503, "headers":{"retry-after":"120"}, "body":"…", "delay_ms":3000, "reset":true}
//         reset: destroy the connection without answering; delay_ms: wait before answering

import type { Received, Step } from "../support/receiver-protocol";
import type { FakeHandler } from "./types";

interface Receiver {
  steps: Step[];
  fallback: Step;
  log: Received[];
}

const receivers = new Map<string, Receiver>();

function receiver(name: string): Receiver {
  let r = receivers.get(name);
  if (!r) {
    r = { steps: [], fallback: { status: 200, body: "ok" }, log: [] };
    receivers.set(name, r);
  }
  return r;
}

export const handle: FakeHandler = async (req, res, path, body) => {
  const url = new URL(path, "http://fake");
  const [, first = "", second = ""] = url.pathname.split("/");
  if (first === "__script" && req.method === "POST") {
    const script = JSON.parse(body || "{}") as { steps?: Step[]; fallback?: Step };
    receivers.set(second, { steps: script.steps ?? [], fallback: script.fallback ?? { status: 200, body: "ok" }, log: [] });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
    return;
  }
  if (first === "__log") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(receiver(second).log));
    return;
  }

  const r = receiver(first);
  const step = r.steps.shift() ?? r.fallback;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : (v ?? "");
  r.log.push({
    at: Date.now(),
    method: req.method ?? "",
    path: url.pathname,
    headers,
    body,
    answer: step.reset ? "reset" : (step.status ?? 200),
  });
  if (step.delay_ms) await new Promise((resolve) => setTimeout(resolve, step.delay_ms));
  if (step.reset) {
    req.socket.destroy();
    return;
  }
  if (res.destroyed) return;
  res.writeHead(step.status ?? 200, { "content-type": "text/plain", ...step.headers }).end(step.body ?? "");
};
