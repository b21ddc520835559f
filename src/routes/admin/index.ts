// /admin/*: API keys, and the ingestion (run one now, list recent runs). Behind ADMIN_TOKEN.
import type { App } from "../../http/context";
import { registerKeyRoutes } from "./keys";
import { registerListRuns } from "./runs";
import { registerScrape } from "./scrape";

export function registerAdminRoutes(app: App): void {
  registerKeyRoutes(app);
  registerScrape(app);
  registerListRuns(app);
}
