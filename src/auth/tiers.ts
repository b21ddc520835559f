// The tiers (docs/api.md#tiers); the TIERS setting (JSON, src/settings.ts) is merged over these defaults.
import { z } from "zod";

export const TIER_NAMES = ["free", "hobby", "developer", "professional", "enterprise"] as const;
export type TierName = (typeof TIER_NAMES)[number];

export interface Tier {
  /** null = unlimited */
  credits_per_month: number | null;
  requests_per_minute: number;
  /** null = unlimited; 0 = webhooks not allowed */
  max_webhooks: number | null;
}

const DEFAULT_TIERS: Record<TierName, Tier> = {
  free: { credits_per_month: 100, requests_per_minute: 5, max_webhooks: 0 },
  hobby: { credits_per_month: 1_000, requests_per_minute: 20, max_webhooks: 0 },
  developer: { credits_per_month: 5_000, requests_per_minute: 250, max_webhooks: 0 },
  professional: { credits_per_month: 50_000, requests_per_minute: 1_000, max_webhooks: 25 },
  enterprise: { credits_per_month: null, requests_per_minute: 5_000, max_webhooks: null },
};

const TierOverride = z
  .object({
    credits_per_month: z.number().int().nonnegative().nullable(),
    requests_per_minute: z.number().int().positive(),
    max_webhooks: z.number().int().nonnegative().nullable(),
  })
  .partial()
  .strict();
/** The TIERS setting (JSON): per tier, the limits to change. */
export const TiersOverride = z.partialRecord(z.enum(TIER_NAMES), TierOverride);

/** The default table with an override merged over it. */
export function mergeTiers(override: z.output<typeof TiersOverride>): Record<TierName, Tier> {
  const out = { ...DEFAULT_TIERS };
  for (const name of TIER_NAMES) out[name] = { ...DEFAULT_TIERS[name], ...override[name] };
  return out;
}
