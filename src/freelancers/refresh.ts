/** Placeholder: the freelancer issue refreshes configured freelancer searches here (called by the cron). */
export async function refreshFreelancers(_env: Env): Promise<void> {}
