// /categories: the category slugs filters take.
import type { App } from "../../http/context";
import { registerListCategories } from "./list";

export function registerCategoryRoutes(app: App): void {
  registerListCategories(app);
}
