// API key authentication against a self-hosted deployment: the user gives its base URL and a key.
const { apiUrl, baseUrl, envelopeData } = require("./lib/api");

/** Connection test: GET /health is free, checks the key, and answers "API is healthy". */
async function test(z, bundle) {
  const response = await z.request({ url: apiUrl(bundle, "/health") });
  envelopeData(z, response);
  const body = response.data;
  return { message: body.message, last_successful_run: body.last_successful_run ?? null, source: body.source ?? null };
}

/** "professional key @ jobs.example.com": the key's tier from GET /usage (free), else just the host. */
async function connectionLabel(z, bundle) {
  const host = new URL(baseUrl(bundle)).host;
  try {
    const response = await z.request({ url: apiUrl(bundle, "/usage"), skipThrowForStatus: true });
    const usage = response.status === 200 && response.data && Array.isArray(response.data.data) ? response.data.data[0] : null;
    if (usage?.tier) return `${usage.tier} key @ ${host}`;
  } catch {
    // a deployment without /usage still gets a label
  }
  return host;
}

module.exports = {
  type: "custom",
  fields: [
    {
      key: "base_url",
      label: "API Base URL",
      type: "string",
      required: true,
      isNoSecret: true,
      helpText: "Where your upwork-jobs-api deployment answers, e.g. `https://upwork-jobs-api.example.workers.dev`.",
    },
    {
      key: "api_key",
      label: "API Key",
      type: "password",
      required: true,
      helpText:
        "A key of your deployment (`uja_…`), created by its operator with `POST /admin/keys`. Instant triggers need a professional or enterprise key.",
    },
  ],
  test,
  connectionLabel,
};
