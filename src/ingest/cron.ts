// The scheduled handler: one ingestion run, then the freelancer refresh. Each is isolated so a
// failure in one never stops the other (both record their own errors).
import { refreshFreelancers } from "../freelancers/refresh";
import { runIngestion } from "./run";

export async function runScheduled(env: Env): Promise<void> {
  try {
    const run = await runIngestion(env, { trigger: "cron" });
    if (run.status !== "ok") console.error("ingestion run", run.id, run.status, run.error);
  } catch (err) {
    console.error("ingestion run crashed", err);
  }
  try {
    await refreshFreelancers(env);
  } catch (err) {
    console.error("freelancer refresh crashed", err);
  }
}
