// Search: one job by id (GET /jobs/:id, any status). Not found is an empty result, not an error.
const { apiError, apiUrl, envelopeData } = require("../lib/api");
const { outputFields, sample } = require("../lib/job");

/** The job id in what was typed: the id itself, or an Upwork job URL (…/jobs/~02<id>). */
function jobId(input) {
  const s = String(input ?? "").trim();
  const fromUrl = s.match(/~02(\d+)(?:[/?#]|$)/);
  return fromUrl ? fromUrl[1] : s;
}

async function perform(z, bundle) {
  const id = jobId(bundle.inputData.id);
  if (!id) throw new z.errors.Error("Give a job id, e.g. 2090000000000000101", "InvalidData", 400);
  const response = await z.request({ url: apiUrl(bundle, `/jobs/${encodeURIComponent(id)}`), skipThrowForStatus: true });
  if (response.status === 404) return [];
  if (response.status >= 400) throw apiError(z, response);
  return envelopeData(z, response);
}

module.exports = {
  key: "find_job",
  noun: "Job",
  display: { label: "Find Job", description: "Finds an Upwork job by its id, open or closed." },
  operation: {
    inputFields: [
      {
        key: "id",
        label: "Job ID",
        type: "string",
        required: true,
        helpText: "The job's id (e.g. `2090000000000000101`, the **Job ID** of a trigger) or its Upwork URL.",
      },
    ],
    perform,
    sample,
    outputFields,
  },
};
