import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from "n8n-workflow";

/** Where a self-hosted upwork-jobs-api runs, and an API key of it (sent as X-API-KEY). */
export class UpworkJobsApi implements ICredentialType {
  name = "upworkJobsApi";

  displayName = "Upwork Jobs API";

  icon = "file:../nodes/UpworkJobsApi/upworkJobsApi.svg" as const;

  properties: INodeProperties[] = [
    {
      displayName: "Base URL",
      name: "baseUrl",
      type: "string",
      default: "",
      placeholder: "https://upwork-jobs-api.example.workers.dev",
      description: "The address of your deployment, without a path",
      required: true,
    },
    {
      displayName: "API Key",
      name: "apiKey",
      type: "string",
      typeOptions: { password: true },
      default: "",
      placeholder: "uja_…",
      description:
        "A key created with POST /admin/keys. The trigger and the Subscription operations need a professional or enterprise key.",
      required: true,
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: "generic",
    properties: {
      headers: { "X-API-KEY": "={{$credentials.apiKey}}" },
    },
  };

  // GET /health checks the key and costs no credit.
  test: ICredentialTestRequest = {
    request: {
      baseURL: "={{$credentials.baseUrl}}",
      url: "/health",
      method: "GET",
    },
    rules: [
      {
        type: "responseCode",
        properties: { value: 401, message: "The API refused the key: it is unknown, revoked or deactivated" },
      },
      {
        type: "responseCode",
        properties: { value: 404, message: "No upwork-jobs-api at this Base URL: GET /health answered 404" },
      },
    ],
  };
}
