import { describe, expect, it } from "vitest";
import { signatureHeader, signatureOf, verifySignature } from "./signing.ts";

const secret = "whsec_test_secret";
const body = '{"id":1,"event":"deal.created"}';
// printf '%s' '1700000000.{"id":1,"event":"deal.created"}' | openssl dgst -sha256 -hmac whsec_test_secret
const vector = "9b8188f0578277ba8c60dfd6c4a743e86a0fb55ed74e6a3aefee54be322b9bc7";

describe("webhook signatures", () => {
  it("is HMAC-SHA256 of '<t>.<body>' in hex, as openssl computes it", () => {
    expect(signatureOf(secret, body, 1_700_000_000)).toBe(vector);
    expect(signatureHeader(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${vector}`);
  });

  it("verifies within the tolerance only, with the right secret and the exact body", () => {
    const header = `t=1700000000,v1=${vector}`;
    expect(verifySignature(secret, body, header, { nowSec: 1_700_000_000 + 299 })).toBe(true);
    expect(verifySignature(secret, body, header, { nowSec: 1_700_000_000 + 301 })).toBe(false);
    expect(verifySignature("whsec_other", body, header, { nowSec: 1_700_000_000 })).toBe(false);
    expect(verifySignature(secret, `${body}\n`, header, { nowSec: 1_700_000_000 })).toBe(false);
    // The timestamp is signed: changing it breaks the signature.
    expect(verifySignature(secret, body, `t=1700000001,v1=${vector}`, { nowSec: 1_700_000_000 })).toBe(false);
    expect(verifySignature(secret, body, "garbage", { nowSec: 1_700_000_000 })).toBe(false);
    expect(verifySignature(secret, body, "t=1700000000,v1=abc", { nowSec: 1_700_000_000 })).toBe(false);
  });
});
