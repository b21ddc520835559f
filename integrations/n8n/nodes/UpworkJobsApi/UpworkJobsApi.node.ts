import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  INodeType,
  INodeTypeDescription,
  JsonObject,
} from "n8n-workflow";
import { NodeApiError } from "n8n-workflow";
import { apiRequest, dataOf, filtersToJson, filtersToQuery, loadCategories, loadCategoryGroups, withMatched } from "./GenericFunctions";
import { EVENT_OPTIONS, jobFiltersCollection } from "./JobFilters";

const show = (resource: string, operation: string[]) => ({ show: { resource: [resource], operation } });

const properties: INodeProperties[] = [
  {
    displayName: "Resource",
    name: "resource",
    type: "options",
    noDataExpression: true,
    default: "job",
    options: [
      { name: "Filter", value: "filter" },
      { name: "Freelancer", value: "freelancer" },
      { name: "Job", value: "job" },
      { name: "Subscription", value: "subscription" },
    ],
  },
  {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    displayOptions: { show: { resource: ["job"] } },
    default: "getMany",
    options: [
      { name: "Get", value: "get", action: "Get a job", description: "Get one job by its ID (GET /jobs/{id})" },
      {
        name: "Get History",
        value: "history",
        action: "Get the history of a job",
        description: "Every recorded change of a job (GET /jobs/{id}/history)",
      },
      { name: "Get Many", value: "getMany", action: "Get many jobs", description: "Jobs matching filters, newest first (GET /jobs)" },
    ],
  },
  {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    displayOptions: { show: { resource: ["freelancer"] } },
    default: "search",
    options: [
      { name: "Search", value: "search", action: "Search freelancers", description: "Stored freelancer profiles (GET /freelancers)" },
    ],
  },
  {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    displayOptions: { show: { resource: ["filter"] } },
    default: "preview",
    options: [
      {
        name: "From Upwork URL",
        value: "fromUrl",
        action: "Translate an upwork search URL",
        description: "Turn an Upwork job search URL into these filters (GET /filters/from-url)",
      },
      {
        name: "Preview",
        value: "preview",
        action: "Preview a filter",
        description: "How many jobs a filter matched lately, and the newest of them (POST /filters/preview)",
      },
    ],
  },
  {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    displayOptions: { show: { resource: ["subscription"] } },
    default: "getMany",
    options: [
      { name: "Create", value: "create", action: "Create a subscription", description: "Push matching jobs to a URL (POST /webhooks)" },
      { name: "Delete", value: "delete", action: "Delete a subscription", description: "DELETE /webhooks/{id}" },
      { name: "Get Many", value: "getMany", action: "Get many subscriptions", description: "Your webhook subscriptions (GET /webhooks)" },
    ],
  },

  // Job
  {
    displayName: "Job ID",
    name: "jobId",
    type: "string",
    required: true,
    default: "",
    placeholder: "2090000000000000101",
    displayOptions: show("job", ["get", "history"]),
  },
  {
    displayName: "Return All",
    name: "returnAll",
    type: "boolean",
    default: false,
    description: "Whether to return all results or only up to a given limit",
    displayOptions: show("job", ["getMany"]),
  },
  {
    displayName: "Limit",
    name: "limit",
    type: "number",
    typeOptions: { minValue: 1 },
    default: 50,
    description: "Max number of results to return",
    displayOptions: { show: { resource: ["job"], operation: ["getMany"], returnAll: [false] } },
  },
  jobFiltersCollection(show("job", ["getMany"])),

  // Freelancer
  {
    displayName: "Query",
    name: "query",
    type: "string",
    default: "",
    placeholder: "react developer",
    description: "Keywords over name, title, description and skills; empty lists every stored profile",
    displayOptions: show("freelancer", ["search"]),
  },
  {
    displayName: "Return All",
    name: "returnAll",
    type: "boolean",
    default: false,
    description: "Whether to return all results or only up to a given limit",
    displayOptions: show("freelancer", ["search"]),
  },
  {
    displayName: "Limit",
    name: "limit",
    type: "number",
    typeOptions: { minValue: 1 },
    default: 50,
    description: "Max number of results to return",
    displayOptions: { show: { resource: ["freelancer"], operation: ["search"], returnAll: [false] } },
  },
  {
    displayName: "Filters",
    name: "freelancerFilters",
    type: "collection",
    placeholder: "Add Filter",
    default: {},
    displayOptions: show("freelancer", ["search"]),
    options: [
      {
        displayName: "Countries",
        name: "country",
        type: "string",
        default: "",
        placeholder: "Ukraine,PL",
        description: "Comma-separated English names or ISO codes",
      },
      { displayName: "Hourly Rate Max", name: "hourly_rate_max", type: "number", typeOptions: { minValue: 0 }, default: 0 },
      { displayName: "Hourly Rate Min", name: "hourly_rate_min", type: "number", typeOptions: { minValue: 0 }, default: 0 },
      {
        displayName: "Min Job Success",
        name: "min_job_success",
        type: "number",
        typeOptions: { minValue: 0, maxValue: 100 },
        default: 90,
        description: "Minimum Job Success Score in percent",
      },
      {
        displayName: "Order",
        name: "order",
        type: "options",
        default: "desc",
        options: [
          { name: "Ascending", value: "asc" },
          { name: "Descending", value: "desc" },
        ],
        description: "Direction of a sort other than relevance",
      },
      {
        displayName: "Skills",
        name: "skills",
        type: "string",
        default: "",
        placeholder: "React,TypeScript",
        description: "Comma-separated skill names",
      },
      {
        displayName: "Skills Match",
        name: "skills_match",
        type: "options",
        default: "any",
        options: [
          { name: "Any of Them", value: "any" },
          { name: "All of Them", value: "all" },
        ],
      },
      {
        displayName: "Sort",
        name: "sort",
        type: "options",
        default: "relevance",
        options: [
          { name: "Relevance", value: "relevance" },
          { name: "Hourly Rate", value: "hourly_rate" },
          { name: "Job Success", value: "job_success" },
          { name: "Earnings", value: "earnings" },
        ],
      },
      {
        displayName: "Top Rated",
        name: "top_rated",
        type: "boolean",
        default: true,
        description: "Whether to keep only Top Rated and Top Rated Plus freelancers (on) or only the others (off)",
      },
    ],
  },

  // Filter
  jobFiltersCollection(show("filter", ["preview"])),
  {
    displayName: "Upwork Search URL",
    name: "upworkUrl",
    type: "string",
    required: true,
    default: "",
    placeholder: "https://www.upwork.com/nx/search/jobs/?q=react&hourly_rate=40-",
    displayOptions: show("filter", ["fromUrl"]),
  },

  // Subscription
  {
    displayName: "Target URL",
    name: "url",
    type: "string",
    required: true,
    default: "",
    placeholder: "https://example.com/hooks/upwork",
    description: "Where each new matching job is POSTed (a public https URL)",
    displayOptions: show("subscription", ["create"]),
  },
  {
    displayName: "Events",
    name: "events",
    type: "multiOptions",
    default: ["jobs.matched"],
    options: EVENT_OPTIONS,
    description: "New matching jobs are always sent; add updates and closings to follow the jobs you were sent",
    displayOptions: show("subscription", ["create"]),
  },
  jobFiltersCollection(show("subscription", ["create"])),
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add Option",
    default: {},
    displayOptions: show("subscription", ["create"]),
    options: [
      {
        displayName: "Batch",
        name: "batch",
        type: "boolean",
        default: true,
        description: "Whether to send up to 100 jobs per delivery instead of one",
      },
      { displayName: "Description", name: "description", type: "string", default: "" },
      {
        displayName: "Format",
        name: "format",
        type: "options",
        default: "json",
        options: [
          { name: "JSON", value: "json" },
          { name: "Slack", value: "slack" },
          { name: "Discord", value: "discord" },
          { name: "Telegram", value: "telegram" },
        ],
        description: "Body of each delivery: JSON, or a ready-made chat message",
      },
      {
        displayName: "Telegram Chat ID",
        name: "telegram_chat_id",
        type: "string",
        default: "",
        description: "With the Telegram format: a numeric chat ID or @channelusername",
      },
    ],
  },
  {
    displayName: "Subscription ID",
    name: "subscriptionId",
    type: "string",
    required: true,
    default: "",
    placeholder: "wh_3kq8Lw0cZ2mVb1Xa",
    displayOptions: show("subscription", ["delete"]),
  },
];

