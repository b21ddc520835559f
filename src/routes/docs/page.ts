// GET /docs: an interactive API reference in one self-contained page (no CDN: it works offline and
// behind firewalls). It reads /openapi.json and renders every operation with a "Try it" form.
// Everything from the spec or a response is put in the DOM as text nodes, never as HTML.
// The inline script avoids backticks and "${": this file is itself a template literal.

const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --accent: #0a58ca; --get: #0b7a3e; --post: #0a58ca; --patch: #8a5a00; --delete: #b42318; --put: #6f42c1; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9aa4ae; --line: #30363d; --panel: #161b22;
  --accent: #6cb6ff; --get: #3fb950; --post: #6cb6ff; --patch: #e3b341; --delete: #ff7b72; --put: #d2a8ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 2; }
header { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: end; padding: 14px 24px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { font-size: 20px; margin: 0 auto 0 0; }
header label { display: grid; font-size: 13px; color: var(--muted); gap: 2px; }
.layout { display: grid; grid-template-columns: 240px minmax(0, 1fr); }
nav { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; padding: 16px; border-right: 1px solid var(--line); }
nav h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 16px 0 4px; }
nav ul { list-style: none; margin: 0; padding: 0; } nav li a { display: block; padding: 2px 0; text-decoration: none; font-size: 14px; overflow-wrap: anywhere; }
main { padding: 8px 24px 48px; min-width: 0; }
main > p { color: var(--muted); max-width: 70ch; }
section.tag > h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
details.op { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; background: var(--bg); }
details.op > summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
details.op[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
.op-body { padding: 4px 14px 14px; }
.method { font: 700 12px/1 ui-monospace, monospace; text-transform: uppercase; min-width: 56px; color: var(--bg); padding: 4px 6px; border-radius: 4px; text-align: center; }
.m-get { background: var(--get); } .m-post { background: var(--post); } .m-patch { background: var(--patch); } .m-delete { background: var(--delete); } .m-put { background: var(--put); }
code, pre, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.path { font-weight: 600; overflow-wrap: anywhere; } .summary { color: var(--muted); }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow: auto; max-height: 420px; margin: 6px 0; }
input, textarea, select { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 4px 6px; }
textarea { width: 100%; min-height: 120px; font-family: ui-monospace, monospace; font-size: 13px; }
button { font: inherit; cursor: pointer; border: 1px solid var(--accent); background: var(--accent); color: var(--bg); border-radius: 4px; padding: 5px 14px; }
form.try { border-top: 1px dashed var(--line); margin-top: 14px; }
form.try .grid { display: grid; grid-template-columns: minmax(120px, max-content) minmax(0, 1fr); gap: 6px 12px; align-items: center; }
.req { color: var(--delete); } .muted { color: var(--muted); font-size: 13px; }
.status { font-weight: 700; } .ok { color: var(--get); } .bad { color: var(--delete); }
dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; font-size: 13px; }
dl.headers dt { font-family: ui-monospace, monospace; color: var(--muted); } dl.headers dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
dl.headers.limit dd { color: var(--fg); font-weight: 700; }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } nav { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); } }
`;

const SCRIPT = `
"use strict";
(function () {
  var KEY_STORE = "upwork-jobs-api:api-key";
  var ADMIN_STORE = "upwork-jobs-api:admin-token";
  var LIMIT_HEADERS = /^(x-ratelimit-|x-credits-|retry-after$|etag$)/i;
  var MAX_BODY_CHARS = 200000;
  var spec;

  // h("tag", {attr: value, onclick: fn}, child...): text children become text nodes, never HTML.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else if (k === "text") el.textContent = String(v);
      else el.setAttribute(k, v === true ? "" : String(v));
    });
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function $(id) { return document.getElementById(id); }
  // Descriptions use Markdown-style \`code\` spans: odd pieces become <code> elements (as text).
  function prose(text) {
    return String(text || "").split("\u0060").map(function (part, i) { return i % 2 ? h("code", { text: part }) : part; });
  }

  function deref(schema, depth) {
    depth = depth || 0;
    if (!schema || typeof schema !== "object" || depth > 20) return schema || {};
    if (typeof schema.$ref === "string") {
      var path = schema.$ref.replace(/^#\\//, "").split("/");
      var target = spec;
      path.forEach(function (p) { target = target && target[p.replace(/~1/g, "/").replace(/~0/g, "~")]; });
      return deref(target, depth + 1);
    }
    return schema;
  }

  function typeOf(schema) {
    schema = deref(schema);
    var t = schema.type;
    if (Array.isArray(t)) return t.join(" | ");
    if (t === "array") return "array of " + typeOf(schema.items);
    if (t) return t + (schema.format ? " (" + schema.format + ")" : "");
    var alt = schema.anyOf || schema.oneOf;
    if (alt) return alt.map(typeOf).join(" | ");
    if (schema.enum) return "enum";
    if ("const" in schema) return JSON.stringify(schema.const);
    return "any";
  }

  // An example value for a schema: its example, default, const or first enum value, else one built from its type.
  function exampleOf(schema, depth) {
    depth = depth || 0;
    schema = deref(schema);
    if (depth > 8) return null;
    if ("example" in schema) return schema.example;
    if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
    if ("default" in schema) return schema.default;
    if ("const" in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
    var alt = schema.anyOf || schema.oneOf || schema.allOf;
    if (alt && alt.length) return exampleOf(alt[0], depth + 1);
    var t = Array.isArray(schema.type) ? schema.type.filter(function (x) { return x !== "null"; })[0] : schema.type;
    if (t === "object" || schema.properties) {
      var out = {};
      Object.keys(schema.properties || {}).forEach(function (k) { out[k] = exampleOf(schema.properties[k], depth + 1); });
      return out;
    }
    if (t === "array") return schema.items ? [exampleOf(schema.items, depth + 1)] : [];
    if (t === "integer" || t === "number") return typeof schema.minimum === "number" ? schema.minimum : 0;
    if (t === "boolean") return false;
    if (t === "string") return "";
    return null;
  }

  function paramExample(p) {
    var s = deref(p.schema);
    if (p.example !== undefined) return p.example;
    if (s.example !== undefined) return s.example;
    return undefined;
  }

  function opId(method, path) {
    return "op-" + method + "-" + path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function needsAdmin(op, path) {
    var sec = op.security || spec.security || [];
    var named = sec.some(function (s) { return Object.prototype.hasOwnProperty.call(s, "AdminToken"); });
    return named || path.indexOf("/admin/") === 0;
  }
  function needsKey(op) {
    var sec = op.security || spec.security || [];
    return sec.some(function (s) { return Object.prototype.hasOwnProperty.call(s, "ApiKey") || Object.prototype.hasOwnProperty.call(s, "BearerKey"); });
  }

  function operations() {
    var byTag = new Map();
    Object.keys(spec.paths || {}).forEach(function (path) {
      var item = spec.paths[path];
      ["get", "post", "put", "patch", "delete"].forEach(function (method) {
        var op = item[method];
        if (!op) return;
        var params = (item.parameters || []).concat(op.parameters || []).map(function (p) { return deref(p); });
        var tag = (op.tags && op.tags[0]) || "Other";
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push({ method: method, path: path, op: op, params: params });
      });
    });
    return byTag;
  }

  function renderParams(params) {
    if (!params.length) return null;
    return [h("h3", { text: "Parameters" }), h("table", null,
      h("thead", null, h("tr", null, h("th", { scope: "col", text: "Name" }), h("th", { scope: "col", text: "In" }),
        h("th", { scope: "col", text: "Type" }), h("th", { scope: "col", text: "Description" }))),
      h("tbody", null, params.map(function (p) {
        var ex = paramExample(p);
        return h("tr", null,
          h("td", null, h("code", { text: p.name }), p.required ? h("span", { class: "req", title: "required", text: " *" }) : null),
          h("td", { text: p.in }),
          h("td", { text: typeOf(p.schema) }),
          h("td", null, prose(p.description || deref(p.schema).description),
            ex !== undefined ? h("div", { class: "muted" }, "Example: ", h("code", { text: typeof ex === "string" ? ex : JSON.stringify(ex) })) : null,
            "default" in deref(p.schema) ? h("div", { class: "muted" }, "Default: ", h("code", { text: JSON.stringify(deref(p.schema).default) })) : null));
      })))];
  }

  function jsonContent(content) {
    if (!content) return null;
    var type = Object.keys(content).filter(function (t) { return /json/.test(t); })[0];
    return type ? content[type] : null;
  }

  function renderBody(op) {
    var body = op.requestBody && deref(op.requestBody);
    var media = body && jsonContent(body.content);
    if (!media) return null;
    var schema = deref(media.schema);
    var rows = Object.keys(schema.properties || {}).map(function (k) {
      var prop = deref(schema.properties[k]);
      var required = (schema.required || []).indexOf(k) >= 0;
      return h("tr", null, h("td", null, h("code", { text: k }), required ? h("span", { class: "req", title: "required", text: " *" }) : null),
        h("td", { text: typeOf(prop) }), h("td", null, prose(prop.description)));
    });
    return [h("h3", { text: "Request body (JSON)" }),
      rows.length ? h("table", null, h("thead", null, h("tr", null, h("th", { scope: "col", text: "Field" }),
        h("th", { scope: "col", text: "Type" }), h("th", { scope: "col", text: "Description" }))), h("tbody", null, rows)) : null];
  }

  function renderResponses(op) {
    var codes = Object.keys(op.responses || {});
    if (!codes.length) return null;
    return [h("h3", { text: "Responses" }), h("table", null,
      h("thead", null, h("tr", null, h("th", { scope: "col", text: "Status" }), h("th", { scope: "col", text: "Description" }))),
      h("tbody", null, codes.map(function (code) {
        var r = deref(op.responses[code]);
        return h("tr", null, h("td", null, h("code", { text: code })), h("td", null, prose(r.description)));
      })))];
  }

  function renderTry(entry, id) {
    var op = entry.op;
    var fields = [];
    var rows = entry.params.filter(function (p) { return p.in === "path" || p.in === "query" || p.in === "header"; }).map(function (p, i) {
      var inputId = id + "-p" + i;
      var ex = paramExample(p);
      var input = h("input", { id: inputId, name: p.name, required: p.required || false,
        placeholder: ex === undefined ? "" : typeof ex === "string" ? ex : JSON.stringify(ex), autocomplete: "off" });
      fields.push({ param: p, input: input });
      return [h("label", { for: inputId }, h("code", { text: p.name }), " ", h("span", { class: "muted", text: "(" + p.in + ")" })), input];
    });
    var media = op.requestBody && jsonContent(deref(op.requestBody).content);
    var bodyInput = null;
    if (media) {
      bodyInput = h("textarea", { id: id + "-body", spellcheck: "false" });
      bodyInput.value = JSON.stringify(exampleOf(media.schema), null, 2);
    }
    var out = h("div", { "aria-live": "polite" });
    var form = h("form", { class: "try", onsubmit: function (ev) { ev.preventDefault(); send(entry, fields, bodyInput, out); } },
      h("h3", { text: "Try it" }),
      rows.length ? h("div", { class: "grid" }, rows) : null,
      bodyInput ? [h("label", { for: id + "-body", class: "muted", text: "JSON body" }), bodyInput] : null,
      h("p", null, h("button", { type: "submit", text: "Send " + entry.method.toUpperCase() + " " + entry.path }), " ",
        h("span", { class: "muted", text: needsAdmin(op, entry.path) ? "Sends the admin token." : needsKey(op) ? "Sends your API key as X-API-KEY." : "No key needed." })),
      out);
    return form;
  }

  function send(entry, fields, bodyInput, out) {
    var path = entry.path;
    var query = new URLSearchParams();
    var headers = new Headers();
    var missing = [];
    fields.forEach(function (f) {
      var v = f.input.value.trim();
      if (!v) { if (f.param.required) missing.push(f.param.name); return; }
      if (f.param.in === "path") path = path.split("{" + f.param.name + "}").join(encodeURIComponent(v));
      else if (f.param.in === "query") query.append(f.param.name, v);
      else headers.set(f.param.name, v);
    });
    out.replaceChildren();
    if (missing.length) { append(out, h("p", { class: "bad", text: "Required: " + missing.join(", ") })); return; }
    if (needsAdmin(entry.op, entry.path)) {
      var token = $("admin-token").value.trim();
      if (token) headers.set("Authorization", "Bearer " + token);
    } else if (needsKey(entry.op)) {
      var key = $("api-key").value.trim();
      if (key) headers.set("X-API-KEY", key);
    }
    var init = { method: entry.method.toUpperCase(), headers: headers };
    if (bodyInput && bodyInput.value.trim()) {
      try { JSON.parse(bodyInput.value); } catch (e) { append(out, h("p", { class: "bad", text: "The body is not valid JSON: " + e.message })); return; }
      headers.set("Content-Type", "application/json");
      init.body = bodyInput.value;
    }
    var qs = query.toString();
    var url = path + (qs ? "?" + qs : "");
    var started = performance.now();
    append(out, h("p", { class: "muted", text: init.method + " " + url + " …" }));
    fetch(url, init).then(function (res) {
      return res.text().then(function (text) { showResponse(out, init.method, url, res, text, performance.now() - started); });
    }, function (err) {
      out.replaceChildren(h("p", { class: "bad", text: "Request failed: " + err.message }));
    });
  }

  function showResponse(out, method, url, res, text, ms) {
    var pretty = text;
    try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON: shown as is */ }
    if (pretty.length > MAX_BODY_CHARS) pretty = pretty.slice(0, MAX_BODY_CHARS) + "\\n… (cut)";
    var limitRows = [];
    var headerRows = [];
    res.headers.forEach(function (value, name) {
      var row = [h("dt", { text: name }), h("dd", { text: value })];
      if (LIMIT_HEADERS.test(name)) limitRows.push(row);
      headerRows.push([h("dt", { text: name }), h("dd", { text: value })]);
    });
    out.replaceChildren(
      h("p", null, h("span", { class: "status " + (res.ok ? "ok" : "bad"), text: res.status + " " + res.statusText }), " ",
        h("span", { class: "muted", text: method + " " + url + " · " + Math.round(ms) + " ms" })),
      limitRows.length ? h("dl", { class: "headers limit", "aria-label": "Rate-limit and credit headers" }, limitRows) : null,
      h("details", null, h("summary", { text: "All response headers (" + headerRows.length + ")" }), h("dl", { class: "headers" }, headerRows)),
      text ? h("pre", { tabindex: "0" }, h("code", { text: pretty })) : h("p", { class: "muted", text: "(empty body)" }));
  }

  function render() {
    document.title = (spec.info && spec.info.title ? spec.info.title : "API") + " reference";
    $("title").textContent = document.title;
    var nav = $("nav-list");
    var main = $("ops");
    var intro = $("intro");
    main.replaceChildren();
    intro.replaceChildren(h("p", null, prose(spec.info && spec.info.description)),
      h("p", null, "OpenAPI " + (spec.openapi || "") + " document: ", h("a", { href: "/openapi.json", text: "/openapi.json" })));
    var byTag = operations();
    byTag.forEach(function (entries, tag) {
      var tagId = "tag-" + tag.replace(/[^A-Za-z0-9]+/g, "-");
      append(nav, [h("h2", { text: tag }), h("ul", null, entries.map(function (e) {
        return h("li", null, h("a", { href: "#" + opId(e.method, e.path) }, h("code", { text: e.method.toUpperCase() }), " ", e.path));
      }))]);
      append(main, h("section", { class: "tag", id: tagId, "aria-labelledby": tagId + "-h" },
        h("h2", { id: tagId + "-h", text: tag }),
        entries.map(function (e) {
          var id = opId(e.method, e.path);
          return h("details", { class: "op", id: id },
            h("summary", null, h("span", { class: "method m-" + e.method, text: e.method }), h("span", { class: "path", text: e.path }),
              h("span", { class: "summary", text: e.op.summary || "" })),
            h("div", { class: "op-body" }, e.op.description ? h("p", null, prose(e.op.description)) : null,
              renderParams(e.params), renderBody(e.op), renderResponses(e.op), renderTry(e, id)));
        })));
    });
    openFromHash();
  }

  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView(); }
  }

  function remember(inputId, storage, name) {
    var input = $(inputId);
    try { input.value = storage.getItem(name) || ""; } catch (e) { /* storage disabled */ }
    input.addEventListener("input", function () {
      try { if (input.value) storage.setItem(name, input.value); else storage.removeItem(name); } catch (e) { /* storage disabled */ }
    });
  }

  remember("api-key", window.localStorage, KEY_STORE);
  // The admin token stays in this tab only.
  remember("admin-token", window.sessionStorage, ADMIN_STORE);
  window.addEventListener("hashchange", openFromHash);
  fetch("/openapi.json").then(function (res) {
    if (!res.ok) throw new Error("HTTP " + res.status);
    return res.json();
  }).then(function (json) { spec = json; render(); }, function (err) {
    $("ops").replaceChildren(h("p", { class: "bad", role: "alert", text: "Could not load /openapi.json: " + err.message }));
  });
})();
`;

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>upwork-jobs-api reference</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#ops">Skip to the operations</a>
<header>
  <h1 id="title">upwork-jobs-api reference</h1>
  <label for="api-key">API key (X-API-KEY, kept in this browser)
    <input id="api-key" type="password" autocomplete="off" spellcheck="false" size="34"></label>
  <label for="admin-token">Admin token (for /admin, kept in this tab)
    <input id="admin-token" type="password" autocomplete="off" spellcheck="false" size="28"></label>
</header>
<div class="layout">
  <nav aria-label="Operations"><div id="nav-list"></div></nav>
  <main id="main">
    <div id="intro"></div>
    <div id="ops"><p class="muted">Loading /openapi.json…</p></div>
    <noscript><p>This page needs JavaScript; the raw description is at <a href="/openapi.json">/openapi.json</a>.</p></noscript>
  </main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
