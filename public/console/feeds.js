// Feeds (/feeds, docs/api.md#feeds): create one from a filter, copy its RSS, Atom and JSON Feed URLs
// (the API shows them only when a feed is created or rotated), rotate, delete.
import { api } from "./api.js";
import { act, confirmed, field, h, messageBox, replace, secretPanel, table, viewHeading, when } from "./dom.js";
import { describeFilters, filterBuilder, handoff } from "./filters.js";

/** @param {HTMLElement} main */
export function renderFeeds(main) {
  const listBox = messageBox();
  const list = h("div", null, h("p", { class: "hint", text: "Loading…" }));
  const panel = h("div");

  /** @param {string} title @param {{ rss: string, atom: string, json: string }} urls */
  const showUrls = (title, urls) => {
    const p = secretPanel(
      title,
      "These URLs carry their own credential and are shown only now (and after a rotation): store them in your reader.",
      [
        { label: "RSS URL", value: urls.rss },
        { label: "Atom URL", value: urls.atom },
        { label: "JSON Feed URL", value: urls.json },
      ],
    );
    replace(panel, p);
    /** @type {HTMLElement | null} */ (p.querySelector("h3"))?.focus();
  };

  async function loadList() {
    const r = await api("GET", "/feeds");
    const rows = r.data.map((/** @type {any} */ f) => {
      const rowBox = messageBox();
      const rotate = h("button", {
        type: "button",
        class: "secondary",
        text: "Rotate URLs",
        "aria-label": `Rotate the URLs of ${f.title}`,
      });
      rotate.addEventListener("click", () =>
        act(rotate, rowBox, async () => {
          if (!confirmed(`Rotate the URLs of "${f.title}"? The old URLs stop working at once.`)) return;
          const n = (await api("POST", `/feeds/${f.id}/rotate`)).data[0];
          showUrls(`New URLs for ${n.title}`, n.urls);
        }),
      );
      const del = h("button", { type: "button", class: "danger", text: "Delete", "aria-label": `Delete ${f.title}` });
      del.addEventListener("click", () =>
        act(del, rowBox, async () => {
          if (!confirmed(`Delete the feed "${f.title}"? Its URLs answer 404 from then on.`)) return;
          await api("DELETE", `/feeds/${f.id}`);
          panel.replaceChildren();
          await loadList();
        }),
      );
      return h(
        "tr",
        { "data-id": f.id },
        h("td", null, h("strong", { text: f.title }), h("div", { class: "hint mono", text: f.id }), rowBox),
        h("td", { text: describeFilters(f.filters) }),
        h("td", { text: when(f.updated_at) }),
        h("td", null, h("div", { class: "row" }, rotate, del)),
      );
    });
    replace(list, table("Feeds", ["Feed", "Filters", "Changed", "Actions"], rows, "No feed yet: create one below."));
  }

  const title = h("input", { type: "text", name: "title", maxlength: "200", placeholder: "Upwork jobs" });
  const builder = filterBuilder({ initial: handoff.filters ?? {}, label: "Feed filters" });
  handoff.filters = undefined;
  const box = messageBox();
  const submit = h("button", { type: "submit", text: "Create feed" });
  const form = h(
    "form",
    {
      class: "card",
      novalidate: true,
      "aria-labelledby": "h-new-feed",
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        act(submit, box, async () => {
          const t = title.value.trim();
          const created = (await api("POST", "/feeds", { body: { ...(t ? { title: t } : {}), filters: builder.value() } })).data[0];
          await loadList();
          showUrls(`Feed created: ${created.title}`, created.urls);
        });
      },
    },
    h("h3", { id: "h-new-feed", text: "New feed" }),
    field("Title", title, 'what readers show; default "Upwork jobs"'),
    builder.el,
    box,
    h("div", { class: "row" }, submit),
  );

  replace(
    main,
    viewHeading("Feeds"),
    h("p", {
      class: "hint",
      text: "RSS, Atom and JSON Feed URLs for a saved filter: for feed readers, Slack's RSS app, Zapier or n8n. Reading a feed costs one credit of your key.",
    }),
    listBox,
    list,
    panel,
    form,
  );
  act(null, listBox, loadList).then(() => {
    if (!listBox.hidden) list.replaceChildren();
  });
}
