import { z } from "@hono/zod-openapi";
import { TIER_NAMES } from "../../../auth/tiers";
import type { ApiKeyRow } from "../../../db/schema";
import { envelopeOf } from "../../../http/openapi";

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    tier: z.enum(TIER_NAMES),
    active: z.boolean(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
    key_prefix: z.string().openapi({ description: "First characters of the key, to recognise it" }),
  })
  .openapi("ApiKey");

const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: "The API key. Shown only in this answer: store it now." }),
}).openapi("CreatedApiKey");

export const CreateKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  tier: z.enum(TIER_NAMES).default("free"),
});

export const PatchKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    tier: z.enum(TIER_NAMES).optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "nothing to change: give tier, active or name" })
  .openapi({ minProperties: 1 });

export const KeyIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const ApiKeyList = envelopeOf(ApiKeySchema);
export const CreatedApiKeyList = envelopeOf(CreatedApiKeySchema);

export function toApiKey(row: ApiKeyRow): z.infer<typeof ApiKeySchema> {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier as z.infer<typeof ApiKeySchema>["tier"],
    active: row.active,
    created_at: row.createdAt,
    revoked_at: row.revokedAt,
    key_prefix: row.keyPrefix,
  };
}

/** Response items, as clients (and the tests) read them. */
export type ApiKeyView = z.infer<typeof ApiKeySchema>;
export type CreatedApiKeyView = z.infer<typeof CreatedApiKeySchema>;