export class UpworkJobsApi implements INodeType {
  description: INodeTypeDescription = {
    displayName: "Upwork Jobs API",
    name: "upworkJobsApi",
    icon: "file:upworkJobsApi.svg",
    group: ["transform"],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: "Read jobs, freelancers and subscriptions of a self-hosted upwork-jobs-api",
    defaults: { name: "Upwork Jobs API" },
    inputs: ["main"],
    outputs: ["main"],
    credentials: [{ name: "upworkJobsApi", required: true }],
    properties,
  };

  methods = {
    loadOptions: {
      getCategories: loadCategories,
      getCategoryGroups: loadCategoryGroups,
    },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        const resource = this.getNodeParameter("resource", i) as string;
        const operation = this.getNodeParameter("operation", i) as string;
        const results = await run.call(this, resource, operation, i);
        for (const json of results) out.push({ json, pairedItem: { item: i } });
      } catch (error) {
        if (this.continueOnFail()) {
          out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
          continue;
        }
        throw error;
      }
    }
    return [out];
  }
}

async function run(this: IExecuteFunctions, resource: string, operation: string, i: number): Promise<IDataObject[]> {
  const key = `${resource}:${operation}`;
  switch (key) {
    case "job:getMany":
      return getManyJobs.call(this, i);
    case "job:get": {
      const id = encodeURIComponent(String(this.getNodeParameter("jobId", i)).trim());
      return dataOf(await apiRequest.call(this, "GET", `/jobs/${id}`));
    }
    case "job:history": {
      const id = String(this.getNodeParameter("jobId", i)).trim();
      const entries = dataOf(await apiRequest.call(this, "GET", `/jobs/${encodeURIComponent(id)}/history`));
      return entries.map((entry) => ({ job_id: id, ...entry }));
    }
    case "freelancer:search":
      return searchFreelancers.call(this, i);
    case "filter:preview": {
      const filters = filtersToJson(this.getNodeParameter("filters", i, {}) as IDataObject);
      return dataOf(await apiRequest.call(this, "POST", "/filters/preview", { body: { filters } }));
    }
    case "filter:fromUrl": {
      const url = String(this.getNodeParameter("upworkUrl", i)).trim();
      return dataOf(await apiRequest.call(this, "GET", "/filters/from-url", { qs: { url } }));
    }
    case "subscription:getMany":
      return dataOf(await apiRequest.call(this, "GET", "/webhooks"));
    case "subscription:create": {
      const options = this.getNodeParameter("options", i, {}) as IDataObject;
      const body: IDataObject = {
        url: String(this.getNodeParameter("url", i)).trim(),
        filters: filtersToJson(this.getNodeParameter("filters", i, {}) as IDataObject),
        events: withMatched(this.getNodeParameter("events", i, []) as string[]),
      };
      for (const name of ["format", "batch", "description", "telegram_chat_id"]) {
        const value = options[name];
        if (value !== undefined && value !== "") body[name] = value;
      }
      return dataOf(await apiRequest.call(this, "POST", "/webhooks", { body }));
    }
    case "subscription:delete": {
      const id = encodeURIComponent(String(this.getNodeParameter("subscriptionId", i)).trim());
      const answer = await apiRequest.call(this, "DELETE", `/webhooks/${id}`);
      return dataOf(answer).map((subscription) => ({ ...subscription, deleted: true }));
    }
    default:
      throw new NodeApiError(this.getNode(), {} as JsonObject, { message: `Unknown operation ${operation} of ${resource}` });
  }
}

