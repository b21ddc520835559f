// DOM helpers of the console. Everything that comes from the API is put in the page as text nodes or
// attribute values, never parsed as HTML.
import { ApiError } from "./api.js";

/** @typedef {Node | string | number | boolean | null | undefined} Leaf */
/** @typedef {Leaf | Array<Leaf | Array<Leaf | Array<Leaf>>>} Child children: nodes or text, in arrays up to three deep */

/**
 * h("tag", {attr: value, onclick: fn}, ...children). `text` sets textContent; `on*` adds listeners;
 * false, null and undefined leave an attribute out; `true` sets it empty.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = String(v);
    else if (k === "value" && "value" in el) /** @type {HTMLInputElement} */ (el).value = String(v);
    else if (k === "checked" && "checked" in el) /** @type {HTMLInputElement} */ (el).checked = Boolean(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {Child[]} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

/** @param {Element} el @param {unknown} child */
function append(el, child) {
  if (child === undefined || child === null || child === false || child === true) return;
  if (Array.isArray(child)) {
    for (const c of child) append(el, c);
    return;
  }
  el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

/** Replaces an element's children. @param {Element} el @param {Child[]} children */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let uid = 0;
/** A page-unique id for label/control pairs. */
export const nextId = (/** @type {string} */ prefix) => `${prefix}-${++uid}`;

/**
 * A labelled control: <div><label for>label</label>control<span class="hint">hint</span></div>; the hint
 * describes the control (aria-describedby) without being part of its name.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId("f");
  const hintEl = hint ? h("span", { class: "hint", id: `${control.id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id, text: label }), control, hintEl);
}

/**
 * A box that shows errors (role=alert) or notices; empty and hidden otherwise.
 * @returns {HTMLDivElement & { show: (err: unknown) => void, note: (text: string) => void, clear: () => void }}
 */
export function messageBox() {
  const el = /** @type {any} */ (h("div", { hidden: true }));
  el.show = (/** @type {unknown} */ err) => {
    el.className = "error";
    el.setAttribute("role", "alert");
    el.hidden = false;
    replace(el, describeError(err));
  };
  el.note = (/** @type {string} */ text) => {
    el.className = "notice";
    el.setAttribute("role", "status");
    el.hidden = false;
    replace(el, text);
  };
  el.clear = () => {
    el.hidden = true;
    el.replaceChildren();
  };
  return el;
}

/** "POST /webhooks → 409: Webhook limit reached: …": the API's message, with the call it answered. */
export function describeError(/** @type {unknown} */ err) {
  if (err instanceof ApiError) return `${err.request} → ${err.status || "no answer"}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Runs one user action: disables the button while it runs, clears the box, shows any error in it.
 * Resolves with the action's result, or undefined when it failed (the error is on screen).
 * @template T
 * @param {HTMLButtonElement | null} button
 * @param {{ show: (err: unknown) => void, clear: () => void }} box
 * @param {() => Promise<T>} fn
 * @returns {Promise<T | undefined>}
 */
export async function act(button, box, fn) {
  if (button) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
  }
  box.clear();
  try {
    return await fn();
  } catch (err) {
    box.show(err);
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }
}

/**
 * A read-only value with a Copy button (clipboard, or select-and-copy where the clipboard API is
 * not available, e.g. plain http on another host).
 * @param {string} label
 * @param {string} value
 */
function copyField(label, value) {
  const input = h("input", { readonly: true, value, class: "mono", spellcheck: "false" });
  const status = h("span", { class: "hint", role: "status" });
  const copy = h("button", {
    type: "button",
    class: "secondary",
    "aria-label": `Copy ${label}`,
    text: "Copy",
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(value);
      } catch {
        input.select();
        document.execCommand("copy");
      }
      status.textContent = "Copied";
      setTimeout(() => {
        status.textContent = "";
      }, 2000);
    },
  });
  return h("div", { class: "field" }, field(label, input), h("div", { class: "row" }, copy, status));
}

/**
 * A secret shown once (an API key, a signing secret, feed URLs): copy it now, then dismiss it.
 * @param {string} title
 * @param {string} note
 * @param {{ label: string, value: string }[]} values
 */
export function secretPanel(title, note, values) {
  const panel = h(
    "section",
    { class: "secret", "aria-label": title },
    h("h3", { text: title, tabindex: "-1" }),
    h("p", { class: "hint", text: note }),
    values.map((v) => copyField(v.label, v.value)),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "secondary", text: "I have stored it: hide", onclick: () => panel.remove() }),
    ),
  );
  return panel;
}

/**
 * A table in its own horizontal scroll box.
 * @param {string} caption
 * @param {(string | { label: string, num?: boolean })[]} headers
 * @param {HTMLTableRowElement[]} rows
 * @param {string} [empty] what to say when there are no rows
 */
export function table(caption, headers, rows, empty = "Nothing yet.") {
  if (!rows.length) return h("p", { class: "muted", text: empty });
  return h(
    "div",
    { class: "scroll", role: "region", "aria-label": caption, tabindex: "0" },
    h(
      "table",
      null,
      h("caption", { class: "vh", text: caption }),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          headers.map((c) =>
            typeof c === "string"
              ? h("th", { scope: "col", text: c })
              : h("th", { scope: "col", class: c.num ? "num" : null, text: c.label }),
          ),
        ),
      ),
      h("tbody", null, rows),
    ),
  );
}

/** A state word as a coloured badge (text says it; colour only repeats it). */
export const badge = (/** @type {string} */ state) => h("span", { class: `badge s-${state}`, text: state });

/** ISO 8601 → "2024-10-24 12:00:32Z" plus how long ago, e.g. "3 min ago". */
export function when(/** @type {string | null | undefined} */ iso) {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${iso.replace("T", " ")} (${ago(t)})`;
}

function ago(/** @type {number} */ t) {
  const s = Math.round((Date.now() - t) / 1000);
  const abs = Math.abs(s);
  const unit =
    abs < 90
      ? `${abs} s`
      : abs < 5400
        ? `${Math.round(abs / 60)} min`
        : abs < 172800
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86400)} d`;
  return s >= 0 ? `${unit} ago` : `in ${unit}`;
}

/** Seconds as "45 s", "12 min", "3.5 h". */
export function duration(/** @type {number | null | undefined} */ s) {
  if (s === null || s === undefined || Number.isNaN(s)) return "—";
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A heading that takes focus when a view opens, so keyboard and screen-reader users land on it. */
export const viewHeading = (/** @type {string} */ text) => h("h2", { text, tabindex: "-1", class: "view-heading" });

/** Asks before something that cannot be undone. */
export const confirmed = (/** @type {string} */ question) => window.confirm(question);

/** A number with thousands separators, or "unlimited" for null. */
export const num = (/** @type {number | null | undefined} */ n) =>
  n === null ? "unlimited" : n === undefined ? "—" : new Intl.NumberFormat("en-US").format(n);
