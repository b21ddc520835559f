// One Durable Object per deployment holds the request budget of every source (budget.ts). It handles
// one call at a time and updates its state before any await, so parallel callers never share a slot.
import { DurableObject } from "cloudflare:workers";
import { type BudgetLimits, type BudgetState, emptyBudget, type Reservation, reserve, usage } from "./budget";

export class RequestBudget extends DurableObject<Env> {
  private states = new Map<string, BudgetState>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.list<BudgetState>();
      for (const [source, state] of stored) this.states.set(source, state);
    });
  }

  async reserve(source: string, limits: BudgetLimits): Promise<Reservation> {
    const { state, reservation } = reserve(this.states.get(source) ?? emptyBudget(), limits, Date.now());
    this.states.set(source, state);
    await this.ctx.storage.put(source, state);
    return reservation;
  }

  async usage(source: string): Promise<{ lastMinute: number; today: number }> {
    return usage(this.states.get(source) ?? emptyBudget(), Date.now());
  }
}

/** The deployment's budget object. */
export const requestBudget = (env: Env) => env.REQUEST_BUDGET.get(env.REQUEST_BUDGET.idFromName("deployment"));
