// Instant trigger: a job this Zap was sent (as a new job matching its filters) has closed. The
// subscription follows jobs.matched too (the API only follows jobs it sent): those deliveries are
// dropped here, so only closings run the Zap.
const { inputFields } = require("../lib/filters");
const { deliveredJobs, recentJobs, subscriber, unsubscribe } = require("../lib/hooks");
const { outputFields, sample } = require("../lib/job");

module.exports = {
  key: "job_closed",
  noun: "Job",
  display: {
    label: "Job Closed",
    description:
      "Triggers when an Upwork job matching your filters closes. Follows the jobs posted after the Zap was turned on (needs a professional or enterprise key).",
  },
  operation: {
    type: "hook",
    inputFields,
    performSubscribe: subscriber(["jobs.matched", "jobs.closed"], "Zapier: Job Closed"),
    performUnsubscribe: unsubscribe,
    perform: deliveredJobs(["jobs.closed"]),
    performList: recentJobs({ status: "closed" }),
    sample: { ...sample, status: 2 },
    outputFields,
  },
};
