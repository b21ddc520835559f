// Admin operations of the ingestion: run one now, list recent runs.
import type { App } from "../../http/context";
import { registerListRuns } from "./runs";
import { registerScrape } from "./scrape";

export function registerIngestAdminRoutes(app: App): void {
  registerScrape(app);
  registerListRuns(app);
}
