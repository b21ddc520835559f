import { z } from "@hono/zod-openapi";
import { keyHoldings } from "../../db/keys";
import { MAX_FEEDS_PER_KEY } from "../../feeds/feeds";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute, envelopeOf } from "../../http/openapi";
import { isoSeconds } from "../../lib/time";

const Usage = z
  .object({
    tier: z.string().openapi({ example: "professional" }),
    credits: z
      .object({
        limit: z.number().int().nullable().openapi({ description: "Credits per month; null = unlimited" }),
        used: z.number().int(),
        remaining: z.number().int().nullable(),
        resets_at: z.string().openapi({ description: "The 1st of next month, 00:00 UTC" }),
      })
      .openapi({ description: "This month's credits (this request spends none)" }),
    rate: z
      .object({ limit: z.number().int(), remaining: z.number().int(), resets_at: z.string() })
      .openapi({ description: "This minute's window, this request counted" }),
    subscriptions: z.object({
      active: z.number().int(),
      limit: z.number().int().nullable().openapi({ description: "null = no cap; 0 = no webhooks on this tier" }),
    }),
    feeds: z.object({ count: z.number().int(), limit: z.number().int() }),
  })
  .openapi("Usage");

const route = defineRoute({
  method: "get",
  path: "/usage",
  tags: ["Keys"],
  summary: "Your tier, credits used and left this month, this minute's window, subscriptions and feeds against their caps",
  description: "Free.",
  access: "api-key",
  responses: { 200: { description: "Your usage", content: { "application/json": { schema: envelopeOf(Usage) } } } },
});

export function registerGetUsage(app: App) {
  app.openapi(route, async (c) => {
    const key = c.var.apiKey;
    const a = c.var.admission;
    const tier = c.var.settings.tiers[key.tier as keyof typeof c.var.settings.tiers]!;
    const holdings = await keyHoldings(c.env.DB, key.id);
    const now = Date.now();
    return c.json(
      envelope([
        {
          tier: key.tier,
          credits: {
            limit: a.credits_limit,
            used: a.credits_limit === null || a.credits_remaining === null ? 0 : a.credits_limit - a.credits_remaining,
            remaining: a.credits_remaining,
            resets_at: isoSeconds(now + a.credits_reset * 1000),
          },
          rate: { limit: a.rate_limit, remaining: a.rate_remaining, resets_at: isoSeconds(now + a.rate_reset * 1000) },
          subscriptions: { active: holdings.subscriptions, limit: tier.max_webhooks },
          feeds: { count: holdings.feeds, limit: MAX_FEEDS_PER_KEY },
        },
      ]),
      200,
    );
  });
}
