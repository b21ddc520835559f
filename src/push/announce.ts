import type { Job } from "../jobs/model";

/**
 * The hand-off from ingestion to push: called once per ingestion run with the jobs that run stored
 * for the first time. Placeholder until the webhook push issue fills it in.
 */
export async function announceNewJobs(_env: Env, _jobs: Job[]): Promise<void> {}
