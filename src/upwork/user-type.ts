// The userType freelancer searches must send (FreelancerProfileSearchFilter.userType is non-null) in
// the spelling the live schema has, which public evidence leaves open (`Freelancer` or `FREELANCER`;
// docs/upwork-source.md#evidence-about-the-live-graphql-schema): UPWORK_FREELANCER_USER_TYPE when set,
// else looked up with a one-type introspection query and kept in D1 until Upwork rejects it.
import { deleteValue, readValue, writeValue } from "../db/state";
import { UpstreamError } from "../upstream/client";
import { graphqlMessage, type UpworkGraphql } from "./graphql";

const KEY = "upwork:freelancer-user-type";
const USER_TYPE_QUERY = `query userType { __type(name: "FreelancerProfileSearchUserTypeEnum") { enumValues { name } } }`;

export class FreelancerUserType {
  constructor(
    private readonly db: D1Database,
    private readonly client: UpworkGraphql,
    /** UPWORK_FREELANCER_USER_TYPE */
    private readonly configured: string | undefined,
  ) {}

  /** The value to send: the configured one, the stored one, or (with `lookUp`, or none stored) Upwork's. */
  async get(options: { lookUp?: boolean } = {}): Promise<string> {
    if (this.configured) return this.configured;
    const cached = options.lookUp ? null : await readValue(this.db, KEY);
    if (cached) return cached;
    const body = await this.client.query(USER_TYPE_QUERY, {});
    const type = (body.data?.__type ?? null) as { enumValues?: { name?: unknown }[] } | null;
    const values = (type?.enumValues ?? []).map((v) => v.name).filter((n): n is string => typeof n === "string");
    const pick = values.find((v) => v.toLowerCase() === "freelancer") ?? values.find((v) => /freelancer/i.test(v));
    if (!pick) {
      throw new UpstreamError(
        `FreelancerProfileSearchUserTypeEnum has no freelancer value (${values.join(", ") || `no values${graphqlMessage(body)}`}): set UPWORK_FREELANCER_USER_TYPE`,
      );
    }
    await writeValue(this.db, KEY, pick);
    return pick;
  }

  /** Upwork rejected the stored value (the enum changed): the next search looks it up again. */
  async forget(): Promise<void> {
    if (!this.configured) await deleteValue(this.db, KEY);
  }
}
