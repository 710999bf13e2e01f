// What the Avito webhook receiver needs: the v3 envelope, a summary of it, and the URL secret.
// Avito signs nothing we can check (`x-avito-messenger-signature` has no documented algorithm), so the
// proof that a delivery comes from Avito is a random secret we put in the URL we subscribe
// (PROTOCOLS.md §6, "Receiving chat messages").
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { avitoContent, avitoId } from "./types.ts";

/** The query parameter that carries the secret in the subscribed URL. */
export const WEBHOOK_SECRET_PARAM = "k";
/** Sent by Avito with every delivery; kept for logs only, since its algorithm is unknown. */
export const SIGNATURE_HEADER = "x-avito-messenger-signature";

/** A new secret for a subscribed URL: 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** `url` with the secret added as `?k=…`, ready for `subscribeWebhook`. */
export function webhookUrlWithSecret(url: string, secret: string): string {
  const withSecret = new URL(url);
  withSecret.searchParams.set(WEBHOOK_SECRET_PARAM, secret);
  return withSecret.toString();
}

/**
 * Whether the secret from the delivery URL is the one we subscribed with, in constant time: both sides
 * are hashed first so that the compared buffers have equal length whatever the input.
 */
export function webhookSecretMatches(urlSecret: string | null | undefined, expected: string): boolean {
  if (!urlSecret || !expected) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(urlSecret), digest(expected));
}

/** `payload.value` of a `message` event. */
export const avitoWebhookMessage = z.object({
  id: z.union([z.string(), z.number().transform(String)]),
  chat_id: z.string(),
  /** Our account. */
  user_id: avitoId,
  /** Who wrote it; equal to `user_id` for our own messages, which come back as echoes. */
  author_id: avitoId,
  /** Unix seconds. */
  created: z.number(),
  /** text, image, link, item, location, call, voice, file, video, deleted, system, appCall. */
  type: z.string(),
  /** `u2i` (about a listing) or `u2u`. */
  chat_type: z.string().optional(),
  /** The listing of a `u2i` chat. */
  item_id: avitoId.nullable().optional(),
  content: avitoContent.nullable().optional(),
  published_at: z.string().optional(),
});

/** The v3 envelope: `payload.type` is `message` for chat messages; other kinds are ignored. */
export const avitoWebhookEnvelope = z.object({
  /** The event id, the key for idempotent processing. */
  id: z.string(),
  version: z.string().optional(),
  timestamp: z.number().optional(),
  payload: z.object({ type: z.string(), value: z.unknown() }),
});
export type AvitoWebhookEnvelope = z.infer<typeof avitoWebhookEnvelope>;

/** A chat message delivered by the webhook, in the CRM's terms. */
export interface AvitoInboundMessage {
  eventId: string;
  messageId: string;
  chatId: string;
  /** Our account (`user_id`). */
  accountId: number;
  authorId: number;
  /** Our own message coming back (sent from Avito's app or by the CRM): do not treat it as a lead. */
  isOwnEcho: boolean;
  /** text, image, voice…: `text` is null for every type but text (and link). */
  messageType: string;
  text: string | null;
  /** An image message: the URL of its largest size (`content.image.sizes`, "<w>x<h>" → URL). */
  imageUrl: string | null;
  chatType: string | null;
  /** The listing the chat is about, or null for `u2u`. */
  itemId: number | null;
  /** Unix seconds. */
  created: number;
}

/** The URL of the largest of an image's sizes, or null when there is none we can read. */
function largestImage(image: unknown): string | null {
  const sizes = (image as { sizes?: unknown } | undefined)?.sizes;
  if (!sizes || typeof sizes !== "object") return null;
  const area = (key: string) => key.split("x").reduce((a, b) => a * (Number(b) || 0), 1);
  const [best] = Object.entries(sizes as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1].startsWith("http"))
    .sort((a, b) => area(b[0]) - area(a[0]));
  return best?.[1] ?? null;
}

/** Message types that never belong in the inbox. */
const IGNORED_MESSAGE_TYPES = new Set(["system"]);

const isEmpty = (body: unknown) =>
  body === undefined ||
  body === null ||
  body === "" ||
  (typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0);

/**
 * Reads a parsed webhook body: the message it carries, `{ probe: true }` for the empty `{}` Avito sends
 * to check a new URL (answer it 200 at once), or null for anything else (other event kinds, system
 * messages, or a body that is not a v3 envelope; the receiver acknowledges those and logs them).
 */
export function describeWebhook(body: unknown): AvitoInboundMessage | { probe: true } | null {
  if (isEmpty(body)) return { probe: true };
  const envelope = avitoWebhookEnvelope.safeParse(body);
  if (!envelope.success || envelope.data.payload.type !== "message") return null;
  const value = avitoWebhookMessage.safeParse(envelope.data.payload.value);
  if (!value.success || IGNORED_MESSAGE_TYPES.has(value.data.type)) return null;
  const message = value.data;
  return {
    eventId: envelope.data.id,
    messageId: message.id,
    chatId: message.chat_id,
    accountId: message.user_id,
    authorId: message.author_id,
    isOwnEcho: message.author_id === message.user_id,
    messageType: message.type,
    text: message.content?.text ?? null,
    imageUrl: largestImage(message.content?.image),
    chatType: message.chat_type ?? null,
    // 0 is read as "no listing", like a missing item_id.
    itemId: message.item_id ? message.item_id : null,
    created: message.created,
  };
}
