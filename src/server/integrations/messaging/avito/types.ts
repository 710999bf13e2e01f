// The Avito messenger and account objects the CRM reads, with only the fields it uses. Field names are
// Avito's own. Ids are read tolerantly (a number, or digits in a string) because client models in the
// wild disagree on their JSON type.
import { z } from "zod";

/** An Avito numeric id (account, user, listing). */
export const avitoId = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

/** `GET /core/v1/accounts/self`: the account the credentials belong to; `id` is the `user_id` of paths. */
export const avitoAccount = z.object({
  id: avitoId,
  name: z.string().default(""),
  email: z.string().optional(),
  profile_url: z.string().optional(),
});
export type AvitoAccount = z.infer<typeof avitoAccount>;

/** `text` for text; `image`, `link`, `item`, `location`, `call`, `voice`, `file`… carry their own keys. */
export const avitoContent = z.looseObject({ text: z.string().optional() });

/** One message of a chat (`GET /messenger/v3/…/messages/`, a chat's `last_message`). */
export const avitoMessage = z.object({
  id: z.string(),
  author_id: avitoId,
  /** Unix seconds. */
  created: z.number(),
  /** text, image, link, item, location, call, voice, file, video, deleted, system, appCall. */
  type: z.string(),
  /** `out` for messages of our account. */
  direction: z.string(),
  content: avitoContent.default({}),
  is_read: z.boolean().optional(),
  /** Unix seconds when the other side read it, or null. */
  read: z.number().nullable().optional(),
});
export type AvitoMessage = z.infer<typeof avitoMessage>;

/**
 * A chat (`GET /messenger/v2/accounts/{user_id}/chats[/{chat_id}]`). The shape comes from the swagger
 * models (PROTOCOLS.md gives only the paths): `context.value` is the listing of a `u2i` chat.
 */
export const avitoChat = z.object({
  /** `u2i-…` for a chat about a listing, `u2u-…` between users. */
  id: z.string(),
  created: z.number().optional(),
  updated: z.number().optional(),
  context: z
    .object({
      type: z.string(),
      value: z
        .object({
          id: avitoId.optional(),
          title: z.string().optional(),
          url: z.string().optional(),
          price_string: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  /** Both sides of the chat, our account included. */
  users: z.array(z.object({ id: avitoId, name: z.string().optional() })).default([]),
  last_message: avitoMessage.optional(),
});
export type AvitoChat = z.infer<typeof avitoChat>;

export const avitoChats = z.object({ chats: z.array(avitoChat) });

/**
 * `GET /messenger/v3/…/messages/`: the published schema says a bare array; the live API is reported to
 * wrap it as `{messages, meta:{has_more}}`. Both are read.
 */
export const avitoMessagePage = z.union([
  z.array(avitoMessage).transform((messages) => ({ messages, hasMore: undefined })),
  z
    .object({ messages: z.array(avitoMessage), meta: z.object({ has_more: z.boolean() }).optional() })
    .transform((page) => ({ messages: page.messages, hasMore: page.meta?.has_more })),
]);

/** `POST /messenger/v1/…/messages`: the message as Avito stored it. */
export const avitoSentMessage = z.object({
  id: z.string(),
  created: z.number(),
  type: z.string(),
  direction: z.string().optional(),
  content: avitoContent.default({}),
});
export type AvitoSentMessage = z.infer<typeof avitoSentMessage>;

/** `{"ok":true}` of read, subscribe and unsubscribe; an empty body is accepted as the same. */
export const avitoOk = z.preprocess((body) => body ?? { ok: true }, z.object({ ok: z.boolean() }));

/** `POST /messenger/v1/subscriptions`. */
export const avitoSubscriptions = z.object({
  subscriptions: z.array(z.object({ url: z.string(), version: z.string().optional() })),
});
export type AvitoSubscription = z.infer<typeof avitoSubscriptions>["subscriptions"][number];
