// format "telegram": subscriptions post to the Bot API's sendMessage (the fake in test/fakes/telegram.ts,
// TELEGRAM_API_URL in vitest.config.ts) through the real queue: the message, its limits, Telegram's
// 429 / 400 / 403 answers, and the bot token, which must never come back out.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../src/jobs/model";
import { eventBody } from "../src/push/format";
import { maskTelegramToken } from "../src/push/telegram";
import type { DeliveryView, SubscriptionView } from "../src/routes/webhooks/schema";
import { call, createKey, type Envelope } from "./support/api";
import { makeJob } from "./support/jobs";
import { deliveries, ingest, waitFor } from "./support/push";

const FAKE = env.FAKE_BASE_URL;
let key: string;
beforeAll(async () => {
  key = await createKey("enterprise", "telegram");
});

let n = 0;
const uid = () => `${Date.now()}${String(++n).padStart(4, "0")}`;
/** A bot token of the form @BotFather gives out, unique per test (the fake keeps one state per token). */
const botToken = () => `${7000000000 + n}:AAH${uid()}_secret-part-of-the-token`;
const sendMessageUrl = (token: string) => `${FAKE}/telegram/bot${token}/sendMessage`;
const job = (skill: string, o: Parameters<typeof makeJob>[1] = {}): Job =>
  makeJob(`8${uid()}`, { posted_on: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), skills: [skill], ...o });

interface SentMessage {
  chat_id: string;
  text: string;
  parse_mode: string;
  link_preview_options: { is_disabled: boolean };
}
const sent = async (token: string) => (await fetch(`${FAKE}/telegram/bot${token}/__log`)).json<SentMessage[]>();
const scriptTelegram = (token: string, responses: unknown[]) =>
  fetch(`${FAKE}/telegram/bot${token}/__script`, { method: "POST", body: JSON.stringify({ responses }) });

async function telegramSubscription(token: string, chat: string, skill: string, extra: Record<string, unknown> = {}) {
  const r = await call<Envelope<SubscriptionView>>("/webhooks", {
    key,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: sendMessageUrl(token), format: "telegram", telegram_chat_id: chat, filters: { skills: skill }, ...extra }),
  });
  expect(r.status, r.text).toBe(201);
  return { sub: r.body.data[0]!, text: r.text };
}

/** The subscription's deliveries once none is pending. */
const settled = (id: string, count: number) =>
  waitFor(
    async () => {
      const list = await deliveries(key, id);
      return list.length >= count && list.every((d) => d.status !== "pending") ? list : undefined;
    },
    `${count} settled deliveries`,
    20_000,
  );

