// Base64 and base64url over bytes and UTF-8 text: the one implementation (Web APIs only).

export function base64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** URL-safe base64 without padding (RFC 4648 §5). */
export const base64url = (bytes: Uint8Array): string => base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Standard or URL-safe base64, padded or not; throws on anything else. */
export function fromBase64(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export const textToBase64url = (text: string): string => base64url(new TextEncoder().encode(text));

/** The UTF-8 text a base64(url) string encodes; throws when it is not base64 or not valid UTF-8. */
export const base64ToText = (text: string): string => new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64(text));
