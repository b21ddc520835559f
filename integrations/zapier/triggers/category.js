// Hidden triggers behind the Category and Category Group dropdowns: GET /categories (one credit).
const { apiUrl, envelopeData } = require("../lib/api");

async function groups(z, bundle) {
  return envelopeData(z, await z.request({ url: apiUrl(bundle, "/categories") }));
}

const count = (n) => (typeof n === "number" ? ` (${n} open)` : "");

/** Every category of stored jobs: id = slug (the `category` filter), name = "Web Development — Web, Mobile & Software Dev (12 open)". */
async function listCategories(z, bundle) {
  return (await groups(z, bundle)).flatMap((g) =>
    (g.categories || []).map((c) => ({ id: c.slug, name: `${c.name} — ${g.name}${count(c.open_jobs)}`, group: g.slug })),
  );
}

/** Upwork's category groups: id = slug (the `category_group` filter). */
async function listGroups(z, bundle) {
  return (await groups(z, bundle)).map((g) => ({ id: g.slug, name: `${g.name}${count(g.open_jobs)}` }));
}

const hidden = (key, noun, perform) => ({
  key,
  noun,
  display: {
    label: `List of ${noun === "Category" ? "Categories" : "Category Groups"}`,
    description: `Powers the ${noun} dropdown.`,
    hidden: true,
  },
  operation: { perform },
});

module.exports = {
  category: hidden("category", "Category", listCategories),
  categoryGroup: hidden("category_group", "Category Group", listGroups),
};
