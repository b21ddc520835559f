// /jobs: one file per operation.
import type { App } from "../../http/context";
import { registerGetJob } from "./get";
import { registerJobHistory } from "./history";
import { registerListJobs } from "./list";

export function registerJobRoutes(app: App): void {
  registerListJobs(app);
  registerGetJob(app);
  registerJobHistory(app);
}
