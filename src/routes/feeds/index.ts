// /feeds and the /f/ feed URLs: one file per operation.
import type { App } from "../../http/context";
import { registerCreateFeed } from "./create";
import { registerDeleteFeed } from "./delete";
import { registerGetFeed } from "./get";
import { registerListFeeds } from "./list";
import { registerReadFeed } from "./read";
import { registerRotateFeed } from "./rotate";
import { registerUpdateFeed } from "./update";

export function registerFeedRoutes(app: App): void {
  registerCreateFeed(app);
  registerListFeeds(app);
  registerGetFeed(app);
  registerUpdateFeed(app);
  registerDeleteFeed(app);
  registerRotateFeed(app);
  registerReadFeed(app);
}
