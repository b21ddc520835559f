// Lifecycle events through the real bindings: a subscription that follows jobs.updated and
// jobs.closed hears about the jobs it was sent (coalesced updates, one closing), one that does not
// hears nothing more; GET /jobs/:id/history; the events field on every way in.
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertJobs } from "../src/db/jobs";
import type { Job } from "../src/jobs/model";
import { announceNewJobs } from "../src/push/announce";
import { eventBody } from "../src/push/format";
import { mergeChanges } from "../src/push/lifecycle";
import type { SubscriptionView } from "../src/routes/webhooks/schema";
import { call, createKey, type Envelope } from "./support/api";
import { makeJob } from "./support/jobs";
import { received, receiverName, receiverUrl, subscribe, waitForRequests } from "./support/push";

let key: string;
beforeAll(async () => {
  key = await createKey("enterprise", "lifecycle");
});

let n = 0;
const uid = () => `${Date.now()}${String(++n).padStart(4, "0")}`;
const iso = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const HOUR = 3_600_000;

interface EventBody {
  type: string;
  subscription_id: string;
  data: Job[];
  changes?: Record<string, unknown>;
}

/** UPDATE_COALESCE_SECONDS (3600 here) pass for every subscription following the job; then the hand-off runs. */
async function anHourPasses(jobId: string): Promise<void> {
  await env.DB.prepare("UPDATE webhook_matches SET notified_at = notified_at - ?2 WHERE job_id = ?1")
    .bind(jobId, HOUR + 1000)
    .run();
  await announceNewJobs(env, []);
}

/** Stores a new version of a job (as a later search page or detail refresh would) and runs the hand-off to push. */
async function seeAgain(job: Job): Promise<void> {
  await upsertJobs(env.DB, [job], iso());
  await announceNewJobs(env, []);
}

