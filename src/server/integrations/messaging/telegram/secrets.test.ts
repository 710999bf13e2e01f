import { describe, expect, it } from "vitest";
import {
  botIdFromToken,
  isValidBotToken,
  isValidSecretToken,
  newSecretToken,
  secretTokenMatches,
} from "./secrets.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("bot tokens", () => {
  it("accepts BotFather's shape and reads the bot id from it", () => {
    expect(isValidBotToken(TOKEN)).toBe(true);
    expect(botIdFromToken(TOKEN)).toBe(123456789);
  });

  it("refuses what is not a token", () => {
    for (const bad of [
      "",
      "123456789",
      "abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
      "123:short",
      `${TOKEN} `,
      `${TOKEN}/x`,
    ]) {
      expect(isValidBotToken(bad)).toBe(false);
      expect(botIdFromToken(bad)).toBeUndefined();
    }
  });
});

describe("webhook secret tokens", () => {
  it("generates fresh secrets in Telegram's alphabet", () => {
    const a = newSecretToken();
    expect(isValidSecretToken(a)).toBe(true);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecretToken()).not.toBe(a);
  });

  it("checks setWebhook's rules", () => {
    expect(isValidSecretToken("a")).toBe(true);
    expect(isValidSecretToken("x".repeat(256))).toBe(true);
    expect(isValidSecretToken("x".repeat(257))).toBe(false);
    expect(isValidSecretToken("")).toBe(false);
    expect(isValidSecretToken("with space")).toBe(false);
    expect(isValidSecretToken("plus+slash/")).toBe(false);
  });

  it("matches only the exact header", () => {
    const secret = newSecretToken();
    expect(secretTokenMatches(secret, secret)).toBe(true);
    expect(secretTokenMatches(`${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`, secret)).toBe(
      false,
    );
    expect(secretTokenMatches(secret.slice(1), secret)).toBe(false);
    expect(secretTokenMatches(`${secret}x`, secret)).toBe(false);
  });

  it("never matches a missing, repeated or empty header, nor an empty expectation", () => {
    expect(secretTokenMatches(undefined, "s3cret")).toBe(false);
    expect(secretTokenMatches(null, "s3cret")).toBe(false);
    expect(secretTokenMatches(["s3cret", "s3cret"], "s3cret")).toBe(false);
    expect(secretTokenMatches("", "")).toBe(false);
    expect(secretTokenMatches("s3cret", "")).toBe(false);
  });

  it("compares bytes, so a look-alike of another length does not throw", () => {
    expect(secretTokenMatches("é", "ee")).toBe(false);
  });
});
