// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// `${webhook-id}.${webhook-timestamp}.${body}` keyed with the base64 bytes after `whsec_`.
import { base64, fromBase64 } from "../lib/encoding";

const encoder = new TextEncoder();

/** `whsec_` + 32 random bytes (the spec asks for 24 to 64). */
export function generateSecret(): string {
  return `whsec_${base64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    const raw = fromBase64(secret.startsWith("whsec_") ? secret.slice(6) : secret);
    key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    if (keys.size > 1000) keys.clear(); // a bounded per-isolate cache: import once per secret, not per send
    keys.set(secret, key);
  }
  return key;
}

async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${id}.${timestamp}.${body}`));
  return `v1,${base64(new Uint8Array(mac))}`;
}

/** The webhook-signature header: one `v1,` signature per secret (both during a rotation's grace period). */
export async function signatureHeader(secrets: string[], id: string, timestamp: number, body: string): Promise<string> {
  return (await Promise.all(secrets.map((s) => sign(s, id, timestamp, body)))).join(" ");
}
