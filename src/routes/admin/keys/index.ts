// /admin/keys: one file per operation.
import type { App } from "../../../http/context";
import { registerCreateKey } from "./create";
import { registerDeleteKey } from "./delete";
import { registerListKeys } from "./list";
import { registerUpdateKey } from "./update";

export function registerKeyRoutes(app: App): void {
  registerCreateKey(app);
  registerListKeys(app);
  registerUpdateKey(app);
  registerDeleteKey(app);
}
