// A Telegram update's facts (telegram/describe-update.ts) as the platform-neutral InboundMessage.
import type { MessageMedia } from "../../../db/schema/index.ts";
import type { IntegrationRow } from "../channels.ts";
import type { TelegramMedia, TelegramUpdateDescription } from "../telegram/describe-update.ts";
import type { InboundMessage } from "./types.ts";

const MEDIA_KIND: Record<TelegramMedia["kind"], MessageMedia["kind"]> = {
  photo: "photo",
  document: "document",
  voice: "voice",
  audio: "audio",
  video: "video",
  video_note: "video",
  sticker: "sticker",
};

function toMedia(media: TelegramMedia): MessageMedia {
  return {
    kind: MEDIA_KIND[media.kind],
    fileId: media.fileId,
    ...(media.fileName !== undefined && { fileName: media.fileName }),
    ...(media.mimeType !== undefined && { mimeType: media.mimeType }),
  };
}

/**
 * The message of a `message` or `edited_message` update, or null for one we do not take in: a
 * message from a bot (another bot in a group, never a client).
 */
export function telegramInbound(
  integration: IntegrationRow,
  d: TelegramUpdateDescription,
): InboundMessage | null {
  if (d.from.isBot) return null;
  const name = [d.from.firstName, d.from.lastName].filter(Boolean).join(" ");
  // A shared contact is the sender's own phone only when it names the sender (the "share my phone"
  // button); a contact card of someone else is just a message.
  const ownPhone = d.contact && d.contact.userId === d.from.id ? d.contact.phoneNumber : null;
  return {
    integration,
    externalChatId: String(d.chatId),
    chatTitle: d.chatTitle ?? (name || d.from.username || String(d.chatId)),
    sender: {
      providerId: String(d.from.id),
      firstName: d.from.firstName || null,
      lastName: d.from.lastName,
      username: d.from.username,
      // Telegram gives international numbers without the "+" (79161234567).
      phone: ownPhone && !ownPhone.startsWith("+") ? `+${ownPhone}` : ownPhone,
    },
    message: {
      // Message ids are unique per chat only; the chat id makes them unique per bot.
      externalId: `${d.chatId}:${d.messageId}`,
      text: d.text || d.contact?.phoneNumber || null,
      media: d.media ? [toMedia(d.media)] : [],
      sentAt: d.date,
      edited: d.kind === "edited_message",
    },
  };
}
