import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesKeywords, parseKeywordQuery, searchDocument, toFtsMatch, tokenize } from "../src/jobs/keyword";

describe("keyword parser", () => {
  it.each([
    ["react developer", { include: '"react" AND "developer"' }],
    ['"cloudflare workers" api', { include: '"cloudflare workers" AND "api"' }],
    ["react OR vue developer", { include: '("react" OR "vue") AND "developer"' }],
    ["python -wordpress -php", { include: '"python"', exclude: '"wordpress" OR "php"' }],
    ["-wordpress", { exclude: '"wordpress"' }],
    ["scrap*", { include: '"scrap"*' }],
    ["node.js C++", { include: '"node js" AND "c"' }],
    ['"unbalanced quote', { include: '"unbalanced" AND "quote"' }],
    ["OR react", { include: '"or" AND "react"' }],
    ["react OR", { include: '"react" AND "or"' }],
    ["AND AND react", { include: '"react"' }],
    ['NEAR( ) ^ : * " -', { include: '"near"' }],
    ['( ) ^ : * " - {}', {}],
  ])("%s", (q, expected) => {
    const { include, exclude } = toFtsMatch(parseKeywordQuery(q));
    expect({ ...(include && { include }), ...(exclude && { exclude }) }).toEqual(expected);
  });

  it("tokenizes like FTS5 unicode61: letters and digits, case-folded", () => {
    expect(tokenize("Node.js, C++ & Café-Bar_2")).toEqual(["node", "js", "c", "café", "bar", "2"]);
  });

  it("matches phrases only within one field and in order", () => {
    const doc = searchDocument({ title: "Cloudflare", description: "Workers and queues", skills: ["React", "Node.js"], tags: [] });
    expect(matchesKeywords(parseKeywordQuery('"cloudflare workers"'), doc)).toBe(false);
    expect(matchesKeywords(parseKeywordQuery('"react node"'), doc)).toBe(true);
    expect(matchesKeywords(parseKeywordQuery('"node react"'), doc)).toBe(false);
    expect(matchesKeywords(parseKeywordQuery("queue*"), doc)).toBe(true);
  });
});

describe("no user string reaches FTS5 as syntax", () => {
  it("every generated query compiles to a MATCH expression SQLite accepts", async () => {
    await env.DB.prepare("INSERT INTO jobs_fts (rowid, title, description, skills, tags) VALUES (1, 'a', 'b', 'c', 'd')").run();
    const hostile = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc
        .array(fc.constantFrom('"', "*", "NEAR(", "AND", "OR", "NOT", "-", "^", ":", "(", ")", "{", "}", "+", "a", "b c", "col:", "'"), {
          maxLength: 12,
        })
        .map((p) => p.join(" ")),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (q) => {
        const { include, exclude } = toFtsMatch(parseKeywordQuery(q));
        for (const expr of [include, exclude]) {
          if (expr) await env.DB.prepare("SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH ?").bind(expr).first();
        }
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});
