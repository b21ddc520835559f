// The Zapier app for a self-hosted upwork-jobs-api (zapier-platform-core, CommonJS).
const authentication = require("./authentication");
const { addApiKey, throwForApiError } = require("./lib/api");
const { category, categoryGroup } = require("./triggers/category");
const jobClosed = require("./triggers/job_closed");
const newJob = require("./triggers/new_job");
const findJob = require("./searches/find_job");

module.exports = {
  version: require("./package.json").version,
  platformVersion: require("zapier-platform-core").version,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [throwForApiError],
  triggers: {
    [newJob.key]: newJob,
    [jobClosed.key]: jobClosed,
    [category.key]: category,
    [categoryGroup.key]: categoryGroup,
  },
  searches: {
    [findJob.key]: findJob,
  },
  creates: {},
};
