// Instant trigger: every new Upwork job matching the Zap's filters, pushed by the API's webhooks.
const { inputFields } = require("../lib/filters");
const { deliveredJobs, recentJobs, subscriber, unsubscribe } = require("../lib/hooks");
const { outputFields, sample } = require("../lib/job");

module.exports = {
  key: "new_job",
  noun: "Job",
  display: {
    label: "New Job",
    description: "Triggers instantly when a new Upwork job matching your filters is found (needs a professional or enterprise key).",
  },
  operation: {
    type: "hook",
    inputFields,
    performSubscribe: subscriber(undefined, "Zapier: New Job"),
    performUnsubscribe: unsubscribe,
    // webhook.test events (POST /webhooks/:id/test) carry a job too: let them through so a test works.
    perform: deliveredJobs(["jobs.matched", "webhook.test"]),
    performList: recentJobs(),
    sample,
    outputFields,
  },
};
