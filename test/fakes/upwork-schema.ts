// The part of Upwork's GraphQL schema this project touches, as the fake Upwork serves it, built from
// the public evidence listed in docs/upwork-source.md#evidence-about-the-live-graphql-schema:
//   [probe]  rajat-cc/upwork-heatmap-generator docs/api_probe.json (live introspection, 2026-09-16):
//            the filter's input fields, the search node and client fields, JobActivity, MarketplaceJobPosting
//   [docs]   muhammedaksam/upwork-node src/generated/generated-types.ts (Upwork's API reference):
//            operation signatures, Money, PageInfo, Pagination, the freelancer search types
//   [live]   live-tested clients: USER_JOBS_SEARCH, RECENCY, hourlyBudgetType values, the ACTIVE status
// Enum values no public source lists are marked (made up): the tests need some value there.
// One field per line, so a drifted copy (drifted() below) can drop one.
import { buildSchema, type GraphQLSchema } from "graphql";

const UPWORK_SDL = `
type Query {
  marketplaceJobPostingsSearch(marketPlaceJobFilter: MarketplaceJobPostingsSearchFilter, searchType: MarketplaceJobPostingSearchType, sortAttributes: [MarketplaceJobPostingSearchSortAttribute]): MarketplaceJobPostingSearchConnection
  marketplaceJobPosting(id: ID!): MarketplaceJobPosting
  freelancerProfileSearchRecords(searchFilter: FreelancerProfileSearchFilter!, pagination: Pagination!): FreelancerProfilesSearchRecordsConnection
}

# [probe] filter_fields
input MarketplaceJobPostingsSearchFilter {
  area_eq: String
  budgetRange_eq: IntRange
  categoryIds_any: [ID!]
  clientHiresRange_eq: IntRange
  daysPosted_eq: Int
  enterpriseOnly_eq: Boolean
  hourlyRate_eq: IntRange
  jobType_eq: ContractType
  locations_any: [String!]
  occupationIds_any: [ID!]
  ontologySkillIds_all: [ID!]
  pagination_eq: Pagination
  preserveFacet_eq: String
  previousClients_eq: Boolean
  proposalRange_eq: IntRange
  ptcIds_any: [ID!]
  ptcOnly_eq: Boolean
  searchExpression_eq: String
  skillExpression_eq: String
  subcategoryIds_any: [ID!]
  timezone_eq: String
  titleExpression_eq: String
  userLocationMatch_eq: Boolean
  verifiedPaymentOnly_eq: Boolean
  visitorCountry_eq: String
}

input IntRange {
  rangeStart: Int
  rangeEnd: Int
}

# [docs] "after: "0" will indicate from the very first element"
input Pagination {
  after: String
  first: Int!
}

enum MarketplaceJobPostingSearchType {
  USER_JOBS_SEARCH
}

input MarketplaceJobPostingSearchSortAttribute {
  field: MarketplaceJobPostingSearchSortField
}

enum MarketplaceJobPostingSearchSortField {
  RECENCY
  RELEVANCE
}

# values: (made up) beyond what our normalizer reads
enum ContractType {
  HOURLY
  FIXED_PRICE
}

type MarketplaceJobPostingSearchConnection {
  totalCount: Int
  edges: [MarketplaceJobpostingSearchEdge]
  pageInfo: PageInfo
}

type MarketplaceJobpostingSearchEdge {
  cursor: String!
  node: MarketplaceJobPostingSearchResult!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean
}

# [probe] search_node_fields (the ones we select)
type MarketplaceJobPostingSearchResult {
  id: ID!
  ciphertext: String!
  title: String!
  description: String!
  createdDateTime: String!
  publishedDateTime: String!
  renewedDateTime: String
  duration: String
  durationLabel: String
  engagement: String
  amount: Money!
  hourlyBudgetType: JobPostingHourlyBudgetType
  hourlyBudgetMin: Money
  hourlyBudgetMax: Money
  weeklyBudget: Money
  experienceLevel: FreelancerProfileExperienceLevel
  category: String
  subcategory: String
  freelancersToHire: Int!
  totalFreelancersToHire: Int
  enterprise: Boolean!
  premium: Boolean!
  applied: Boolean!
  totalApplicants: Int!
  preferredFreelancerLocation: [String]
  preferredFreelancerLocationMandatory: Boolean
  skills: [MarketplaceJobPostingSearchSkill]!
  occupations: MarketplaceJobPostingSearchOccupations
  engagementDuration: EngagementDuration
  client: MarketplaceJobPostingSearchClientInfo!
  job: MarketplaceJobPosting
}

# [live] fixtures and live clients
enum JobPostingHourlyBudgetType {
  DEFAULT
  MANUAL
  NOT_PROVIDED
}

enum FreelancerProfileExperienceLevel {
  ENTRY_LEVEL
  INTERMEDIATE
  EXPERT
  NONE
}

# [docs] "Float point as a string"
type Money {
  rawValue: String!
  currency: String!
  displayValue: String!
}

type MarketplaceJobPostingSearchSkill {
  id: ID
  name: String!
  prettyName: String!
  highlighted: Boolean
}

type MarketplaceJobPostingSearchOccupations {
  category: MarketplaceJobPostingSearchOccupation!
  subCategories: [MarketplaceJobPostingSearchOccupation!]
}

type MarketplaceJobPostingSearchOccupation {
  id: ID!
  prefLabel: String!
}

type EngagementDuration {
  id: ID!
  label: String!
  weeks: Int!
}

# [probe] search_client_fields
type MarketplaceJobPostingSearchClientInfo {
  totalHires: Int!
  totalPostedJobs: Int!
  totalSpent: Money
  verificationStatus: ClientVerificationStatus
  location: MarketPlaceJobSearchLocation
  totalReviews: Int!
  totalFeedback: Float!
  hasFinancialPrivacy: Boolean!
}

enum ClientVerificationStatus {
  VERIFIED
}

type MarketPlaceJobSearchLocation {
  city: String
  country: String
  state: String
  timezone: String
}

# [probe] detail_fields (the ones we select)
type MarketplaceJobPosting {
  id: ID!
  content: MarketplaceJobPostingContent
  contractTerms: MarketplaceContractTerms
  workFlowState: MarketplacePostingWorkFlowState
  activityStat: MarketplacePostingActivityStat
  clientCompanyPublic: MarketplacePublicCompanyInfo
}

type MarketplaceJobPostingContent {
  title: String!
  description: String!
}

type MarketplaceContractTerms {
  contractType: ContractType!
}

type MarketplacePostingWorkFlowState {
  status: WorkFlowStateStatus!
  closeResult: String
}

# [live] ACTIVE; the rest (made up): the real values are not documented
enum WorkFlowStateStatus {
  ACTIVE
  CLOSED
  FILLED
  ON_HOLD
}

type MarketplacePostingActivityStat {
  jobActivity: JobActivity
}

# [probe] detail_activity_fields
type JobActivity {
  lastClientActivity: String
  invitesSent: Int!
  totalInvitedToInterview: Int!
  totalHired: Int!
  totalUnansweredInvites: Int!
  totalOffered: Int!
  totalRecommended: Int
}

type MarketplacePublicCompanyInfo {
  id: ID!
  paymentVerification: PaymentVerificationResult
}

type PaymentVerificationResult {
  paymentVerified: Boolean
}

# [docs] userType is the one required member
input FreelancerProfileSearchFilter {
  userType: FreelancerProfileSearchUserTypeEnum!
  keyword: String
  occupationIds: [ID!]
}

# [live] Freelancer (a script that ran); Client: (made up) from the docs' "freelancer or client"
enum FreelancerProfileSearchUserTypeEnum {
  Freelancer
  Client
}

type FreelancerProfilesSearchRecordsConnection {
  edges: [FreelancerProfilesSearchResultEdge!]!
  pageInfo: PageInfo
  totalCount: Int
}

type FreelancerProfilesSearchResultEdge {
  node: FreelancerProfilesSearchRecordType
  cursor: String!
}

union FreelancerProfilesSearchRecordType = FreelancerProfilesSearchRecord

type FreelancerProfilesSearchRecord {
  id: ID
  title: String
  description: String
  shortName: String
  ciphertext: String
  portrait: String
  totalHourlyJobs: Int
  totalFixedPriceJobs: Int
  skills: [Skill]
  hourlyRate: Money
  topRatedStatus: String
  avgFeedbackScore: Float
  hideEarnings: Boolean
  location: FreelancerSearchResultLocation
}

type Skill {
  id: ID
  preferredLabel: String!
}

type FreelancerSearchResultLocation {
  country: String
  city: String
  state: String
}
`;

/** Ways the live schema may drift from what our queries expect (the self-check must name each). */
export interface Drift {
  /** "Type.field": the field is gone. */
  removeField?: string;
  /** "Enum.VALUE=NEW": an enum value renamed. */
  renameEnumValue?: string;
}

/** The schema, or a drifted copy of it. */
export function upworkSchema(drift: Drift = {}): GraphQLSchema {
  let sdl = UPWORK_SDL;
  if (drift.removeField) {
    const [type, field] = drift.removeField.split(".");
    sdl = sdl.replace(new RegExp(`((?:type|input) ${type} \\{[^}]*?)\\n  ${field}[:(][^\\n]*`), "$1");
  }
  if (drift.renameEnumValue) {
    const [, type, from, to] = /^(\w+)\.(\w+)=(\w+)$/.exec(drift.renameEnumValue) ?? [];
    sdl = sdl.replace(new RegExp(`(enum ${type} \\{[^}]*?\\n  )${from}\\n`), `$1${to}\n`);
  }
  if (sdl === UPWORK_SDL && (drift.removeField || drift.renameEnumValue)) throw new Error(`drift not applicable: ${JSON.stringify(drift)}`);
  return buildSchema(sdl);
}