describe("jobs.updated and jobs.closed", () => {
  it("follow the jobs a subscription was sent: two changes in the window → one jobs.updated with both; closing → one jobs.closed", async () => {
    const skill = `life-${uid()}`;
    const follower = receiverName("follower");
    const plain = receiverName("plain");
    const sub = await subscribe(key, {
      url: receiverUrl(follower),
      filters: { skills: skill },
      events: ["jobs.matched", "jobs.updated", "jobs.closed"],
    });
    expect(sub.events).toEqual(["jobs.closed", "jobs.matched", "jobs.updated"]);
    const other = await subscribe(key, { url: receiverUrl(plain), filters: { skills: skill } });
    expect(other.events).toEqual(["jobs.matched"]);
    const hook = new Webhook(sub.secret);

    const job = makeJob(`7${uid()}`, { posted_on: iso(), skills: [skill], client_activity: { total_applicants: 3 } });
    await upsertJobs(env.DB, [job], iso());
    await announceNewJobs(env, [job]);
    await waitForRequests(follower, 1);
    await waitForRequests(plain, 1);

    // Two changes within the hour after the match: nothing is sent yet.
    await seeAgain({ ...job, client_activity: { ...job.client_activity, total_applicants: 8 } });
    await seeAgain({
      ...job,
      client_activity: { ...job.client_activity, total_applicants: 15, total_hired: 1 },
      title: `${job.title} (urgent)`,
    });
    expect(await received(follower)).toHaveLength(1);

    // The window has passed: one event carries every change since the match.
    await anHourPasses(job.id);
    const [, updated] = await waitForRequests(follower, 2);
    const u = hook.verify(updated!.body, updated!.headers) as EventBody;
    expect(u).toMatchObject({ type: "jobs.updated", subscription_id: sub.id });
    expect(u.data[0]).toMatchObject({
      id: job.id,
      title: `${job.title} (urgent)`,
      client_activity: { total_applicants: 15, total_hired: 1 },
    });
    expect(u.changes).toEqual({
      "client_activity.total_applicants": { from: 3, to: 15 },
      "client_activity.total_hired": { from: 0, to: 1 },
      title: { from: job.title, to: `${job.title} (urgent)` },
    });
    // Nothing more is due.
    await anHourPasses(job.id);

    // It closes: jobs.closed right away (no window), once.
    await seeAgain({
      ...job,
      status: 2,
      client_activity: { ...job.client_activity, total_applicants: 15, total_hired: 1 },
      title: `${job.title} (urgent)`,
    });
    const [, , closed] = await waitForRequests(follower, 3);
    const cl = hook.verify(closed!.body, closed!.headers) as EventBody;
    expect(cl).toMatchObject({ type: "jobs.closed", data: [{ id: job.id, status: 2 }], changes: { status: { from: 1, to: 2 } } });
    await seeAgain({ ...job, status: 2, description: "edited after closing", title: `${job.title} (urgent)` });
    await anHourPasses(job.id);
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await received(follower)).map((r) => (JSON.parse(r.body) as EventBody).type);
    expect(after.filter((t) => t === "jobs.closed")).toHaveLength(1);
    // The later description edit is an update (status is told by jobs.closed only).
    expect(after).toEqual(["jobs.matched", "jobs.updated", "jobs.closed", "jobs.updated"]);
    const last = JSON.parse((await received(follower)).at(-1)!.body) as EventBody;
    expect(last.changes).toEqual({
      description: { changed: true },
      "client_activity.total_applicants": { from: 15, to: 3 },
      "client_activity.total_hired": { from: 1, to: 0 },
    });

    // Reopened and closed again: jobs.closed is never sent twice.
    const reclosed = { ...job, status: 2 as const, description: "edited after closing", title: `${job.title} (urgent)` };
    await seeAgain({ ...reclosed, status: 1 });
    await seeAgain(reclosed);
    await anHourPasses(job.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await received(follower)).map((r) => (JSON.parse(r.body) as EventBody).type).filter((t) => t === "jobs.closed")).toHaveLength(
      1,
    );

    // The subscription that asked for jobs.matched only got that.
    expect((await received(plain)).map((r) => (JSON.parse(r.body) as EventBody).type)).toEqual(["jobs.matched"]);

    // History: every recorded change, newest first.
    const history = await call<Envelope<{ at: string; changes: Record<string, unknown> }>>(`/jobs/${job.id}/history`, { key });
    expect(history.status).toBe(200);
    expect(history.body.data.map((h) => Object.keys(h.changes).sort())).toEqual([
      ["status"],
      ["status"],
      ["client_activity.total_applicants", "client_activity.total_hired", "description"],
      ["status"],
      ["client_activity.total_applicants", "client_activity.total_hired", "title"],
      ["client_activity.total_applicants"],
    ]);
    expect(history.body.data[5]!.changes).toEqual({ "client_activity.total_applicants": { from: 3, to: 8 } });
    expect(history.headers.get("x-credits-remaining")).not.toBeNull();
  });

  it("a job that was never sent to a subscription is not followed, and a change undone within the window sends nothing", async () => {
    const skill = `life2-${uid()}`;
    const name = receiverName("undo");
    await subscribe(key, { url: receiverUrl(name), filters: { skills: skill }, events: ["jobs.matched", "jobs.updated"] });
    const sentJob = makeJob(`7${uid()}`, { posted_on: iso(), skills: [skill] });
    const otherJob = makeJob(`7${uid()}`, { posted_on: iso(), skills: ["not-followed"] });
    await upsertJobs(env.DB, [sentJob, otherJob], iso());
    await announceNewJobs(env, [sentJob, otherJob]);
    await waitForRequests(name, 1);
    await seeAgain({ ...sentJob, budget: { ...sentJob.budget, fixed_amount: 999 } });
    await seeAgain(sentJob);
    await seeAgain({ ...otherJob, title: "changed" });
    await anHourPasses(sentJob.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await received(name)).map((r) => (JSON.parse(r.body) as EventBody).type)).toEqual(["jobs.matched"]);
  });

  it("GET /jobs/:id/history of an unknown job is 404", async () => {
    const r = await call<Envelope<unknown>>("/jobs/1234567/history", { key });
    expect(r.status).toBe(404);
    expect(r.body.message).toBe("Job not found");
  });
});

