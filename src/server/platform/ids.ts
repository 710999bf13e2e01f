import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random id of base62 characters (20 ≈ 119 bits): no separators, safe in URLs and key strings. */
export function newId(length = 20): string {
  const bytes = randomBytes(length * 2);
  let id = "";
  for (let i = 0; i < bytes.length && id.length < length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 248) id += ALPHABET[b % 62]; // 248 = 4 × 62: no modulo bias
  }
  return id.length === length ? id : newId(length);
}
