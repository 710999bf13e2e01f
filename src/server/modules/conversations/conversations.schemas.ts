import { z } from "zod";
import { ref } from "../../../common/tasks.ts";
import { pageQuery } from "../../platform/pagination.ts";

const flag = z.enum(["true", "false"]).transform((v) => v === "true");

/**
 * Inbox filters. `unanswered`: the client's last message is newer than our last reply (or we never
 * replied); `unansweredMinutes` narrows it to those waiting longer than that, `overdue` to those waiting
 * longer than the workspace's setting. `mine`: assigned to me.
 */
export const conversationListQuery = pageQuery.extend({
  unread: flag.optional(),
  mine: flag.optional(),
  unanswered: flag.optional(),
  unansweredMinutes: z.coerce.number().int().min(1).max(525_600).optional(),
  /** Unanswered longer than the workspace's `unansweredMinutes` setting (`false`: everything else). */
  overdue: flag.optional(),
  channel: z.enum(["telegram", "whatsapp", "avito"]).optional(),
  integrationId: ref.optional(),
  contactId: ref.optional(),
  dealId: ref.optional(),
});
export type ConversationListQuery = z.infer<typeof conversationListQuery>;

export const conversationSchema = z
  .object({
    id: z.string(),
    integrationId: z.string(),
    externalChatId: z.string(),
    title: z.string(),
    channel: z.enum(["telegram", "whatsapp", "avito"]),
    integrationName: z.string(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    dealId: z.string().nullable(),
    dealTitle: z.string().nullable(),
    assigneeId: z.string().nullable(),
    unreadCount: z.number().int(),
    lastMessageAt: z.date().nullable(),
    lastInboundAt: z.date().nullable(),
    lastOutboundAt: z.date().nullable(),
    firstInboundAt: z.date().nullable(),
    firstResponseAt: z.date().nullable(),
    /** Seconds from the client's first message to our first reply; null until we replied. */
    firstResponseSeconds: z.number().nullable(),
    /** The client wrote last and waits for an answer. */
    unanswered: z.boolean(),
    /** Since when the client waits (their last message) while unanswered; null when we answered. */
    waitingSince: z.date().nullable(),
    /** Waiting longer than the workspace's `unansweredMinutes`. */
    overdue: z.boolean(),
    lastMessage: z
      .object({
        /** The first 200 characters. */
        text: z.string().nullable(),
        direction: z.enum(["inbound", "outbound"]),
        status: z.string(),
        createdAt: z.date(),
      })
      .nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "Conversation" });
export type ConversationView = z.infer<typeof conversationSchema>;

const messageTemplate = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(15),
  /** The body's placeholders {{1}}, {{2}}… in order. */
  params: z.array(z.string().trim().min(1).max(1024)).max(10),
});

export const messageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    direction: z.enum(["inbound", "outbound"]),
    externalId: z.string().nullable(),
    text: z.string().nullable(),
    /** Each file downloads through `GET …/messages/:messageId/media/:index` (index in this array). */
    media: z.array(
      z.object({
        kind: z.string(),
        /** The provider's file id; empty for a file we send until the provider took it. */
        fileId: z.string(),
        fileName: z.string().optional(),
        mimeType: z.string().optional(),
      }),
    ),
    /** A WhatsApp template this message was sent as. */
    template: messageTemplate.nullable(),
    status: z.enum(["received", "queued", "sent", "delivered", "read", "failed"]),
    /** Why it failed; while queued, the last attempt's error (it will be tried again). */
    error: z.string().nullable(),
    authorId: z.string().nullable(),
    createdAt: z.date(),
    sentAt: z.date().nullable(),
    deliveredAt: z.date().nullable(),
    readAt: z.date().nullable(),
  })
  .meta({ id: "Message" });

/** Newest first by default (`order=asc` for oldest first); `nextCursor` continues in the same order. */
export const messageListQuery = pageQuery;
export type MessageListQuery = z.infer<typeof messageListQuery>;

/** Only the fields given change; `null` unassigns or unlinks. */
export const conversationPatch = z.object({
  assigneeId: ref.nullable().optional(),
  dealId: ref.nullable().optional(),
});
export type ConversationPatch = z.infer<typeof conversationPatch>;

/**
 * A free-form text, or (WhatsApp, outside the 24-hour window) an approved template with its body
 * parameters. A file reply is a multipart body instead (`file`, optional `caption`): see FileReply.
 */
export const replyInput = z.union([
  z.object({ text: z.string().trim().min(1).max(4096) }).strict(),
  z
    .object({ template: messageTemplate.extend({ params: messageTemplate.shape.params.default([]) }) })
    .strict(),
]);
export type ReplyInput = z.infer<typeof replyInput>;

/** Telegram and WhatsApp take files up to 50 and 100 MB; 20 MB keeps the bytes kept in the database small. */
export const MAX_REPLY_FILE_BYTES = 20 * 1024 * 1024;
/** Telegram's caption limit (WhatsApp allows more). */
export const MAX_CAPTION_LENGTH = 1024;

/** One file with an optional caption, read from a multipart reply. */
export interface FileReply {
  file: { fileName: string; mimeType: string; bytes: Buffer };
  caption?: string;
}

export const mediaParams = z.object({
  id: z.string().min(1).max(64),
  messageId: z.string().min(1).max(64),
  index: z.coerce.number().int().min(0).max(99),
});
