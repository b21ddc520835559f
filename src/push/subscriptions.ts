// Subscription rules as a plain service, shared by POST/PATCH /webhooks and GET /jobs?webhook=true:
// the tier gate, the owner's cap, target checks, canonical filters, idempotent registration,
// ownership, secret rotation. Failures are DomainErrors; HTTP stays in src/routes/.
import { randomToken, sha256Hex } from "../auth/keys";
import {
  findSubscriptionByDedupeKey,
  getSubscription,
  insertSubscription,
  type SubscriptionPatch,
  updateSubscription,
} from "../db/subscriptions";
import { DomainError, invalid } from "../errors";
import { canonicalFilter, type JobFilter } from "../jobs/filter";
import type { Settings } from "../settings";
import { generateSecret } from "./signing";
import { checkTarget } from "./ssrf";
import { telegramChatProblem, telegramUrlProblem } from "./telegram";
import { DEFAULT_EVENTS, type Format, type SubscribableEvent, type Subscription } from "./types";

/** Who acts: an API key, by id and tier. */
interface Owner {
  id: string;
  tier: string;
}

export interface SubscriptionContext {
  db: D1Database;
  settings: Settings;
  owner: Owner;
}

/** The owner's cap on active subscriptions (null = unlimited); tiers without webhooks are refused. */
export function subscriptionCap({ settings, owner }: SubscriptionContext): number | null {
  const tier = settings.tiers[owner.tier as keyof Settings["tiers"]];
  const max = tier ? tier.max_webhooks : 0;
  if (max === 0) {
    throw new DomainError("forbidden", `Webhooks are not available on the ${owner.tier} tier: upgrade to professional or enterprise`);
  }
  return max;
}

const capReached = (cap: number | null) =>
  new DomainError("conflict", `Webhook limit reached: your tier allows ${cap} active subscriptions. Delete or deactivate one first.`);

/** The target as stored, or an invalid-parameter error naming where it came from. */
function checkedTarget(ctx: SubscriptionContext, url: string, param: string): string {
  const r = checkTarget(url, ctx.settings.push.allowPrivateTargets);
  if (!r.ok) throw invalid(param, r.reason);
  return r.url.href;
}

/**
 * The events as stored. Updates and closings follow the jobs a subscription was sent, so jobs.matched
 * is always among them.
 */
function checkedEvents(events: SubscribableEvent[], param: string): string {
  if (!events.includes("jobs.matched")) {
    throw invalid(param, "must include jobs.matched: jobs.updated and jobs.closed follow the jobs you were sent");
  }
  return JSON.stringify([...new Set(events)].sort());
}

/** A telegram subscription needs the sendMessage URL and a chat; other formats take no chat. */
function checkChannel(ctx: SubscriptionContext, format: Format, url: string, chatId: string | null, urlParam: string): void {
  if (format !== "telegram") {
    if (chatId !== null) throw invalid("telegram_chat_id", "only used with format telegram");
    return;
  }
  const urlProblem = telegramUrlProblem(url, ctx.settings.push.telegramApiUrl);
  if (urlProblem) throw invalid(urlParam, urlProblem);
  if (chatId === null) throw invalid("telegram_chat_id", "required with format telegram");
  const chatProblem = telegramChatProblem(chatId);
  if (chatProblem) throw invalid("telegram_chat_id", chatProblem);
}

export interface NewSubscription {
  url: string;
  filter: JobFilter;
  format: Format;
  /** Default: jobs.matched only. */
  events?: SubscribableEvent[];
  /** format = telegram: the chat to post to. */
  telegramChatId?: string;
  batch: boolean;
  description: string;
  /** GET /jobs?webhook=true: the same key + url + filters always give the same subscription. */
  idempotent: boolean;
  /** The parameter the URL came in (named by a refusal). */
  urlParam: string;
}

