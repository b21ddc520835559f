// /filters: tools for building a job filter. One file per operation.
import type { App } from "../../http/context";
import { registerFilterFromUrl } from "./from-url";
import { registerPreviewFilter } from "./preview";

export function registerFilterRoutes(app: App): void {
  registerPreviewFilter(app);
  registerFilterFromUrl(app);
}
