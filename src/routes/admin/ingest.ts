import type { App } from "../../http/context";

/** Placeholder: the ingestion issue registers /admin/scrape and /admin/runs here. */
export function registerIngestAdminRoutes(_app: App): void {}
