// Placeholder: the ingestion issue replaces this with the scheduled run.
export async function runScheduled(_env: Env): Promise<void> {}
