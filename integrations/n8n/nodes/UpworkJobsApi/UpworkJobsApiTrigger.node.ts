import type {
  IDataObject,
  IHookFunctions,
  INodeExecutionData,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
  JsonObject,
} from "n8n-workflow";
import { NodeApiError } from "n8n-workflow";
import { apiRequest, dataOf, filtersToJson, loadCategories, loadCategoryGroups, verifySignature, withMatched } from "./GenericFunctions";
import { EVENT_OPTIONS, jobFiltersCollection } from "./JobFilters";

/**
 * A rejected delivery may have been signed with a secret rotated since activation: the secret is
 * fetched again, at most once a minute per subscription (in this n8n process), so forged requests
 * cannot make the trigger spend more than one API credit a minute.
 */
const SECRET_RECHECK_MS = 60_000;
const lastSecretCheck = new Map<string, number>();

export class UpworkJobsApiTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: "Upwork Jobs API Trigger",
    name: "upworkJobsApiTrigger",
    icon: "file:upworkJobsApi.svg",
    group: ["trigger"],
    version: 1,
    subtitle: '={{($parameter["events"] || []).join(", ")}}',
    description: "Starts the workflow when an upwork-jobs-api finds a new matching job, or one you were sent changes or closes",
    defaults: { name: "Upwork Jobs API Trigger" },
    inputs: [],
    outputs: ["main"],
    credentials: [{ name: "upworkJobsApi", required: true }],
    webhooks: [{ name: "default", httpMethod: "POST", responseMode: "onReceived", path: "webhook" }],
    properties: [
      {
        displayName:
          "Activating the workflow registers this node's webhook URL as a subscription of your API key (professional or enterprise tier). The URL must be reachable from the API: a public https address (set WEBHOOK_URL on your n8n).",
        name: "notice",
        type: "notice",
        default: "",
      },
      {
        displayName: "Events",
        name: "events",
        type: "multiOptions",
        required: true,
        default: ["jobs.matched"],
        options: EVENT_OPTIONS,
        description: "Updates and closings concern the jobs this trigger was sent as new matches",
      },
      jobFiltersCollection(undefined, "Filters"),
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Option",
        default: {},
        options: [
          {
            displayName: "Batch",
            name: "batch",
            type: "boolean",
            default: true,
            description: "Whether the API may send up to 100 new jobs in one delivery (still one item per job here)",
          },
        ],
      },
    ],
  };

  methods = {
    loadOptions: {
      getCategories: loadCategories,
      getCategoryGroups: loadCategoryGroups,
    },
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData("node");
        if (typeof state.webhookId !== "string") return false;
        const webhookUrl = this.getNodeWebhookUrl("default") ?? "";
        try {
          const [subscription] = dataOf(await apiRequest.call(this, "GET", `/webhooks/${encodeURIComponent(state.webhookId)}`));
          if (subscription && subscription.active === true && sameUrl(String(subscription.url), webhookUrl)) {
            if (typeof subscription.secret === "string") state.webhookSecret = subscription.secret;
            return true;
          }
          // Registered for another URL, or disabled: remove it so that create() registers afresh.
          await apiRequest.call(this, "DELETE", `/webhooks/${encodeURIComponent(state.webhookId)}`).catch(() => undefined);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        delete state.webhookId;
        delete state.webhookSecret;
        return false;
      },

      async create(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData("node");
        const options = this.getNodeParameter("options", {}) as IDataObject;
        const workflow = this.getWorkflow();
        const body: IDataObject = {
          url: this.getNodeWebhookUrl("default"),
          filters: filtersToJson(this.getNodeParameter("filters", {}) as IDataObject),
          events: withMatched(this.getNodeParameter("events", []) as string[]),
          format: "json",
          description: `n8n workflow ${workflow.name ? `"${workflow.name}" ` : ""}(${workflow.id ?? "unsaved"})`.slice(0, 500),
        };
        if (options.batch === true) body.batch = true;
        const [subscription] = dataOf(await apiRequest.call(this, "POST", "/webhooks", { body }));
        if (!subscription || typeof subscription.id !== "string" || typeof subscription.secret !== "string") {
          throw new NodeApiError(this.getNode(), (subscription ?? {}) as JsonObject, {
            message: "The API created no subscription (no id or secret in its answer)",
          });
        }
        state.webhookId = subscription.id;
        state.webhookSecret = subscription.secret;
        return true;
      },

      async delete(this: IHookFunctions): Promise<boolean> {
        const state = this.getWorkflowStaticData("node");
        if (typeof state.webhookId === "string") {
          try {
            await apiRequest.call(this, "DELETE", `/webhooks/${encodeURIComponent(state.webhookId)}`);
          } catch (error) {
            if (!isNotFound(error)) return false;
          }
          lastSecretCheck.delete(state.webhookId);
        }
        delete state.webhookId;
        delete state.webhookSecret;
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject();
    const state = this.getWorkflowStaticData("node");
    // n8n keeps the request's bytes as received in rawBody (the body parser reads them first).
    if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === "function") await req.readRawBody();
    const rawBody = req.rawBody;
    if (typeof state.webhookSecret !== "string" || !Buffer.isBuffer(rawBody)) {
      return reject(this, 401, "this trigger has no signing secret or no raw body to verify");
    }
    const headers = this.getHeaderData() as Record<string, string | string[] | undefined>;
    let verdict = verifySignature(state.webhookSecret, headers, rawBody);
    if (!verdict.ok && verdict.reason === "no signature matches") {
      const fresh = await refreshSecret.call(this, state);
      if (fresh) verdict = verifySignature(fresh, headers, rawBody);
    }
    if (!verdict.ok) return reject(this, 401, verdict.reason);

    let payload: IDataObject;
    try {
      payload = JSON.parse(rawBody.toString("utf8")) as IDataObject;
    } catch {
      return reject(this, 400, "the body is not JSON");
    }
    const type = String(payload.type ?? "");
    const selected = this.getNodeParameter("events", []) as string[];
    // jobs.matched is always subscribed (the API requires it); it is dropped here when not selected.
    if (type !== "webhook.test" && !(selected.length ? selected : ["jobs.matched"]).includes(type)) return {};
    const jobs = Array.isArray(payload.data) ? (payload.data as IDataObject[]) : [];
    const eventId = headers["webhook-id"];
    const items: INodeExecutionData[] = jobs.map((job) => ({
      json: {
        ...job,
        type,
        subscription_id: payload.subscription_id,
        event_id: Array.isArray(eventId) ? eventId[0] : eventId,
        ...(payload.changes ? { changes: payload.changes } : {}),
      },
    }));
    if (!items.length) return {};
    return { workflowData: [items] };
  }
}

function reject(ctx: IWebhookFunctions, status: number, reason: string): IWebhookResponseData {
  ctx.getResponseObject().status(status).send(`Rejected: ${reason}`);
  return { noWebhookResponse: true };
}

/** The subscription's current secret, when it differs from the stored one (after a rotation); stores it. */
async function refreshSecret(this: IWebhookFunctions, state: IDataObject): Promise<string | undefined> {
  const id = state.webhookId;
  if (typeof id !== "string") return undefined;
  const now = Date.now();
  if (now - (lastSecretCheck.get(id) ?? 0) < SECRET_RECHECK_MS) return undefined;
  lastSecretCheck.set(id, now);
  try {
    const [subscription] = dataOf(await apiRequest.call(this, "GET", `/webhooks/${encodeURIComponent(id)}`));
    const secret = subscription?.secret;
    if (typeof secret !== "string" || secret === state.webhookSecret) return undefined;
    state.webhookSecret = secret;
    return secret;
  } catch {
    return undefined;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { httpCode?: unknown } | undefined)?.httpCode === "404";
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
