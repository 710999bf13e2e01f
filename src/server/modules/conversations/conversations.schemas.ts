import { z } from "zod";
import { ref } from "../../../common/tasks.ts";
import { pageQuery } from "../../platform/pagination.ts";

const flag = z.enum(["true", "false"]).transform((v) => v === "true");

/**
 * Inbox filters. `unanswered`: the client's last message is newer than our last reply (or we never
 * replied); `unansweredMinutes` narrows it to those waiting longer than that. `mine`: assigned to me.
 */
export const conversationListQuery = pageQuery.extend({
  unread: flag.optional(),
  mine: flag.optional(),
  unanswered: flag.optional(),
  unansweredMinutes: z.coerce.number().int().min(1).max(525_600).optional(),
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

export const messageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    direction: z.enum(["inbound", "outbound"]),
    externalId: z.string().nullable(),
    text: z.string().nullable(),
    media: z.array(
      z.object({
        kind: z.string(),
        fileId: z.string(),
        fileName: z.string().optional(),
        mimeType: z.string().optional(),
      }),
    ),
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

/** A free-form text, or (WhatsApp, outside the 24-hour window) an approved template. */
export const replyInput = z.union([
  z.object({ text: z.string().trim().min(1).max(4096) }).strict(),
  z
    .object({
      template: z.object({
        name: z.string().min(1).max(512),
        language: z.string().min(2).max(15),
      }),
    })
    .strict(),
]);
export type ReplyInput = z.infer<typeof replyInput>;
