// What the cron runs (and POST /admin/scrape, with trigger "admin"): the poller's self-check (a
// missing alarm is re-armed), one ingestion run, then the freelancer refresh. Each is isolated so a
// failure in one never stops the others (each records its own errors).
import { refreshFreelancers } from "../freelancers/refresh";
import { poller } from "./poller";
import { runIngestion } from "./run";
import type { ScrapeRun } from "./types";

/** Returns the ingestion run record, or undefined when the run crashed (logged). */
export async function runScheduled(env: Env, trigger: ScrapeRun["trigger"] = "cron"): Promise<ScrapeRun | undefined> {
  let run: ScrapeRun | undefined;
  try {
    if (await poller(env).ensureArmed()) console.log("poller: alarm was missing, re-armed");
  } catch (err) {
    // The run below records a settings error; anything else about the poller is only logged.
    if (!(err instanceof Error && err.message.startsWith("Invalid setting"))) console.error("poller check failed", err);
  }
  try {
    run = await runIngestion(env, { trigger });
    if (run.status !== "ok") console.error("ingestion run", run.id, run.status, run.error);
  } catch (err) {
    console.error("ingestion run crashed", err);
  }
  try {
    await refreshFreelancers(env);
  } catch (err) {
    console.error("freelancer refresh crashed", err);
  }
  return run;
}
