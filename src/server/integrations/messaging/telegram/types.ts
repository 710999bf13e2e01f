// The Telegram Bot API objects Flame CRM reads, as zod schemas so that what arrives from Telegram (an
// API result or a webhook body) is checked once at the edge. Only the fields we use are declared; the
// objects are loose, because the Bot API only ever adds fields (Bot API 7.x, 8.x, 9.x…).
// Reference: core.telegram.org/bots/api (and ../shared/PROTOCOLS.md, section 1).
import { z } from "zod";

/** Ids of users and chats fit in 52 bits: a JS number holds them exactly (store them as int8/bigint). */
const id = z.number().int();

/** A user or a bot (`getMe`, `message.from`). */
export const telegramUserSchema = z.looseObject({
  id,
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  /** IETF language tag of the user's client, e.g. "ru". */
  language_code: z.string().optional(),
});
export type TelegramUser = z.infer<typeof telegramUserSchema>;

export const telegramChatTypes = ["private", "group", "supergroup", "channel"] as const;
export type TelegramChatType = (typeof telegramChatTypes)[number];

/** A chat. Private chat ids equal the user id; group ids are negative, supergroup ids start at -100…. */
export const telegramChatSchema = z.looseObject({
  id,
  type: z.enum(telegramChatTypes),
  /** Groups, supergroups and channels. */
  title: z.string().optional(),
  /** Private chats. */
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
export type TelegramChat = z.infer<typeof telegramChatSchema>;

/** One size of a photo; a message's `photo` lists the sizes, smallest first. */
export const telegramPhotoSizeSchema = z.looseObject({
  /** Use it with getFile; valid for this bot only. */
  file_id: z.string(),
  /** Stable across bots and time, cannot be used to download. */
  file_unique_id: z.string(),
  width: z.number(),
  height: z.number(),
  file_size: z.number().optional(),
});
export type TelegramPhotoSize = z.infer<typeof telegramPhotoSizeSchema>;

/** Document, voice, audio, video, video note, animation and sticker share these fields. */
export const telegramFileObjectSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().optional(),
  /** Voice, audio, video: seconds. */
  duration: z.number().optional(),
});
export type TelegramFileObject = z.infer<typeof telegramFileObjectSchema>;

/** A phone number shared by the user (a "share my contact" button): how a bot learns a lead's phone. */
export const telegramContactSchema = z.looseObject({
  phone_number: z.string(),
  first_name: z.string(),
  last_name: z.string().optional(),
  user_id: id.optional(),
});
export type TelegramContact = z.infer<typeof telegramContactSchema>;

/** A message; `from` is absent in channels. `date`/`edit_date` are Unix seconds. */
export const telegramMessageSchema = z.looseObject({
  message_id: z.number().int(),
  from: telegramUserSchema.optional(),
  chat: telegramChatSchema,
  date: z.number().int(),
  edit_date: z.number().int().optional(),
  /** 1–4096 characters. */
  text: z.string().optional(),
  /** The text of a photo, document, audio, video or voice message (0–1024 characters). */
  caption: z.string().optional(),
  photo: z.array(telegramPhotoSizeSchema).optional(),
  document: telegramFileObjectSchema.optional(),
  voice: telegramFileObjectSchema.optional(),
  audio: telegramFileObjectSchema.optional(),
  video: telegramFileObjectSchema.optional(),
  video_note: telegramFileObjectSchema.optional(),
  sticker: telegramFileObjectSchema.optional(),
  contact: telegramContactSchema.optional(),
  /** The message this one answers (not itself nested further). */
  reply_to_message: z.looseObject({ message_id: z.number().int() }).optional(),
});
export type TelegramMessage = z.infer<typeof telegramMessageSchema>;

/**
 * An incoming update: `update_id` plus exactly one kind key (`message`, `edited_message`,
 * `callback_query`, `my_chat_member`…). We read `message` and `edited_message`; other kinds pass
 * through unchecked. `update_id`s increase: use them to deduplicate and as the polling offset.
 */
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int(),
  message: telegramMessageSchema.optional(),
  edited_message: telegramMessageSchema.optional(),
});
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

/** The update kinds Flame CRM asks for (setWebhook / getUpdates `allowed_updates`). */
export const TELEGRAM_ALLOWED_UPDATES = ["message", "edited_message"] as const;

/** getWebhookInfo's result. `url` is "" when no webhook is set (the bot polls, or nothing). */
export const telegramWebhookInfoSchema = z.looseObject({
  url: z.string(),
  has_custom_certificate: z.boolean(),
  pending_update_count: z.number().int(),
  ip_address: z.string().optional(),
  /** Unix seconds of the last failed delivery, with Telegram's reason. */
  last_error_date: z.number().int().optional(),
  last_error_message: z.string().optional(),
  max_connections: z.number().int().optional(),
  allowed_updates: z.array(z.string()).optional(),
});
export type TelegramWebhookInfo = z.infer<typeof telegramWebhookInfoSchema>;

/** getFile's result; `file_path` (valid for at least an hour) is what the download URL needs. */
export const telegramFileSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string(),
  file_size: z.number().optional(),
  file_path: z.string().optional(),
});
export type TelegramFile = z.infer<typeof telegramFileSchema>;

/** An update as it arrives, before it is checked: only `update_id` is relied on. */
export type TelegramRawUpdate = { update_id: number } & Record<string, unknown>;

/**
 * Checks one update (a webhook POST body, or one item of getUpdates): null when it is not an Update
 * or a `message`/`edited_message` in it does not have the shape we read.
 */
export function parseUpdate(body: unknown): TelegramUpdate | null {
  const parsed = telegramUpdateSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}
