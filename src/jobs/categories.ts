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
