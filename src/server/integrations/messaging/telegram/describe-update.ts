// Turns a Telegram Update into the few facts the inbox needs, so that processing never walks Telegram's
// object tree itself.
import type { TelegramChatType, TelegramMessage, TelegramUpdate } from "./types.ts";

export type TelegramMediaKind = "photo" | "document" | "voice" | "audio" | "video" | "video_note" | "sticker";

export interface TelegramMedia {
  kind: TelegramMediaKind;
  /** For getFile; valid for this bot only. */
  fileId: string;
  /** Stable across bots: a key for deduplicating stored files. */
  fileUniqueId: string;
  fileName?: string;
  mimeType?: string;
  fileSize?: number;
}

export interface TelegramUpdateDescription {
  /** Telegram's event id: the idempotency key (unique per bot). */
  updateId: number;
  /** An edit repeats the original `messageId`: update the stored message instead of adding one. */
  kind: "message" | "edited_message";
  /** The conversation key; for a private chat it equals `from.id`. */
  chatId: number;
  chatType: TelegramChatType;
  /** Group, supergroup or channel title. */
  chatTitle: string | null;
  from: {
    id: number;
    isBot: boolean;
    firstName: string;
    lastName: string | null;
    username: string | null;
    languageCode: string | null;
  };
  messageId: number;
  /** The text, or the media caption; "" when there is neither. */
  text: string;
  media?: TelegramMedia;
  /** A phone number the user shared (a "share my contact" button). */
  contact?: { phoneNumber: string; firstName: string; lastName: string | null; userId: number | null };
  /** The message this one replies to, for threading a reply to the bot's own message. */
  replyToMessageId: number | null;
  /** When it was sent (an edit keeps the original date; see `editDate`). */
  date: Date;
  editDate: Date | null;
}

/**
 * The facts of a `message` or `edited_message` update, or null for the kinds we ignore
 * (callback_query, my_chat_member…) and for messages without a sender (channel posts).
 * A result with text "" and no media or contact is a message we do not read (a location, a poll, a
 * service message such as "joined the group"): processing decides whether to show a placeholder.
 */
export function describeUpdate(update: TelegramUpdate): TelegramUpdateDescription | null {
  const kind = update.message ? "message" : update.edited_message ? "edited_message" : null;
  const message = update.message ?? update.edited_message;
  if (!kind || !message?.from) return null;
  const { from, chat, contact } = message;
  return {
    updateId: update.update_id,
    kind,
    chatId: chat.id,
    chatType: chat.type,
    chatTitle: chat.title ?? null,
    from: {
      id: from.id,
      isBot: from.is_bot,
      firstName: from.first_name,
      lastName: from.last_name ?? null,
      username: from.username ?? null,
      languageCode: from.language_code ?? null,
    },
    messageId: message.message_id,
    text: message.text ?? message.caption ?? "",
    ...withMedia(message),
    ...(contact && {
      contact: {
        phoneNumber: contact.phone_number,
        firstName: contact.first_name,
        lastName: contact.last_name ?? null,
        userId: contact.user_id ?? null,
      },
    }),
    replyToMessageId: message.reply_to_message?.message_id ?? null,
    date: new Date(message.date * 1000),
    editDate: message.edit_date === undefined ? null : new Date(message.edit_date * 1000),
  };
}

/** The update's kind key (`message`, `callback_query`…), for logging what was ignored. */
export function updateKind(update: TelegramUpdate): string | undefined {
  return Object.keys(update).find((key) => key !== "update_id");
}

const FILE_KINDS = ["document", "voice", "audio", "video", "video_note", "sticker"] as const;

function withMedia(message: TelegramMessage): { media?: TelegramMedia } {
  // Sizes come smallest first; the last is the original resolution.
  const photo = message.photo?.at(-1);
  if (photo) {
    const media: TelegramMedia = { kind: "photo", fileId: photo.file_id, fileUniqueId: photo.file_unique_id };
    if (photo.file_size !== undefined) media.fileSize = photo.file_size;
    return { media };
  }
  for (const kind of FILE_KINDS) {
    const file = message[kind];
    if (!file) continue;
    const media: TelegramMedia = { kind, fileId: file.file_id, fileUniqueId: file.file_unique_id };
    if (file.file_name !== undefined) media.fileName = file.file_name;
    if (file.mime_type !== undefined) media.mimeType = file.mime_type;
    if (file.file_size !== undefined) media.fileSize = file.file_size;
    return { media };
  }
  return {};
}
