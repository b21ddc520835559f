// REST hook plumbing shared by the instant triggers: one webhook subscription per Zap
// (POST /webhooks with Zapier's targetUrl, DELETE /webhooks/:id when the Zap is turned off),
// deliveries read back from the body the API POSTs (docs/api.md#body-formats).
const { apiError, apiUrl, envelopeData } = require("./api");
const { filtersFrom, queryFrom } = require("./filters");

/** performSubscribe for `events`: the created subscription (its `id` is kept by Zapier as subscribeData). */
function subscriber(events, description) {
  return async (z, bundle) => {
    const body = { target_url: bundle.targetUrl, filters: filtersFrom(bundle.inputData), format: "json", description };
    if (events) body.events = events;
    const response = await z.request({ url: apiUrl(bundle, "/webhooks"), method: "POST", body });
    const [subscription] = envelopeData(z, response);
    if (!subscription?.id) throw new z.errors.Error("The API created no subscription", "ApiError", response.status);
    return subscription;
  };
}

/** performUnsubscribe: deletes the Zap's subscription; one already gone (deleted by hand) is fine. */
async function unsubscribe(z, bundle) {
  const id = bundle.subscribeData?.id;
  if (!id) return {};
  const response = await z.request({
    url: apiUrl(bundle, `/webhooks/${encodeURIComponent(id)}`),
    method: "DELETE",
    skipThrowForStatus: true,
  });
  if (response.status === 404) return { id, deleted: false };
  if (response.status >= 400) throw apiError(z, response);
  return { id, deleted: true };
}

/** The delivery body Zapier received, parsed (`cleanedRequest`; the raw body as a fallback). */
function deliveryBody(bundle) {
  let body = bundle.cleanedRequest;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      body = null;
    }
  }
  if ((!body || typeof body !== "object") && bundle.rawRequest && typeof bundle.rawRequest.content === "string") {
    try {
      body = JSON.parse(bundle.rawRequest.content);
    } catch {
      body = null;
    }
  }
  return body && typeof body === "object" ? body : {};
}

/** perform: the jobs of a delivery whose `type` is one of `types`; [] for any other event. */
function deliveredJobs(types) {
  return (_z, bundle) => {
    const body = deliveryBody(bundle);
    if (!types.includes(body.type) || !Array.isArray(body.data)) return [];
    return body.data.filter((job) => job && typeof job === "object" && job.id !== undefined && job.id !== null);
  };
}

/** performList: recent jobs matching the Zap's filters (plus `extra`), newest first, as samples. */
function recentJobs(extra = {}) {
  return async (z, bundle) => {
    const metaLimit = Number(bundle.meta?.limit);
    const limit = Number.isInteger(metaLimit) && metaLimit > 0 ? Math.min(metaLimit, 100) : 10;
    const params = { ...queryFrom(filtersFrom(bundle.inputData)), ...extra, limit: String(limit) };
    const response = await z.request({ url: apiUrl(bundle, "/jobs"), params });
    return envelopeData(z, response);
  };
}

module.exports = { subscriber, unsubscribe, deliveredJobs, recentJobs };
