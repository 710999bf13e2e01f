// The two secrets of a Telegram connection: the bot token (the only credential of the Bot API) and the
// webhook secret token (Telegram echoes it in a header on every webhook POST; there is no body signature).
import { randomBytes, timingSafeEqual } from "node:crypto";

/** The header Telegram sends on every webhook POST once setWebhook was given a `secret_token`. */
export const TELEGRAM_SECRET_HEADER = "x-telegram-bot-api-secret-token";

// BotFather tokens are `<numeric bot id>:<~35 chars>`; the length of the second part is [unconfirmed],
// so the pattern is tolerant and kept here, in one place.
const BOT_TOKEN = /^(\d{1,20}):[A-Za-z0-9_-]{30,64}$/;
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** True when the token has BotFather's shape (it says nothing about whether Telegram accepts it). */
export function isValidBotToken(token: string): boolean {
  return BOT_TOKEN.test(token);
}

/** The bot's user id, which is the token's numeric prefix: identifies the bot without calling getMe. */
export function botIdFromToken(token: string): number | undefined {
  const match = BOT_TOKEN.exec(token);
  return match ? Number(match[1]) : undefined;
}

/** True when the value is acceptable as setWebhook's `secret_token` (1–256 of A-Z a-z 0-9 _ -). */
export function isValidSecretToken(value: string): boolean {
  return SECRET_TOKEN.test(value);
}

/** A fresh webhook secret: 256 random bits as 43 base64url characters, within Telegram's alphabet. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Whether a webhook request's secret header equals the expected secret, compared in constant time.
 * Takes the raw header value as Node gives it; a missing, repeated or empty header never matches, and
 * neither does anything when no secret is expected.
 */
export function secretTokenMatches(header: string | string[] | null | undefined, expected: string): boolean {
  if (typeof header !== "string" || header === "" || expected === "") return false;
  const given = Buffer.from(header, "utf8");
  const wanted = Buffer.from(expected, "utf8");
  // timingSafeEqual needs equal lengths; a length mismatch reveals only the length, which is not secret.
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
