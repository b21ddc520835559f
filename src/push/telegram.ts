// Telegram as a subscription format (docs/api.md#telegram): the target is the Bot API's sendMessage
// URL, which carries the bot token, a secret. The token is stored (it is needed to send) and shown
// nowhere else: every text we return, record or log passes through maskTelegramToken.

/** `bot<token>` anywhere in a text: Telegram's token form is `<bot id>:<secret>`. */
const TOKEN_IN_TEXT = /bot\d{1,20}:[A-Za-z0-9_-]+/g;

export function maskTelegramToken(text: string): string;
export function maskTelegramToken(text: string | null): string | null;
export function maskTelegramToken(text: string | null): string | null {
  return text === null ? null : text.replace(TOKEN_IN_TEXT, "bot***");
}

/** Why a URL is not a sendMessage URL under `apiBase`, or null when it is. */
export function telegramUrlProblem(url: string, apiBase: string): string | null {
  const prefix = `${apiBase}/bot`;
  const token = url.startsWith(prefix) && url.endsWith("/sendMessage") ? url.slice(prefix.length, -"/sendMessage".length) : null;
  if (token === null) return `expected ${apiBase}/bot<token>/sendMessage for format telegram`;
  if (!/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/.test(token)) return "the bot token after /bot is not a token from @BotFather (<bot id>:<secret>)";
  return null;
}

/** Why a chat id is not one Telegram accepts, or null: a numeric id (groups are negative) or @channelusername. */
export function telegramChatProblem(chatId: string): string | null {
  return /^-?\d{1,20}$/.test(chatId) || /^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(chatId)
    ? null
    : "expected a numeric chat id (e.g. 123456789 or -1001234567890) or @channelusername";
}

/** What a Bot API answer means for the attempt: its error text, and Telegram's own wait before a retry. */
export interface TelegramAnswer {
  /** Telegram's `description`, e.g. "Bad Request: chat not found". */
  description: string | null;
  /** `parameters.retry_after` of a 429, in seconds. */
  retryAfterSeconds: number | null;
  /** 400/401/403/404: retrying the same message cannot help (chat not found, bot blocked, bad token). */
  permanent: boolean;
}

export function readTelegramAnswer(status: number, body: string | null): TelegramAnswer {
  let parsed: { description?: unknown; parameters?: { retry_after?: unknown } } | null = null;
  try {
    parsed = body ? JSON.parse(body) : null;
  } catch {
    parsed = null; // a proxy's HTML page: the status says enough
  }
  const description = typeof parsed?.description === "string" ? maskTelegramToken(parsed.description.slice(0, 300)) : null;
  const wait = parsed?.parameters?.retry_after;
  return {
    description,
    retryAfterSeconds: typeof wait === "number" && Number.isFinite(wait) && wait >= 0 ? Math.ceil(wait) : null,
    permanent: [400, 401, 403, 404].includes(status),
  };
}