export async function createSubscription(
  ctx: SubscriptionContext,
  s: NewSubscription,
): Promise<{ subscription: Subscription; created: boolean }> {
  const cap = subscriptionCap(ctx);
  const url = checkedTarget(ctx, s.url, s.urlParam);
  const chatId = s.telegramChatId ?? null;
  checkChannel(ctx, s.format, url, chatId, s.urlParam);
  const events = checkedEvents(s.events ?? DEFAULT_EVENTS, "events");
  const filters = JSON.stringify(canonicalFilter(s.filter));
  // Other events make another subscription (the default keeps the keys registered before events existed).
  const identity = events === JSON.stringify(DEFAULT_EVENTS) ? [ctx.owner.id, url, filters] : [ctx.owner.id, url, filters, events];
  const dedupeKey = s.idempotent ? await sha256Hex(JSON.stringify(identity)) : null;
  if (dedupeKey) {
    const existing = await findSubscriptionByDedupeKey(ctx.db, dedupeKey);
    if (existing) return { subscription: existing, created: false };
  }
  const now = Date.now();
  const row: Subscription = {
    id: `wh_${randomToken(12)}`,
    api_key_id: ctx.owner.id,
    url,
    filters,
    dedupe_key: dedupeKey,
    format: s.format,
    batch: s.batch ? 1 : 0,
    events,
    telegram_chat_id: chatId,
    description: s.description,
    active: 1,
    secret: generateSecret(),
    previous_secret: null,
    previous_secret_until: null,
    disabled_reason: null,
    disabled_kind: null,
    failing_since: null,
    last_success_at: null,
    created_at: now,
    updated_at: now,
  };
  const inserted = await insertSubscription(ctx.db, row, cap);
  if (inserted) return { subscription: inserted, created: true };
  // Lost a race with the same registration, or the cap is reached.
  const existing = dedupeKey ? await findSubscriptionByDedupeKey(ctx.db, dedupeKey) : null;
  if (existing) return { subscription: existing, created: false };
  throw capReached(cap);
}

/** The owner's subscription, after the tier gate; not_found when it is someone else's or does not exist. */
export async function ownedSubscription(ctx: SubscriptionContext, id: string): Promise<Subscription> {
  subscriptionCap(ctx);
  const row = await getSubscription(ctx.db, id, ctx.owner.id);
  if (!row) throw new DomainError("not_found", "Webhook not found");
  return row;
}

export interface SubscriptionChanges {
  url?: string;
  filter?: JobFilter;
  format?: Format;
  events?: SubscribableEvent[];
  /** null: remove it (when leaving format telegram). */
  telegramChatId?: string | null;
  batch?: boolean;
  description?: string;
  active?: boolean;
}

export async function changeSubscription(ctx: SubscriptionContext, id: string, changes: SubscriptionChanges): Promise<Subscription> {
  const cap = subscriptionCap(ctx);
  const current = await ownedSubscription(ctx, id);
  const patch: SubscriptionPatch = {};
  if (changes.url !== undefined) patch.url = checkedTarget(ctx, changes.url, "url");
  if (changes.filter !== undefined) patch.filters = JSON.stringify(canonicalFilter(changes.filter));
  if (changes.format !== undefined) patch.format = changes.format;
  if (changes.events !== undefined) patch.events = checkedEvents(changes.events, "events");
  const format = patch.format ?? current.format;
  // A chat belongs to telegram: leaving the format drops it, unless one is given (then it is refused).
  let chatId = changes.telegramChatId !== undefined ? changes.telegramChatId : current.telegram_chat_id;
  if (format !== "telegram" && changes.telegramChatId === undefined) chatId = null;
  checkChannel(ctx, format, patch.url ?? current.url, chatId, changes.url !== undefined ? "url" : "format");
  if (chatId !== current.telegram_chat_id) patch.telegram_chat_id = chatId;
  if (changes.batch !== undefined) patch.batch = changes.batch ? 1 : 0;
  if (changes.description !== undefined) patch.description = changes.description;
  // A changed subscription no longer equals the GET /jobs?webhook=true registration it came from.
  if ((patch.url !== undefined && patch.url !== current.url) || (patch.filters !== undefined && patch.filters !== current.filters)) {
    patch.dedupe_key = null;
  }
  if (changes.active === true && current.active !== 1) {
    Object.assign(patch, { active: 1, disabled_reason: null, disabled_kind: null, failing_since: null });
  } else if (changes.active === false && current.active === 1) {
    Object.assign(patch, { active: 0, disabled_reason: "Disabled by its owner", disabled_kind: "owner" });
  }
  const row = await updateSubscription(ctx.db, current.id, ctx.owner.id, patch, Date.now(), cap);
  if (row === "cap") throw capReached(cap);
  if (!row) throw new DomainError("not_found", "Webhook not found");
  return row;
}

/** A new secret; the previous one keeps signing for the grace period. */
export async function rotateSecret(ctx: SubscriptionContext, id: string): Promise<Subscription> {
  const current = await ownedSubscription(ctx, id);
  const now = Date.now();
  const row = await updateSubscription(
    ctx.db,
    current.id,
    ctx.owner.id,
    {
      secret: generateSecret(),
      previous_secret: current.secret,
      previous_secret_until: now + ctx.settings.push.rotationGraceSeconds * 1000,
    },
    now,
    null,
  );
  if (!row || row === "cap") throw new DomainError("not_found", "Webhook not found");
  return row;
}

/** Owner retries and replays need the subscription switched on first. */
export function requireActive(s: Subscription): void {
  if (!s.active) throw new DomainError("conflict", "Webhook is disabled: set active to true first");
}
