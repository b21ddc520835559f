// Real feed parsers, run in Node (they need Node modules, so they cannot run inside workerd): tests
// POST a feed document and get back what a consumer makes of it.
//   POST rss   body: RSS or Atom XML → 200 with rss-parser's result (the parser of n8n's RSS nodes),
//              or 422 {error} when it cannot parse it
//   POST xml   body: any XML → 200 {valid: true} or {valid: false, error}: well-formed for a strict
//              validator (fast-xml-parser's XMLValidator), and only characters XML 1.0 allows (which
//              that validator does not check)

import { XMLValidator } from "fast-xml-parser";
import Parser from "rss-parser";
import type { FakeHandler } from "./types";
import { route, send } from "./upwork";

const rss = new Parser();
/** Not XML 1.0's Char production (§2.2). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export const handle: FakeHandler = async (req, res, path, body) => {
  const { op } = route(path);
  if (req.method !== "POST") return void res.writeHead(405).end();
  if (op === "rss") {
    try {
      return send(res, 200, await rss.parseString(body));
    } catch (err) {
      return send(res, 422, { error: String((err as Error).message ?? err) });
    }
  }
  if (op === "xml") {
    const bad = NOT_XML_CHAR.exec(body);
    if (bad) return send(res, 200, { valid: false, error: `character U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}` });
    const result = XMLValidator.validate(body);
    return send(res, 200, result === true ? { valid: true } : { valid: false, error: result.err });
  }
  res.writeHead(404).end();
};