async function getManyJobs(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
  const returnAll = this.getNodeParameter("returnAll", i, false) as boolean;
  const limit = returnAll ? Number.POSITIVE_INFINITY : (this.getNodeParameter("limit", i, 50) as number);
  const query = filtersToQuery(this.getNodeParameter("filters", i, {}) as IDataObject);
  const jobs: IDataObject[] = [];
  let cursor: string | undefined;
  do {
    const qs: IDataObject = { ...query, limit: Math.min(100, limit - jobs.length) };
    if (cursor) qs.cursor = cursor;
    const answer = await apiRequest.call(this, "GET", "/jobs", { qs });
    jobs.push(...dataOf(answer));
    cursor = typeof answer.next_cursor === "string" && answer.next_cursor ? answer.next_cursor : undefined;
  } while (cursor && jobs.length < limit);
  return jobs.slice(0, limit);
}

async function searchFreelancers(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
  const returnAll = this.getNodeParameter("returnAll", i, false) as boolean;
  const limit = returnAll ? Number.POSITIVE_INFINITY : (this.getNodeParameter("limit", i, 50) as number);
  const query = String(this.getNodeParameter("query", i, "")).trim();
  const filters = filtersToQuery(this.getNodeParameter("freelancerFilters", i, {}) as IDataObject);
  const perPage = Math.min(50, limit);
  const profiles: IDataObject[] = [];
  for (let page = 1; profiles.length < limit; page++) {
    const qs: IDataObject = { ...filters, page, per_page: perPage };
    if (query) qs.query = query;
    const answer = await apiRequest.call(this, "GET", "/freelancers", { qs });
    const found = dataOf(answer);
    profiles.push(...found);
    if (!found.length || page >= Number(answer.total_pages ?? 0)) break;
  }
  return profiles.slice(0, limit);
}