describe("choosing events", () => {
  it("on POST, PATCH and GET /jobs?webhook=true; jobs.matched is always among them", async () => {
    const url = receiverUrl(receiverName("events"));
    const post = (body: Record<string, unknown>) =>
      call<Envelope<SubscriptionView>>("/webhooks", {
        key,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bad = await post({ url, events: ["jobs.closed"] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^Invalid events parameter: must include jobs.matched/);
    expect((await post({ url, events: ["jobs.opened"] })).status).toBe(400);
    expect((await post({ url, events: [] })).status).toBe(400);

    const sub = (await post({ url, events: ["jobs.matched", "jobs.closed"] })).body.data[0]!;
    expect(sub.events).toEqual(["jobs.closed", "jobs.matched"]);
    const patched = await call<Envelope<SubscriptionView>>(`/webhooks/${sub.id}`, {
      key,
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ events: ["jobs.matched", "jobs.updated"] }),
    });
    expect(patched.body.data[0]!.events).toEqual(["jobs.matched", "jobs.updated"]);

    const q = `/jobs?skills=zz-${uid()}&webhook=true&webhook_url=${encodeURIComponent(url)}`;
    const viaQuery = await call<Envelope<SubscriptionView>>(`${q}&events=jobs.matched,jobs.closed`, { key });
    expect(viaQuery.status).toBe(201);
    expect(viaQuery.body.data[0]!.events).toEqual(["jobs.closed", "jobs.matched"]);
    // Same key, url and filters with other events: another subscription; the same events again: the same one.
    expect((await call(q, { key })).status).toBe(201);
    expect((await call(`${q}&events=jobs.closed,jobs.matched`, { key })).status).toBe(200);
    const wrong = await call<Envelope<unknown>>(`${q}&events=jobs.matched,nope`, { key });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/^Invalid events parameter: expected a comma list of jobs.matched, jobs.updated, jobs.closed/);
    const orphan = await call<Envelope<unknown>>(`/jobs?events=jobs.closed`, { key });
    expect(orphan.status).toBe(400);
    expect(orphan.body.message).toMatch(/events parameter: only used with webhook=true/);
  });
});

describe("pure parts", () => {
  it("mergeChanges keeps the first from and the last to, and drops what came back", () => {
    expect(
      mergeChanges([
        { "client_activity.total_applicants": { from: 1, to: 4 }, title: { from: "a", to: "b" } },
        { "client_activity.total_applicants": { from: 4, to: 9 }, title: { from: "b", to: "a" }, description: { changed: true } },
      ]),
    ).toEqual({ "client_activity.total_applicants": { from: 1, to: 9 }, description: { changed: true } });
  });

  it("slack, discord and json render updates and closings", () => {
    const j = makeJob("9200", { title: "Logo" });
    const e = {
      subscriptionId: "wh_x",
      jobs: [{ ...j, received_at: j.posted_on }],
      changes: { budget: { from: { fixed_amount: 100, currency: "USD" }, to: { fixed_amount: 250, currency: "USD" } } },
      createdAt: "2026-11-29T10:00:00Z",
    };
    const slack = JSON.parse(eventBody("slack", { ...e, type: "jobs.updated" })) as { text: string; blocks: { text?: { text: string } }[] };
    expect(slack.text).toBe("Job updated: Logo");
    expect(JSON.stringify(slack.blocks)).toContain("Budget: $100 → $250");
    const discord = JSON.parse(eventBody("discord", { ...e, type: "jobs.closed" })) as {
      content: string;
      embeds: { fields: { name: string; value: string }[] }[];
    };
    expect(discord.content).toBe("Job closed: Logo");
    expect(discord.embeds[0]!.fields[0]).toMatchObject({ name: "Changes", value: "Budget: $100 → $250" });
    expect(JSON.parse(eventBody("json", { ...e, type: "jobs.updated" }))).toMatchObject({
      type: "jobs.updated",
      changes: e.changes,
      count: 1,
    });
  });
});
