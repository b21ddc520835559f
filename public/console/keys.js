// Keys (admin, docs/api.md#api-keys): create (the plaintext is shown once), change the tier,
// deactivate and reactivate (reversible), revoke (final).
import { api } from "./api.js";
import { act, badge, confirmed, field, h, messageBox, replace, secretPanel, table, viewHeading, when } from "./dom.js";

const TIERS = ["free", "hobby", "developer", "professional", "enterprise"];

/** @param {HTMLElement} main */
export function renderKeys(main) {
  const listBox = messageBox();
  const list = h("div", null, h("p", { class: "hint", text: "Loading…" }));
  const panel = h("div");

  async function loadList() {
    const r = await api("GET", "/admin/keys");
    const rows = r.data.map((/** @type {any} */ k) => {
      const rowBox = messageBox();
      const revoked = Boolean(k.revoked_at);
      const st = revoked ? "revoked" : k.active ? "active" : "deactivated";
      const tier = h(
        "select",
        { name: "tier", "aria-label": `Tier of ${k.name}`, disabled: revoked },
        TIERS.map((t) => h("option", { value: t, text: t })),
      );
      tier.value = k.tier;
      const apply = h("button", {
        type: "button",
        class: "secondary",
        text: "Change tier",
        "aria-label": `Change the tier of ${k.name}`,
        disabled: true,
      });
      tier.addEventListener("change", () => {
        apply.disabled = tier.value === k.tier;
      });
      apply.addEventListener("click", () =>
        act(apply, rowBox, async () => {
          await api("PATCH", `/admin/keys/${k.id}`, { body: { tier: tier.value } });
          await loadList();
        }),
      );
      const toggle = h("button", {
        type: "button",
        class: "secondary",
        text: k.active ? "Deactivate" : "Activate",
        "aria-label": `${k.active ? "Deactivate" : "Activate"} ${k.name}`,
      });
      toggle.addEventListener("click", () =>
        act(toggle, rowBox, async () => {
          await api("PATCH", `/admin/keys/${k.id}`, { body: { active: !k.active } });
          await loadList();
        }),
      );
      const revoke = h("button", { type: "button", class: "danger", text: "Revoke", "aria-label": `Revoke ${k.name}` });
      revoke.addEventListener("click", () =>
        act(revoke, rowBox, async () => {
          if (!confirmed(`Revoke the key "${k.name}"? This is final: it answers 401 from its next request on.`)) return;
          await api("DELETE", `/admin/keys/${k.id}`);
          await loadList();
        }),
      );
      return h(
        "tr",
        { "data-id": k.id },
        h("td", null, h("strong", { text: k.name }), h("div", { class: "hint mono", text: `${k.key_prefix}… · ${k.id}` }), rowBox),
        h("td", null, h("div", { class: "row" }, tier, revoked ? null : apply)),
        h("td", null, badge(st), revoked ? h("div", { class: "hint", text: `revoked ${when(k.revoked_at)}` }) : null),
        h("td", { text: when(k.created_at) }),
        h("td", null, revoked ? "" : h("div", { class: "row" }, toggle, revoke)),
      );
    });
    replace(list, table("API keys", ["Key", "Tier", "State", "Created", "Actions"], rows, "No API key yet."));
  }

  const name = h("input", { type: "text", name: "name", maxlength: "100", autocomplete: "off" });
  const tier = h(
    "select",
    { name: "tier" },
    TIERS.map((t) => h("option", { value: t, text: t })),
  );
  tier.value = "free";
  const box = messageBox();
  const submit = h("button", { type: "submit", text: "Create key" });
  const form = h(
    "form",
    {
      class: "card",
      novalidate: true,
      "aria-labelledby": "h-new-key",
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        act(submit, box, async () => {
          const k = (await api("POST", "/admin/keys", { body: { name: name.value, tier: tier.value } })).data[0];
          name.value = "";
          await loadList();
          const p = secretPanel(
            `Key created: ${k.name} (${k.tier})`,
            "The plaintext key is shown once, here: the API stores only its hash.",
            [{ label: "API key", value: k.key }],
          );
          replace(panel, p);
          /** @type {HTMLElement | null} */ (p.querySelector("h3"))?.focus();
        });
      },
    },
    h("h3", { id: "h-new-key", text: "New key" }),
    h("div", { class: "grid" }, field("Name", name, "your label, 1–100 characters"), field("Tier", tier)),
    box,
    h("div", { class: "row" }, submit),
  );

  replace(main, viewHeading("Keys"), form, panel, listBox, list);
  act(null, listBox, loadList).then(() => {
    if (!listBox.hidden) list.replaceChildren();
  });
}
