// Placeholder until the interactive reference lands.
export const DOCS_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>upwork-jobs-api</title></head><body><a href="/openapi.json">openapi.json</a></body></html>`;
