// The two checks a WhatsApp webhook receiver makes before trusting a request (PROTOCOLS.md §2).
import { createHmac, timingSafeEqual } from "node:crypto";

/** The header Meta signs every event delivery with: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = "x-hub-signature-256";

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Whether `header` is Meta's signature of exactly these bytes under the App Secret. Verify the raw body
 * as received: re-serialised JSON differs (escapes, key order) and would not match.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!appSecret || !header) return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The subscription handshake (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`): the
 * challenge to echo as a text/plain 200, or null to answer 403. `query` is the parsed query string
 * (Fastify keeps the dotted names as keys).
 */
export function verifyHandshake(query: Record<string, unknown>, verifyToken: string): string | null {
  const mode = query["hub.mode"];
  const token = query["hub.verify_token"];
  const challenge = query["hub.challenge"];
  if (mode !== "subscribe" || typeof token !== "string" || typeof challenge !== "string") return null;
  if (!verifyToken || challenge === "") return null;
  // Compare digests so the lengths are equal and the time says nothing about the token.
  const digest = (s: string) => createHmac("sha256", "whatsapp-verify-token").update(s).digest();
  return timingSafeEqual(digest(token), digest(verifyToken)) ? challenge : null;
}
