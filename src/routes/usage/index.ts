// /usage: what the calling key has used and has left.
import type { App } from "../../http/context";
import { registerGetUsage } from "./get";

export function registerUsageRoutes(app: App): void {
  registerGetUsage(app);
}
