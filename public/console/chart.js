// Two small SVG charts for the Source view: bars (jobs per hour) and two lines (lag p50/p95 per
// hour). Each comes with its numbers as a table, for screen readers and for copying.
import { h, svg, table } from "./dom.js";

const W = 600;
const H = 180;
const PAD = { left: 40, right: 8, top: 10, bottom: 22 };

/**
 * @typedef {{ label: string, value: number | null }} Point
 */

/** @param {number} max */
function frame(max, /** @type {string[]} */ labels, /** @type {(v: number) => string} */ fmt) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = innerW / Math.max(labels.length, 1);
  const y = (/** @type {number} */ v) => PAD.top + innerH - (max ? (v / max) * innerH : 0);
  const parts = [
    svg("line", { class: "axis", x1: PAD.left, y1: PAD.top + innerH, x2: W - PAD.right, y2: PAD.top + innerH }),
    svg("line", { class: "axis", x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + innerH }),
    svg("text", { x: PAD.left - 4, y: PAD.top + 8, "text-anchor": "end" }, fmt(max)),
    svg("text", { x: PAD.left - 4, y: PAD.top + innerH, "text-anchor": "end" }, "0"),
    labels.map((l, i) =>
      i % 6 === 0 || i === labels.length - 1 ? svg("text", { x: PAD.left + step * (i + 0.5), y: H - 6, "text-anchor": "middle" }, l) : null,
    ),
  ];
  return { step, y, parts, innerH };
}

/**
 * @param {string} title
 * @param {Point[]} points
 * @param {string} caption
 */
export function barChart(title, points, caption) {
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const f = frame(
    max,
    points.map((p) => p.label),
    (v) => String(Math.round(v)),
  );
  const bars = points.map((p, i) => {
    const v = p.value ?? 0;
    const top = f.y(v);
    return svg(
      "rect",
      { class: "bar", x: PAD.left + f.step * i + 1, y: top, width: Math.max(f.step - 2, 1), height: PAD.top + f.innerH - top },
      svg("title", {}, `${p.label}: ${v}`),
    );
  });
  const total = points.reduce((s, p) => s + (p.value ?? 0), 0);
  return h(
    "figure",
    null,
    svg(
      "svg",
      { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${title}: ${total} in total, at most ${max} in one hour` },
      f.parts,
      bars,
    ),
    h("figcaption", null, h("strong", { text: title }), ` ${caption}`),
    dataTable(
      title,
      points.map((p) => [p.label, p.value === null ? "—" : String(p.value)]),
      ["Hour (UTC)", "Jobs"],
    ),
  );
}

/**
 * @param {string} title
 * @param {{ label: string, p50: number | null, p95: number | null }[]} points
 * @param {string} caption
 * @param {(s: number) => string} fmt
 */
export function lagChart(title, points, caption, fmt) {
  const max = Math.max(1, ...points.map((p) => p.p95 ?? p.p50 ?? 0));
  const f = frame(
    max,
    points.map((p) => p.label),
    fmt,
  );
  /** One path per run of hours with a value; a lone hour is a dot. @param {"p50" | "p95"} key */
  const line = (key) => {
    /** @type {SVGElement[]} */
    const out = [];
    /** @type {[number, number][]} */
    let run = [];
    const flush = () => {
      const [first] = run;
      if (run.length === 1 && first) out.push(svg("circle", { class: key, cx: first[0], cy: first[1], r: 2 }));
      else if (run.length) out.push(svg("path", { class: key, d: `M${run.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join("L")}` }));
      run = [];
    };
    points.forEach((p, i) => {
      const v = p[key];
      if (v === null) flush();
      else run.push([PAD.left + f.step * (i + 0.5), f.y(v)]);
    });
    flush();
    return out;
  };
  const known = points.filter((p) => p.p50 !== null);
  return h(
    "figure",
    null,
    svg(
      "svg",
      { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${title}: ${known.length} hours with jobs, p95 at most ${fmt(max)}` },
      f.parts,
      line("p50"),
      line("p95"),
    ),
    h(
      "figcaption",
      null,
      h("strong", { text: title }),
      " ",
      h("span", { class: "key-p50", text: "— p50" }),
      " ",
      h("span", { class: "key-p95", text: "— p95" }),
      ` ${caption}`,
    ),
    dataTable(
      title,
      points.map((p) => [p.label, p.p50 === null ? "—" : fmt(p.p50), p.p95 === null ? "—" : fmt(p.p95)]),
      ["Hour (UTC)", "p50", "p95"],
    ),
  );
}

/** @param {string} title @param {string[][]} rows @param {string[]} headers */
function dataTable(title, rows, headers) {
  return h(
    "details",
    null,
    h("summary", { text: `${title}: the numbers` }),
    table(
      title,
      headers,
      rows.map((r) =>
        h(
          "tr",
          null,
          r.map((c) => h("td", { text: c })),
        ),
      ),
    ),
  );
}
