// HTTP plumbing shared by every operation: the deployment's base URL, the X-API-KEY header, and
// errors that carry the API's own message (docs/api.md#envelope) to the Zapier user.

/** The connection's base URL, normalized: trimmed, https:// added when no scheme was typed, no trailing slash. */
function baseUrl(bundle) {
  let url = String(bundle.authData?.base_url || "").trim();
  if (!url) throw new Error("The connection has no API base URL: reconnect and enter where your upwork-jobs-api runs.");
  if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
  return url.replace(/\/+$/, "");
}

/** An absolute URL on the deployment: apiUrl(bundle, "/jobs"). */
function apiUrl(bundle, path) {
  return baseUrl(bundle) + path;
}

/** beforeRequest middleware: every request carries the key, and asks for JSON. */
function addApiKey(request, _z, bundle) {
  const key = String(bundle.authData?.api_key || "").trim();
  request.headers = request.headers || {};
  if (key) request.headers["X-API-KEY"] = key;
  request.headers.Accept = "application/json";
  return request;
}

const CODES = { 400: "InvalidData", 401: "AuthenticationError", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 413: "InvalidData" };

/** The error a failed answer stands for, with the API's `message` when it sent the envelope. */
function apiError(z, response) {
  const status = response.status;
  let message;
  try {
    const body = typeof response.data === "object" && response.data !== null ? response.data : JSON.parse(response.content);
    if (body && typeof body.message === "string" && body.message) message = body.message;
  } catch {
    // not JSON: not this API answering, or a proxy in front of it
  }
  if (!message) {
    message = `HTTP ${status} from ${response.request?.url}: the answer is not from upwork-jobs-api (is the base URL right?)`;
  } else if (status === 401) {
    message = `${message} (check the API key of this connection)`;
  }
  return new z.errors.Error(message, CODES[status] || (status >= 500 ? "ServerError" : "ApiError"), status);
}

/**
 * afterResponse middleware: a 4xx/5xx answer becomes an error with the API's message, e.g.
 * "Webhooks are not available on the free tier: upgrade to professional or enterprise".
 * 429 never gets here: the platform turns it into a ThrottledError first (retried later).
 * Requests sent with skipThrowForStatus handle their statuses themselves.
 */
function throwForApiError(response, z) {
  if (response.status >= 400 && !response.skipThrowForStatus) throw apiError(z, response);
  return response;
}

/** The `data` array of a successful envelope; anything else means the base URL is not this API. */
function envelopeData(z, response) {
  const body = response.data;
  if (body?.success !== true || !Array.isArray(body.data)) {
    throw new z.errors.Error(
      `${response.request?.url} did not answer like upwork-jobs-api (no {"success":true,"data":[…]} envelope): is the base URL right?`,
      "ApiError",
      response.status,
    );
  }
  return body.data;
}

module.exports = { baseUrl, apiUrl, addApiKey, apiError, throwForApiError, envelopeData };
