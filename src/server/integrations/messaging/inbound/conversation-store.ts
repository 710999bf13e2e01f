// The conversation and message rows of an inbound message. Written so that a provider redelivering
// the same event, or delivering two messages of one chat at once, can neither duplicate nor race.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client.ts";
import { conversations, messages } from "../../../db/schema/index.ts";
import { newId } from "../../../platform/ids.ts";
import type { Actor } from "../../../platform/policy.ts";
import { inWorkspace } from "../../../platform/scope.ts";
import type { InboundMessage } from "./types.ts";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/**
 * The chat's conversation, created if new, and locked until the transaction ends: messages of one
 * chat are processed one at a time (contact and deal decisions see the previous message's result).
 */
export async function lockConversation(
  tx: Tx,
  actor: Actor,
  input: InboundMessage,
): Promise<{ conversation: ConversationRow; isNew: boolean }> {
  const [inserted] = await tx
    .insert(conversations)
    .values({
      workspaceId: actor.workspaceId,
      id: newId(),
      integrationId: input.integration.id,
      externalChatId: input.externalChatId,
      title: input.chatTitle,
      listingId: input.listingId ?? null,
    })
    // A concurrent first message of the same chat waits here for our commit, then finds our row.
    .onConflictDoNothing()
    .returning();
  if (inserted) return { conversation: inserted, isNew: true };
  const [existing] = await tx
    .select()
    .from(conversations)
    .where(
      and(
        inWorkspace(actor, conversations),
        eq(conversations.integrationId, input.integration.id),
        eq(conversations.externalChatId, input.externalChatId),
      ),
    )
    .for("update");
  if (!existing) throw new Error("conversation vanished between insert and select");
  return { conversation: existing, isNew: false };
}

/** Stores the inbound message; null when this integration already has a message with its externalId. */
export async function insertMessage(
  tx: Tx,
  actor: Actor,
  conversation: ConversationRow,
  input: InboundMessage,
): Promise<MessageRow | null> {
  const [row] = await tx
    .insert(messages)
    .values({
      workspaceId: actor.workspaceId,
      id: newId(),
      conversationId: conversation.id,
      integrationId: input.integration.id,
      direction: "inbound",
      externalId: input.message.externalId,
      text: input.message.text,
      media: input.message.media,
      status: "received",
      sentAt: input.message.sentAt,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/**
 * Applies an edit to the stored message. `missing` when we never stored the original (it is then
 * stored as a new message); `unchanged` for a redelivered edit.
 */
export async function applyEdit(
  tx: Tx,
  actor: Actor,
  input: InboundMessage,
): Promise<MessageRow | "missing" | "unchanged"> {
  const which = and(
    inWorkspace(actor, messages),
    eq(messages.integrationId, input.integration.id),
    eq(messages.externalId, input.message.externalId),
  ) as SQL;
  const media = JSON.stringify(input.message.media);
  const [row] = await tx
    .update(messages)
    .set({ text: input.message.text, media: input.message.media })
    .where(
      and(
        which,
        sql`(${messages.text} is distinct from ${input.message.text} or ${messages.media} <> ${media}::jsonb)`,
      ),
    )
    .returning();
  if (row) return row;
  const [exists] = await tx.select({ id: messages.id }).from(messages).where(which);
  return exists ? "unchanged" : "missing";
}

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** Counts the new message as unread and moves the conversation's times; links what was matched. */
export async function touchConversation(
  tx: Tx,
  actor: Actor,
  conversation: ConversationRow,
  update: {
    title: string;
    sentAt: Date;
    contactId: string | null;
    dealId: string | null;
    assigneeId: string | null;
  },
) {
  // greatest/least skip nulls, and keep the order right when a provider redelivers an old message late.
  await tx
    .update(conversations)
    .set({
      title: update.title,
      contactId: update.contactId,
      dealId: update.dealId,
      assigneeId: conversation.assigneeId ?? update.assigneeId,
      unreadCount: sql`${conversations.unreadCount} + 1`,
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at(update.sentAt)})`,
      lastInboundAt: sql`greatest(${conversations.lastInboundAt}, ${at(update.sentAt)})`,
      firstInboundAt: sql`least(${conversations.firstInboundAt}, ${at(update.sentAt)})`,
    })
    .where(and(inWorkspace(actor, conversations), eq(conversations.id, conversation.id)));
}
