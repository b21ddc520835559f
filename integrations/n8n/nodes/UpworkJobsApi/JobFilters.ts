import type { IDisplayOptions, INodeProperties } from "n8n-workflow";

/** The events a subscription can be sent (docs/api.md#events). */
export const EVENT_OPTIONS = [
  { name: "Jobs Matched (New Matching Job)", value: "jobs.matched" },
  { name: "Jobs Updated (a Job You Were Sent Changed)", value: "jobs.updated" },
  { name: "Jobs Closed (a Job You Were Sent Closed)", value: "jobs.closed" },
];

/** The job filters (docs/api.md#job-filters) as one `filters` collection, shown where `displayOptions` says. */
export function jobFiltersCollection(displayOptions?: IDisplayOptions, displayName = "Filters"): INodeProperties {
  return {
    displayName,
    name: "filters",
    type: "collection",
    placeholder: "Add Filter",
    default: {},
    ...(displayOptions ? { displayOptions } : {}),
    options: [
      {
        displayName: "Budget Max (Fixed Price)",
        name: "budget_max",
        type: "number",
        typeOptions: { minValue: 0 },
        default: 0,
        description: "Fixed-price jobs of at most this amount; hourly jobs never match",
      },
      {
        displayName: "Budget Min (Fixed Price)",
        name: "budget_min",
        type: "number",
        typeOptions: { minValue: 0 },
        default: 0,
        description: "Fixed-price jobs of at least this amount; hourly jobs never match",
      },
      {
        displayName: "Category Group Names or IDs",
        name: "category_group",
        type: "multiOptions",
        typeOptions: { loadOptionsMethod: "getCategoryGroups" },
        default: [],
        description:
          'Category groups, e.g. web-mobile-software-dev. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      },
      {
        displayName: "Category Names or IDs",
        name: "category",
        type: "multiOptions",
        typeOptions: { loadOptionsMethod: "getCategories" },
        default: [],
        description:
          'Subcategories, e.g. web-development. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      },
      {
        displayName: "Client Countries",
        name: "country",
        type: "string",
        default: "",
        placeholder: "US,GB,DE",
        description: "Comma-separated ISO 3166-1 alpha-2 codes of the client's country",
      },
      {
        displayName: "Exclude Client Countries",
        name: "exclude_country",
        type: "string",
        default: "",
        placeholder: "IN,PK",
        description: "Comma-separated ISO 3166-1 alpha-2 codes to leave out",
      },
      {
        displayName: "Experience Levels",
        name: "contractor_tier",
        type: "multiOptions",
        default: [],
        options: [
          { name: "Entry", value: "entry" },
          { name: "Intermediate", value: "intermediate" },
          { name: "Expert", value: "expert" },
        ],
      },
      {
        displayName: "Hourly Rate Max",
        name: "hourly_max",
        type: "number",
        typeOptions: { minValue: 0 },
        default: 0,
        description: "Hourly jobs whose minimum rate is at most this; fixed-price jobs never match",
      },
      {
        displayName: "Hourly Rate Min",
        name: "hourly_min",
        type: "number",
        typeOptions: { minValue: 0 },
        default: 0,
        description: "Hourly jobs whose range reaches this rate; fixed-price jobs never match",
      },
      {
        displayName: "Job Type",
        name: "job_type",
        type: "options",
        default: "hourly",
        options: [
          { name: "Hourly", value: "hourly" },
          { name: "Fixed Price", value: "fixed" },
        ],
      },
      {
        displayName: "Keywords",
        name: "q",
        type: "string",
        default: "",
        placeholder: '"cloudflare workers" typescript -wordpress',
        description: 'Words in the title, description, skills or tags: "exact phrase", a OR b, -exclude, prefix*',
      },
      {
        displayName: "Filters (JSON)",
        name: "filtersJson",
        type: "json",
        default: "{}",
        description:
          "A filters object with the /jobs names, e.g. {{ $json.filters }} from Filter → From Upwork URL; the fields above take precedence",
      },
      {
        displayName: "Max Applicants",
        name: "max_applicants",
        type: "number",
        typeOptions: { minValue: 0 },
        default: 10,
        description: "Jobs with at most this many proposals so far",
      },
      {
        displayName: "Min Client Hires",
        name: "min_hires",
        type: "number",
        typeOptions: { minValue: 0 },
        default: 1,
        description: "Clients with at least this many jobs that led to a hire",
      },
      {
        displayName: "Min Client Spend",
        name: "min_total_spent",
        type: "number",
        typeOptions: { minValue: 0 },
        default: 0,
        description: "Clients who have spent at least this much on Upwork",
      },
      {
        displayName: "Payment Verified",
        name: "payment_verified",
        type: "boolean",
        default: true,
        description: "Whether the client's payment method must be verified (on) or unverified (off)",
      },
      {
        displayName: "Posted After",
        name: "posted_after",
        type: "dateTime",
        default: "",
      },
      {
        displayName: "Skills",
        name: "skills",
        type: "string",
        default: "",
        placeholder: "TypeScript,React",
        description: "Comma-separated skill names; a job matches when it requires any of them (whole names, any case)",
      },
      {
        displayName: "Status",
        name: "status",
        type: "options",
        default: "open",
        options: [
          { name: "Open", value: "open" },
          { name: "Closed", value: "closed" },
          { name: "Any", value: "any" },
        ],
        description: "Open jobs unless you add this",
      },
      {
        displayName: "Tags or Skills",
        name: "tags",
        type: "string",
        default: "",
        placeholder: "newsletter,saas",
        description: "Comma-separated; a job matches when any of its tags or skills is one of them",
      },
    ],
  };
}
