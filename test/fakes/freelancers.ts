// Fake freelancer relay under /freelancers/… (Upwork's own freelancer search is in upwork.ts):
//   GET  /freelancers/relay/search_freelancers  a seed 004 API (X-API-Key must be "relay-key")
//   POST /freelancers/__mode {"mode": "ok" | "http500"}   how it answers next
//   GET  /freelancers/__requests                what was asked (method, path, headers, body)
import type { IncomingMessage } from "node:http";
import type { FakeHandler } from "./types";

type Mode = "ok" | "http500";
let mode: Mode = "ok";
const requests: { method: string; path: string; apiKey?: string; authorization?: string; body?: unknown }[] = [];

const ROLES = ["React developer", "Python developer", "Graphic designer", "Content writer"];

/** 120 seed 004 profiles; a few in loose forms (percent JSS, numeric rates) the normalizer must fix. */
const RELAY_PROFILES = Array.from({ length: 120 }, (_, i) => {
  const ciphertext = `~01${(0xfeed0000 + i).toString(16)}aabbccddee`;
  return {
    name: `Relay ${i}`,
    title: ROLES[i % ROLES.length],
    description: `Profile number ${i}.`,
    profile_url: `https://www.upwork.com/freelancers/${ciphertext}`,
    portrait_url: null,
    hourly_rate: i % 10 === 0 ? 20 + i : `${20 + i}.0`,
    currency: "USD",
    country: i % 2 ? "Ukraine" : "IN",
    city: null,
    state: null,
    timezone: null,
    skills: [ROLES[i % ROLES.length]!.split(" ")[0]],
    job_success_score: i % 3 === 0 ? 95 : 0.9,
    total_earnings: i % 7 === 0 ? 1000 : 0,
    total_hours: 10,
    total_completed_jobs: 2,
    top_rated: i % 5 === 0 ? "top_rated" : null,
    top_rated_plus: null,
    vetted: false,
    id_verified: true,
    hide_jss: false,
    hide_earnings: i % 7 === 0,
    ciphertext,
  };
});

function json(res: Parameters<FakeHandler>[1], status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export const handle: FakeHandler = (req, res, path, body) => {
  const url = new URL(path, "http://fake");
  if (url.pathname === "/__mode" && req.method === "POST") {
    mode = (JSON.parse(body) as { mode: Mode }).mode;
    requests.length = 0;
    return json(res, 200, { mode });
  }
  if (url.pathname === "/__requests") return json(res, 200, requests);

  requests.push({
    method: req.method ?? "",
    path,
    apiKey: header(req, "x-api-key"),
    authorization: header(req, "authorization"),
    body: body || undefined,
  });
  if (mode === "http500") return json(res, 500, { message: "upstream down" });

  if (url.pathname === "/relay/search_freelancers" && req.method === "GET") {
    if (header(req, "x-api-key") !== "relay-key") return json(res, 401, { status: "error", message: "Invalid API key", data: null });
    const page = Number(url.searchParams.get("page") ?? 1);
    const perPage = Number(url.searchParams.get("per_page") ?? 10);
    const words = (url.searchParams.get("query") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const found = RELAY_PROFILES.filter((p) => !words.length || words.some((w) => p.title!.toLowerCase().includes(w)));
    const slice = found.slice((page - 1) * perPage, page * perPage);
    return json(res, 200, {
      data: {
        page,
        query: url.searchParams.get("query") ?? "",
        per_page: perPage,
        freelancers: slice,
        total_pages: Math.ceil(found.length / perPage),
        results_count: slice.length,
        total_results: found.length,
      },
      status: "success",
    });
  }

  res.writeHead(404).end();
};
