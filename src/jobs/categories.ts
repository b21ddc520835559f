// Upwork's twelve category groups: our slug, the name Upwork shows, and Upwork's category UID (search
// nodes and search URLs carry the UID: docs/upwork-source.md#data-quirks). The one table of them.

interface CategoryGroup {
  slug: string;
  name: string;
  uid: string;
}

const CATEGORY_GROUPS: readonly CategoryGroup[] = [
  { slug: "admin-support", name: "Admin Support", uid: "531770282580668416" },
  { slug: "customer-service", name: "Customer Service", uid: "531770282580668417" },
  { slug: "web-mobile-software-dev", name: "Web, Mobile & Software Dev", uid: "531770282580668418" },
  { slug: "it-networking", name: "IT & Networking", uid: "531770282580668419" },
  { slug: "data-science-analytics", name: "Data Science & Analytics", uid: "531770282580668420" },
  { slug: "design-creative", name: "Design & Creative", uid: "531770282580668421" },
  { slug: "sales-marketing", name: "Sales & Marketing", uid: "531770282580668422" },
  { slug: "writing", name: "Writing", uid: "531770282580668423" },
  { slug: "translation", name: "Translation", uid: "531770282584862720" },
  { slug: "accounting-consulting", name: "Accounting & Consulting", uid: "531770282584862721" },
  { slug: "engineering-architecture", name: "Engineering & Architecture", uid: "531770282584862722" },
  { slug: "legal", name: "Legal", uid: "531770282584862723" },
];

export const groupBySlug = (slug: string) => CATEGORY_GROUPS.find((g) => g.slug === slug);
export const groupByUid = (uid: string) => CATEGORY_GROUPS.find((g) => g.uid === uid);

export interface CategoryCount {
  group_slug: string;
  group: string;
  slug: string;
  name: string;
  open_jobs: number;
}

/** Stored (group, category) counts as the group → categories tree GET /categories shows, most open jobs first. */
export function categoryTree(rows: CategoryCount[]) {
  const groups = new Map(
    CATEGORY_GROUPS.map((g) => [
      g.slug,
      { slug: g.slug, name: g.name, open_jobs: 0, categories: [] as { slug: string; name: string; open_jobs: number }[] },
    ]),
  );
  for (const r of rows) {
    let g = groups.get(r.group_slug);
    if (!g) {
      g = { slug: r.group_slug, name: r.group || r.group_slug, open_jobs: 0, categories: [] };
      groups.set(r.group_slug, g);
    }
    g.open_jobs += r.open_jobs;
    if (r.slug) g.categories.push({ slug: r.slug, name: r.name || r.slug, open_jobs: r.open_jobs });
  }
  const byOpen = <T extends { open_jobs: number; slug: string }>(a: T, b: T) => b.open_jobs - a.open_jobs || a.slug.localeCompare(b.slug);
  return [...groups.values()].map((g) => ({ ...g, categories: g.categories.sort(byOpen) })).sort(byOpen);
}
