// Settings read from the Worker's environment (wrangler.toml [vars], .dev.vars, secrets), parsed once.
import { resolveTiers, type Tier, type TierName } from "./auth/tiers";

export interface Settings {
  adminToken: string | undefined;
  tiers: Record<TierName, Tier>;
}

const cache = new WeakMap<object, Settings>();

export function settingsFrom(env: Env): Settings {
  let s = cache.get(env);
  if (!s) {
    const vars = env as unknown as Record<string, string | undefined>;
    s = {
      adminToken: vars.ADMIN_TOKEN?.trim() || undefined,
      tiers: resolveTiers(vars.TIERS),
    };
    cache.set(env, s);
  }
  return s;
}