describe("telegram subscriptions", () => {
  it("post an escaped HTML message with the job's essentials and no link preview; the token never shows", async () => {
    const token = botToken();
    const skill = `tg-${uid()}`;
    const { sub, text: created } = await telegramSubscription(token, "123456789", skill);
    expect(sub).toMatchObject({ format: "telegram", telegram_chat_id: "123456789", url: `${FAKE}/telegram/bot***/sendMessage` });
    expect(created).not.toContain(token);

    const hostile = job(skill, {
      title: `<script>alert(1)</script> & "quotes" </b><a href="x">`,
      skills: [skill, "C++ & <Rust>"],
      budget: { fixed_amount: 1500, currency: "USD" },
      buyer: { country: "DE", total_spent: 25_000, payment_verified: true },
      client_activity: { total_applicants: 12 },
    });
    await ingest([hostile]);
    const [done] = await settled(sub.id, 1);
    expect(done).toMatchObject({ status: "delivered", attempts: 1, type: "jobs.matched" });
    const [msg] = await sent(token);
    expect(msg).toMatchObject({ chat_id: "123456789", parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    expect(msg!.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &lt;/b&gt;&lt;a href=&quot;x&quot;&gt;");
    expect(msg!.text).toContain(`<a href="${hostile.url}">`);
    expect(msg!.text).toContain("Fixed price: $1,500");
    expect(msg!.text).toContain("DE · $25k spent · payment verified ✅");
    expect(msg!.text).toContain("12 applicants");
    expect(msg!.text).toContain("C++ &amp; &lt;Rust&gt;");

    // The token appears in no answer: the subscription, the list, the delivery log.
    for (const path of [`/webhooks/${sub.id}`, "/webhooks", `/webhooks/${sub.id}/deliveries`]) {
      const r = await call(path, { key });
      expect(r.status).toBe(200);
      expect(r.text, path).not.toContain(token);
      expect(r.text, path).not.toContain(token.split(":")[1]!);
    }
  });

  it("a batch stays within 4,096 characters and says how many more there are", async () => {
    const token = botToken();
    const skill = `tgb-${uid()}`;
    const { sub } = await telegramSubscription(token, "@job_alerts_channel", skill, { batch: true });
    const many = Array.from({ length: 40 }, (_, i) => job(skill, { title: `${"Long title ".repeat(15)}${i}` }));
    await ingest(many);
    await settled(sub.id, 1);
    const [msg] = await sent(token);
    expect(msg!.chat_id).toBe("@job_alerts_channel");
    expect(msg!.text.length).toBeLessThanOrEqual(4096);
    const shown = (msg!.text.match(/<a href=/g) ?? []).length;
    expect(shown).toBeGreaterThan(3);
    expect(shown).toBeLessThan(40);
    expect(msg!.text).toContain(`…and ${40 - shown} more`);
  });

  it("Telegram's 429 waits retry_after; 400 chat not found and 403 blocked fail at once with Telegram's description", async () => {
    const limited = botToken();
    const skill = `tgr-${uid()}`;
    const a = await telegramSubscription(limited, "111", skill);
    await scriptTelegram(limited, [
      {
        status: 429,
        body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 120", parameters: { retry_after: 120 } },
      },
    ]);
    const notFound = await telegramSubscription(botToken(), "-100404", skill);
    const blockedToken = botToken();
    const blocked = await telegramSubscription(blockedToken, "@blocked", skill);
    const before = Date.now();
    await ingest([job(skill)]);

    const retrying = await waitFor(async () => {
      const [d] = await deliveries(key, a.sub.id);
      return d && d.attempts === 1 ? d : undefined;
    }, "the 429 attempt");
    expect(retrying).toMatchObject({
      status: "pending",
      last_status_code: 429,
      last_error: "HTTP 429: Too Many Requests: retry after 120",
    });
    expect(Date.parse(retrying.next_attempt_at!) - before).toBeGreaterThanOrEqual(119_000);

    const [nf] = await settled(notFound.sub.id, 1);
    expect(nf).toMatchObject({ status: "failed", attempts: 1, last_status_code: 400, last_error: "HTTP 400: Bad Request: chat not found" });
    const [bl] = await settled(blocked.sub.id, 1);
    expect(bl).toMatchObject({
      status: "failed",
      attempts: 1,
      last_status_code: 403,
      last_error: "HTTP 403: Forbidden: bot was blocked by the user",
    });
    expect(bl!.attempt_log[0]!.response_body).toContain("bot was blocked");

    // Nothing stored anywhere carries a token: every delivery, attempt and rejected message.
    const tables = ["webhook_deliveries", "webhook_attempts", "queue_rejects", "webhook_matches"];
    for (const t of tables) {
      const rows = await env.DB.prepare(`SELECT * FROM ${t}`).all();
      expect(JSON.stringify(rows.results), t).not.toMatch(/bot\d+:[A-Za-z0-9_-]{10,}/);
    }
    const log = await call<Envelope<DeliveryView>>(`/webhooks/${blocked.sub.id}/deliveries`, { key });
    expect(log.text).not.toContain(blockedToken);
  });

  it("the test event goes to Telegram too", async () => {
    const token = botToken();
    const { sub } = await telegramSubscription(token, "42424242", `tgt-${uid()}`);
    const r = await call<Envelope<DeliveryView>>(`/webhooks/${sub.id}/test`, { key, method: "POST" });
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toMatchObject({ type: "webhook.test", status: "delivered" });
    const [msg] = await sent(token);
    expect(msg!.text).toMatch(/^<b>Test event from upwork-jobs-api<\/b>/);
  });

  it("refuses what Telegram would: another URL, a missing or malformed chat, a chat on another format", async () => {
    const post = (body: Record<string, unknown>) =>
      call<Envelope<unknown>>("/webhooks", {
        key,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const token = botToken();
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { url: `${FAKE}/receiver/x/hook`, format: "telegram", telegram_chat_id: "1" },
        /^Invalid url parameter: expected .*\/telegram\/bot<token>\/sendMessage/,
      ],
      [
        { url: `${FAKE}/telegram/botnot-a-token/sendMessage`, format: "telegram", telegram_chat_id: "1" },
        /^Invalid url parameter: the bot token/,
      ],
      [{ url: sendMessageUrl(token), format: "telegram" }, /^Invalid telegram_chat_id parameter: required with format telegram/],
      [
        { url: sendMessageUrl(token), format: "telegram", telegram_chat_id: "my chat" },
        /^Invalid telegram_chat_id parameter: expected a numeric chat id/,
      ],
      [{ url: `${FAKE}/receiver/x/hook`, telegram_chat_id: "1" }, /^Invalid telegram_chat_id parameter: only used with format telegram/],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message).toMatch(message);
      expect(r.text).not.toContain(token);
    }
    // Leaving telegram drops the chat; coming back needs the URL and a chat again.
    const { sub } = await telegramSubscription(token, "5", `tgp-${uid()}`);
    const toJson = await call<Envelope<SubscriptionView>>(`/webhooks/${sub.id}`, {
      key,
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ format: "json", url: `${FAKE}/receiver/tg-${uid()}/hook` }),
    });
    expect(toJson.body.data[0]).toMatchObject({ format: "json", telegram_chat_id: null });
    const back = await call<Envelope<unknown>>(`/webhooks/${sub.id}`, {
      key,
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ format: "telegram" }),
    });
    expect(back.status).toBe(400);
    expect(back.body.message).toMatch(/^Invalid format parameter: expected .*sendMessage for format telegram/);
  });
});

describe("token masking and the message itself (pure)", () => {
  it("masks every bot token in any text", () => {
    expect(maskTelegramToken("POST https://api.telegram.org/bot123456:ABC-def_ghi/sendMessage failed")).toBe(
      "POST https://api.telegram.org/bot***/sendMessage failed",
    );
    expect(maskTelegramToken(null)).toBeNull();
  });

  it("lifecycle events read as such in Telegram", () => {
    const j = makeJob("9100", { title: "Build a <dashboard>" });
    const body = JSON.parse(
      eventBody("telegram", {
        type: "jobs.updated",
        subscriptionId: "wh_x",
        jobs: [{ ...j, received_at: j.posted_on }],
        changes: { "client_activity.total_applicants": { from: 5, to: 12 }, description: { changed: true } },
        createdAt: "2026-11-29T10:00:00Z",
        telegramChatId: "7",
      }),
    ) as SentMessage;
    expect(body.text).toMatch(/^<b>Job updated<\/b>/);
    expect(body.text).toContain("Build a &lt;dashboard&gt;");
    expect(body.text).toContain("🔄 Applicants: 5 → 12");
    expect(body.text).toContain("🔄 Description changed");
  });
});
