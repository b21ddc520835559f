// Webhook push settings, read from the Worker's environment as optional strings, with defaults.

export interface PushSettings {
  /** Seconds to wait before each retry (attempt 2, 3, …); its length + 1 is the number of attempts. */
  retrySchedule: number[];
  /** Local dev and tests only: allow http:// and loopback/private targets. */
  allowPrivateTargets: boolean;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** How long the previous secret keeps signing after a rotation. */
  rotationGraceSeconds: number;
  /** A subscription whose deliveries all failed for this long is disabled. */
  autoDisableSeconds: number;
}

export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
const MAX_DELAY = 86_400;

export function parseRetrySchedule(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === "") return DEFAULT_RETRY_SCHEDULE;
  const parts = raw.split(",").map((p) => p.trim());
  const out = parts.map(Number);
  if (out.length > 50 || out.some((n, i) => parts[i] === "" || !Number.isInteger(n) || n < 0 || n > MAX_DELAY)) {
    throw new Error(`WEBHOOK_RETRY_SCHEDULE must be comma-separated whole seconds from 0 to ${MAX_DELAY} (at most 50)`);
  }
  return out;
}

function number(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw.trim());
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return n;
}

const cache = new WeakMap<object, PushSettings>();

export function pushSettings(env: Env): PushSettings {
  let s = cache.get(env);
  if (!s) {
    const vars = env as unknown as Record<string, string | undefined>;
    s = {
      retrySchedule: parseRetrySchedule(vars.WEBHOOK_RETRY_SCHEDULE),
      allowPrivateTargets: vars.ALLOW_PRIVATE_WEBHOOK_TARGETS?.trim().toLowerCase() === "true",
      timeoutMs: number(vars.WEBHOOK_TIMEOUT_SECONDS, "WEBHOOK_TIMEOUT_SECONDS", 15, 0.1, 60) * 1000,
      rotationGraceSeconds: number(vars.WEBHOOK_SECRET_GRACE_SECONDS, "WEBHOOK_SECRET_GRACE_SECONDS", 86_400, 0, 30 * 86_400),
      autoDisableSeconds: number(vars.WEBHOOK_AUTO_DISABLE_SECONDS, "WEBHOOK_AUTO_DISABLE_SECONDS", 5 * 86_400, 60, 365 * 86_400),
    };
    cache.set(env, s);
  }
  return s;
}
