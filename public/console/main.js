// The owner's console (docs/api.md#console): sign-in, the section navigation and the hash router.
// Each view is a module whose render(main) builds its DOM and may return a function that stops its
// timers when another view opens.

import { renderAlerts } from "./alerts.js";
import { api, clearSession, onLimits, saveSession, session } from "./api.js";
import { act, field, h, messageBox, replace, viewHeading } from "./dom.js";
import { renderFeeds } from "./feeds.js";
import { renderJobs } from "./jobs.js";
import { renderKeys } from "./keys.js";
import { renderSource } from "./source.js";
import { renderUsage } from "./usage.js";

/** @typedef {(main: HTMLElement) => (void | (() => void))} View */
/** @type {{ id: string, label: string, needs: "key" | "admin", render: View }[]} */
const VIEWS = [
  { id: "jobs", label: "Jobs", needs: "key", render: renderJobs },
  { id: "alerts", label: "Alerts", needs: "key", render: renderAlerts },
  { id: "feeds", label: "Feeds", needs: "key", render: renderFeeds },
  { id: "usage", label: "Usage", needs: "key", render: renderUsage },
  { id: "source", label: "Source", needs: "admin", render: renderSource },
  { id: "keys", label: "Keys", needs: "admin", render: renderKeys },
];

const main = /** @type {HTMLElement} */ (document.getElementById("main"));
const nav = /** @type {HTMLElement} */ (document.getElementById("nav"));
const who = /** @type {HTMLElement} */ (document.getElementById("who"));
const limits = /** @type {HTMLElement} */ (document.getElementById("limits"));
/** @type {void | (() => void)} */
let stopView;

onLimits((l) => {
  limits.textContent = `This minute: ${l.remaining}/${l.limit} requests left · credits: ${
    l.creditsLimit === "unlimited" ? "unlimited" : `${l.creditsRemaining}/${l.creditsLimit} left`
  }`;
});

const signedIn = () => Boolean(session.key || session.admin);
const available = () => VIEWS.filter((v) => (v.needs === "key" ? session.key : session.admin));

function route() {
  if (typeof stopView === "function") stopView();
  stopView = undefined;
  if (!signedIn()) {
    renderSignIn();
    return;
  }
  const views = available();
  const wanted = location.hash.slice(1);
  const view = views.find((v) => v.id === wanted) ?? views[0];
  if (!view) return;
  if (view.id !== wanted) history.replaceState(null, "", `#${view.id}`);
  replace(
    nav,
    h(
      "ul",
      null,
      views.map((v) =>
        h(
          "li",
          null,
          h("a", {
            href: `#${v.id}`,
            "aria-current": v.id === view.id ? "page" : null,
            text: v.label,
            // The open section's link reloads it (the hash does not change, so no hashchange).
            onclick: (/** @type {MouseEvent} */ e) => {
              if (location.hash !== `#${v.id}`) return;
              e.preventDefault();
              route();
            },
          }),
        ),
      ),
    ),
  );
  nav.hidden = false;
  replace(
    who,
    h("span", {
      text: [session.key ? `API key${session.tier ? ` (${session.tier})` : ""}` : "", session.admin ? "admin" : ""]
        .filter(Boolean)
        .join(" + "),
    }),
    h("button", { type: "button", class: "secondary", text: "Sign out", onclick: signOut }),
  );
  document.title = `${view.label} · Console · upwork-jobs-api`;
  main.replaceChildren();
  stopView = view.render(main);
  const heading = main.querySelector("h2");
  if (heading instanceof HTMLElement) heading.focus();
}

function signOut() {
  clearSession();
  limits.textContent = "";
  history.replaceState(null, "", location.pathname);
  route();
}

function renderSignIn() {
  nav.hidden = true;
  nav.replaceChildren();
  who.replaceChildren();
  document.title = "Sign in · Console · upwork-jobs-api";
  const key = h("input", { type: "password", name: "api-key", autocomplete: "off", spellcheck: "false" });
  const admin = h("input", { type: "password", name: "admin-token", autocomplete: "off", spellcheck: "false" });
  const box = messageBox();
  const submit = h("button", { type: "submit", text: "Sign in" });
  const form = h(
    "form",
    {
      class: "card",
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        act(submit, box, () => signIn(key.value.trim(), admin.value.trim()));
      },
    },
    field("API key", key, "uja_…: your alerts, feeds, jobs and usage"),
    field("Admin token", admin, "ADMIN_TOKEN: also keys, runs, the poller and the source"),
    h("p", { class: "hint", text: "Give one or both. They are kept in this tab's sessionStorage only and sent only in request headers." }),
    box,
    h("div", { class: "row" }, submit),
  );
  replace(main, h("section", { class: "signin" }, viewHeading("Sign in"), form));
  key.focus();
}

/**
 * Checks each secret with a free call before keeping it: GET /usage (GET /health where /usage is
 * missing) for the key, GET /admin/poller for the admin token.
 * @param {string} key
 * @param {string} admin
 */
async function signIn(key, admin) {
  if (!key && !admin) throw new Error("Enter an API key, the admin token, or both.");
  /** @type {import("./api.js").Session} */
  const next = {};
  const previous = { ...session };
  try {
    if (key) {
      saveSession({ key });
      let tier;
      try {
        tier = (await api("GET", "/usage")).data[0]?.tier;
      } catch (err) {
        if (!(err instanceof Error && "status" in err && err.status === 404)) throw err;
        await api("GET", "/health");
      }
      next.key = key;
      next.tier = tier;
    }
    if (admin) {
      saveSession({ admin });
      await api("GET", "/admin/poller");
      next.admin = admin;
    }
  } catch (err) {
    if (previous.key || previous.admin) saveSession(previous);
    else clearSession();
    throw err;
  }
  saveSession(next);
  route();
}

window.addEventListener("hashchange", route);
route();
