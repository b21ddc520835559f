// Fake Telegram Bot API under /telegram/bot<token>/<method>, one state per bot token (each test uses
// its own token). sendMessage checks what the real one checks that we depend on: parse_mode HTML
// with only Telegram's tags and entities (else 400 "can't parse entities"), at most 4,096
// characters, a chat id; chat "-100404" answers 400 "chat not found", "@blocked" 403.
// Control routes (per token):
//   POST /telegram/bot<token>/__script  {responses: [{status?, body?, ...}]}  one-shot answers first (429 …)
//   GET  /telegram/bot<token>/__log     the sendMessage bodies received
import type { FakeHandler } from "./types";
import { type Scripted, send, serveScripted } from "./upwork";

interface State {
  script: Scripted[];
  log: Record<string, unknown>[];
}
const states = new Map<string, State>();
const stateOf = (token: string) => states.get(token) ?? states.set(token, { script: [], log: [] }).get(token)!;

const TAGS = /<\/?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote)>|<a href="[^"<>]*">|<\/a>/g;

/** Why Telegram would refuse this HTML, or null: tags it knows only, every & an entity, no stray < or >. */
function htmlProblem(text: string): string | null {
  const bare = text.replace(TAGS, "");
  if (/[<>]/.test(bare)) return "Unsupported start tag or stray angle bracket";
  if (/&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)/.test(bare)) return "Unsupported entity";
  return null;
}

const fail = (status: number, description: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { ok: false, error_code: status, description, ...extra },
});

export const handle: FakeHandler = async (req, res, path, body) => {
  const m = path.match(/^\/bot([^/]+)\/([A-Za-z_]+)/);
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  const [, token, method] = m as unknown as [string, string, string];
  const s = stateOf(token);
  if (method === "__script") {
    s.script.push(...(JSON.parse(body) as { responses: Scripted[] }).responses);
    return send(res, 200, { queued: s.script.length });
  }
  if (method === "__log") return send(res, 200, s.log);
  if (method !== "sendMessage" || req.method !== "POST") return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
  let msg: Record<string, unknown>;
  try {
    msg = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
  }
  s.log.push(msg);
  if (await serveScripted(s.script, res)) return;
  const text = typeof msg.text === "string" ? msg.text : "";
  const answer = !msg.chat_id
    ? fail(400, "Bad Request: chat_id is empty")
    : msg.chat_id === "-100404"
      ? fail(400, "Bad Request: chat not found")
      : msg.chat_id === "@blocked"
        ? fail(403, "Forbidden: bot was blocked by the user")
        : !text
          ? fail(400, "Bad Request: message text is empty")
          : text.length > 4096
            ? fail(400, "Bad Request: message is too long")
            : msg.parse_mode === "HTML" && htmlProblem(text)
              ? fail(400, `Bad Request: can't parse entities: ${htmlProblem(text)}`)
              : { status: 200, body: { ok: true, result: { message_id: s.log.length, chat: { id: msg.chat_id }, text } } };
  return send(res, answer.status, answer.body);
};
