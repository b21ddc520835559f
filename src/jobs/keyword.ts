// Keyword search (`q`): one parser, two back ends: an FTS5 MATCH expression for D1 and an in-memory
// matcher for webhook push. Both see the same tokens, so both select the same jobs.
//
// Grammar (forgiving: nothing the user types is an error, anything odd is a plain word):
//   query  := clause*                        clauses are AND-ed
//   clause := ["-"] term ("OR" term)*        OR binds tighter than the implicit AND; "-" excludes
//   term   := word | word"*" | '"' words '"' a word with several tokens ("node.js") is a phrase

/** Tokens as FTS5's unicode61 tokenizer (remove_diacritics 0) makes them: runs of letters, numbers and private-use characters, case-folded. */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

export function tokenize(text: string): string[] {
  return (text.match(TOKEN) ?? []).map((t) => t.toLowerCase());
}

interface Term {
  /** Adjacent tokens in order; one token for a plain word. */
  tokens: string[];
  /** The last token matches any token that starts with it. */
  prefix: boolean;
}

interface Clause {
  negated: boolean;
  /** The clause holds when any alternative matches. */
  anyOf: Term[];
}

export interface KeywordQuery {
  clauses: Clause[];
}

interface Lexeme {
  kind: "term" | "or";
  negated: boolean;
  term?: Term;
}

function toTerm(text: string, quoted: boolean): Term | undefined {
  const prefix = !quoted && text.endsWith("*");
  const tokens = tokenize(text);
  if (tokens.length === 0) return undefined;
  return { tokens, prefix };
}

function lex(input: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    let negated = false;
    let start = i;
    if (ch === "-" && i + 1 < input.length && !/\s/u.test(input[i + 1]!)) {
      negated = true;
      start = ++i;
    }
    if (input[start] === '"') {
      const close = input.indexOf('"', start + 1);
      if (close === -1) {
        i = start + 1; // an unbalanced quote is ignored: the rest are plain words
        continue;
      }
      const term = toTerm(input.slice(start + 1, close), true);
      if (term) out.push({ kind: "term", negated, term });
      i = close + 1;
      continue;
    }
    let end = start;
    while (end < input.length && !/\s/u.test(input[end]!) && input[end] !== '"') end++;
    const word = input.slice(start, end);
    i = end;
    if (word === "OR" && !negated) {
      out.push({ kind: "or", negated: false });
      continue;
    }
    if (word === "AND" && !negated) continue; // explicit AND is the default
    const term = toTerm(word, false);
    if (term) out.push({ kind: "term", negated, term });
  }
  return out;
}

/** Parses `q`. Never throws: unbalanced quotes, stray operators and symbols degrade to plain words. */
export function parseKeywordQuery(input: string): KeywordQuery {
  const lexemes = lex(input);
  const clauses: Clause[] = [];
  for (let i = 0; i < lexemes.length; i++) {
    const lx = lexemes[i]!;
    if (lx.kind === "or") {
      const prev = clauses[clauses.length - 1];
      const next = lexemes[i + 1];
      if (prev && !prev.negated && next?.kind === "term" && !next.negated) {
        prev.anyOf.push(next.term!);
        i++;
      } else {
        clauses.push({ negated: false, anyOf: [{ tokens: ["or"], prefix: false }] });
      }
      continue;
    }
    clauses.push({ negated: lx.negated, anyOf: [lx.term!] });
  }
  return { clauses };
}

// ---- FTS5 -------------------------------------------------------------------------------------

function ftsTerm(term: Term): string {
  // Tokens contain only letters and digits, so quoting them cannot produce FTS5 syntax.
  return `"${term.tokens.join(" ")}"${term.prefix ? "*" : ""}`;
}

function ftsClause(clause: Clause): string {
  const alts = clause.anyOf.map(ftsTerm);
  return alts.length === 1 ? alts[0]! : `(${alts.join(" OR ")})`;
}

/**
 * The FTS5 MATCH expressions for a query: jobs must match `include` (when set) and must not match
 * `exclude` (when set). Exclusions are separate because FTS5 cannot express "NOT x" on its own.
 */
export function toFtsMatch(query: KeywordQuery): { include?: string; exclude?: string } {
  const positive = query.clauses.filter((c) => !c.negated);
  const negative = query.clauses.filter((c) => c.negated).flatMap((c) => c.anyOf);
  return {
    include: positive.length ? positive.map(ftsClause).join(" AND ") : undefined,
    exclude: negative.length ? negative.map(ftsTerm).join(" OR ") : undefined,
  };
}

// ---- In memory --------------------------------------------------------------------------------

/** The searchable columns of a job, tokenized once. Mirrors the jobs_fts columns. */
export type SearchDocument = string[][];

export function searchDocument(fields: { title: string; description: string; skills: string[]; tags: string[] }): SearchDocument {
  return [tokenize(fields.title), tokenize(fields.description), tokenize(fields.skills.join(" ")), tokenize(fields.tags.join(" "))];
}

function columnHas(column: string[], term: Term): boolean {
  const n = term.tokens.length;
  for (let start = 0; start + n <= column.length; start++) {
    let ok = true;
    for (let k = 0; k < n; k++) {
      const want = term.tokens[k]!;
      const got = column[start + k]!;
      const last = k === n - 1;
      if (last && term.prefix ? !got.startsWith(want) : got !== want) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

function docHas(doc: SearchDocument, term: Term): boolean {
  // FTS5 phrases never span columns.
  return doc.some((column) => columnHas(column, term));
}

export function matchesKeywords(query: KeywordQuery, doc: SearchDocument): boolean {
  return query.clauses.every((clause) => {
    const hit = clause.anyOf.some((t) => docHas(doc, t));
    return clause.negated ? !hit : hit;
  });
}
