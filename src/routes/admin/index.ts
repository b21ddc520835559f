// /admin/*: API keys, the ingestion (run one now, list recent runs) and the live poller. Behind ADMIN_TOKEN.
import type { App } from "../../http/context";
import { registerKeyRoutes } from "./keys";
import { registerPoller } from "./poller";
import { registerListRuns } from "./runs";
import { registerScrape } from "./scrape";
import { registerUpworkCheck } from "./upwork-check";

export function registerAdminRoutes(app: App): void {
  registerKeyRoutes(app);
  registerScrape(app);
  registerListRuns(app);
  registerPoller(app);
  registerUpworkCheck(app);
}
