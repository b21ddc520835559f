// Helpers for webhook push tests: the fake receivers (test/fakes/receiver.ts), new jobs, subscriptions.
import { env } from "cloudflare:workers";
import { upsertJobs } from "../../src/db/jobs";
import type { Job } from "../../src/jobs/model";
import { announceNewJobs } from "../../src/push/announce";
import type { DeliveryView, SubscriptionView } from "../../src/routes/webhooks/schema";
import { call, type Envelope } from "./api";

import type { Received, Step } from "./receiver-protocol";

export type { Received, Step };

const base = () => env.FAKE_BASE_URL;
let counter = 0;

/** A fresh receiver name, unique across parallel test files. */
export const receiverName = (label: string) => `${label}-${Date.now().toString(36)}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
export const receiverUrl = (name: string) => `${base()}/receiver/${name}/hook`;

export async function script(name: string, steps: Step[], fallback?: Step): Promise<void> {
  const res = await fetch(`${base()}/receiver/__script/${name}`, { method: "POST", body: JSON.stringify({ steps, fallback }) });
  if (!res.ok) throw new Error(`script failed: ${res.status}`);
}

export async function received(name: string): Promise<Received[]> {
  const res = await fetch(`${base()}/receiver/__log/${name}`);
  return (await res.json()) as Received[];
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForRequests(name: string, n: number, timeoutMs = 15_000): Promise<Received[]> {
  return waitFor(
    async () => {
      const log = await received(name);
      return log.length >= n ? log : undefined;
    },
    `${n} request(s) at receiver ${name}`,
    timeoutMs,
  );
}

/** Stores jobs as an ingestion run would and hands the new ones to push. */
export async function ingest(jobs: Job[]): Promise<string[]> {
  const r = await upsertJobs(env.DB, jobs, new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
  const inserted = new Set(r.inserted);
  await announceNewJobs(
    env,
    jobs.filter((j) => inserted.has(j.id)),
  );
  return r.inserted;
}

export async function subscribe(key: string, body: Record<string, unknown>) {
  const r = await call<Envelope<SubscriptionView>>("/webhooks", {
    key,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`subscribe failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data[0]!;
}

export async function deliveries(key: string, webhookId: string, query = "") {
  const r = await call<Envelope<DeliveryView>>(`/webhooks/${webhookId}/deliveries?limit=100${query}`, { key });
  if (r.status !== 200) throw new Error(`deliveries failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}
