// One Durable Object per API key. A Durable Object handles one call at a time and the state is
// updated synchronously before any await, so the counts are exact however many isolates serve the key.
import { DurableObject } from "cloudflare:workers";
import { type Admission, type AdmitRequest, admit, emptyState, type LimitState, refund, standing } from "./limits";

const KEY = "state";

export class KeyLimiter extends DurableObject<Env> {
  private state: LimitState | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.state = await ctx.storage.get<LimitState>(KEY);
    });
  }

  async admit(req: AdmitRequest): Promise<Admission> {
    const { state, admission } = admit(this.state ?? emptyState(req.now), req);
    this.state = state;
    await this.ctx.storage.put(KEY, state);
    return admission;
  }

  /** The key's standing without counting anything (requests the app makes to itself). */
  async standing(req: Omit<AdmitRequest, "charge">): Promise<Admission> {
    return standing(this.state ?? emptyState(req.now), req);
  }

  async refund(now: number): Promise<void> {
    if (!this.state) return;
    this.state = refund(this.state, now);
    await this.ctx.storage.put(KEY, this.state);
  }

  /** Replaces the counters (tests and operators use it to simulate a month's usage). */
  async overwrite(state: LimitState): Promise<void> {
    this.state = state;
    await this.ctx.storage.put(KEY, state);
  }

  async inspect(): Promise<LimitState | undefined> {
    return this.state;
  }
}
