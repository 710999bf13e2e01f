// The webhook signature (Stripe's scheme): HMAC-SHA256 of "<unix seconds>.<raw body>" with the
// subscription's secret. The timestamp is inside the signed text, so a captured request cannot be
// replayed later than the receiver's tolerance.
import { createHmac, timingSafeEqual } from "node:crypto";

/** The hex HMAC-SHA256 of `<t>.<body>`. */
export function signatureOf(secret: string, body: string, timestampSec: number): string {
  return createHmac("sha256", secret).update(`${timestampSec}.${body}`).digest("hex");
}

/** `X-Flame-Signature`: `t=<unix>,v1=<hex>`. */
export function signatureHeader(secret: string, body: string, timestampSec: number): string {
  return `t=${timestampSec},v1=${signatureOf(secret, body, timestampSec)}`;
}

/**
 * What a receiver does (docs/webhooks.md): the header's `v1` matches and `t` is within `toleranceSec`
 * of now. Used by our tests; receivers have the same in the documented snippet.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  options: { toleranceSec?: number; nowSec?: number } = {},
): boolean {
  const parts = new Map(
    header.split(",").map((part) => {
      const i = part.indexOf("=");
      return [part.slice(0, i).trim(), part.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  const now = options.nowSec ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(t) || Math.abs(now - t) > (options.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, body, t), "hex");
  const given = Buffer.from(v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
