import { z } from "@hono/zod-openapi";
import { categoryCounts } from "../../db/jobs";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute, envelopeOf } from "../../http/openapi";
import { categoryTree } from "../../jobs/categories";

const Category = z.object({ slug: z.string(), name: z.string(), open_jobs: z.number().int() });
const Group = z
  .object({
    slug: z.string().openapi({ example: "web-mobile-software-dev" }),
    name: z.string().openapi({ example: "Web, Mobile & Software Dev" }),
    open_jobs: z.number().int(),
    categories: z.array(Category).openapi({ description: "The group's categories seen in stored jobs, most open jobs first" }),
  })
  .openapi("CategoryGroup");

const route = defineRoute({
  method: "get",
  path: "/categories",
  tags: ["Jobs"],
  summary: "Every category group and category slug with its name and open-job count (what a dropdown shows)",
  description:
    "The twelve Upwork groups always; categories as stored jobs carry them. Use the slugs as category_group and category. One credit.",
  access: "api-key",
  responses: { 200: { description: "Groups, most open jobs first", content: { "application/json": { schema: envelopeOf(Group) } } } },
});

export function registerListCategories(app: App) {
  app.openapi(route, async (c) => c.json(envelope(categoryTree(await categoryCounts(c.env.DB))), 200));
}
