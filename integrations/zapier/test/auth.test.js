// Connection: the auth test (GET /health) and the connection label (GET /usage), against the local Worker.
const assert = require("node:assert/strict");
const { before, describe, it } = require("node:test");
const zapier = require("zapier-platform-core");
const App = require("../index");
const { WORKER_URL, authData, createKey, errorMessage, needsWorker } = require("./helpers");

const appTester = zapier.createAppTester(App);

describe("authentication", needsWorker, () => {
  let key;
  before(async () => {
    key = await createKey("professional", "zapier-auth-test");
  });

  it("passes with a valid key: /health answers 'API is healthy'", async () => {
    const result = await appTester(App.authentication.test, { authData: authData(key) });
    assert.equal(result.message, "API is healthy");
    assert.equal(result.source.name, "demo");
  });

  it("accepts the base URL with a trailing slash and spaces", async () => {
    const result = await appTester(App.authentication.test, { authData: { base_url: ` ${WORKER_URL}/ `, api_key: ` ${key} ` } });
    assert.equal(result.message, "API is healthy");
  });

  it("labels the connection with the key's tier and the host", async () => {
    const label = await appTester(App.authentication.connectionLabel, { authData: authData(key), inputData: {} });
    assert.equal(label, `professional key @ ${new URL(WORKER_URL).host}`);
  });

  it("fails with a bad key, showing the API's 401 message", async () => {
    await assert.rejects(appTester(App.authentication.test, { authData: authData("uja_not-a-real-key") }), (err) => {
      const e = errorMessage(err);
      assert.equal(e.status, 401);
      assert.match(e.message, /^Invalid API key/);
      return true;
    });
  });

  it("fails with no key", async () => {
    await assert.rejects(appTester(App.authentication.test, { authData: { base_url: WORKER_URL, api_key: "" } }), (err) => {
      assert.match(errorMessage(err).message, /^Missing API key/);
      return true;
    });
  });

  it("fails when the base URL is not an upwork-jobs-api", async () => {
    // /docs answers HTML, not the envelope: the base URL below makes /health land there
    await assert.rejects(appTester(App.authentication.test, { authData: { base_url: `${WORKER_URL}/docs?x=`, api_key: key } }), (err) => {
      assert.match(errorMessage(err).message, /did not answer like upwork-jobs-api|not from upwork-jobs-api/);
      return true;
    });
  });
});
