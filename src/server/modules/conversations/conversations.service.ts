// The inbox: reading conversations and threads, marking read, assigning and linking a deal, replying.
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/client.ts";
import {
  conversations,
  dealContacts,
  deals,
  type MessageMedia,
  messageFiles,
  messages,
  messagingIntegrations,
} from "../../db/schema/index.ts";
import type { SendJob } from "../../integrations/messaging/outbound/send.job.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Outbox } from "../../platform/outbox.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { diff, emit, requireMember } from "../records/records.ts";
import { conversationVisibleTo, selectConversations, selectMessages } from "./conversations.queries.ts";
import type {
  ConversationListQuery,
  ConversationPatch,
  FileReply,
  MessageListQuery,
  ReplyInput,
} from "./conversations.schemas.ts";

export interface ConversationDeps {
  db: Db;
  outbox: Outbox;
  jobs: Jobs;
  sendJob: SendJob;
}

/** WhatsApp accepts free-form messages only this long after the client's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 3600_000;

/** The conversation row if the actor may see it, else 404 (another workspace's alike). */
export async function findConversation(executor: Executor, actor: Actor, id: string, lock = false) {
  const query = executor
    .select()
    .from(conversations)
    .where(and(conversationVisibleTo(actor), eq(conversations.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Conversation");
  return row;
}

export function listConversations(db: Db, actor: Actor, query: ConversationListQuery) {
  return selectConversations(db, actor, query).then(({ items, nextCursor }) => ({
    items: items.map((i) => i.view),
    nextCursor,
  }));
}

export async function getConversation(db: Executor, actor: Actor, id: string) {
  const { items } = await selectConversations(db, actor, { limit: 1, order: "desc" }, id);
  const view = items[0]?.view;
  if (!view) throw notFound("Conversation");
  return view;
}

export async function listMessages(db: Db, actor: Actor, id: string, query: MessageListQuery) {
  await findConversation(db, actor, id);
  return selectMessages(db, actor, id, query);
}

const idsOf = (c: typeof conversations.$inferSelect) => ({
  id: c.id,
  integrationId: c.integrationId,
  contactId: c.contactId,
  dealId: c.dealId,
});

export async function markRead({ db, outbox }: ConversationDeps, actor: Actor, id: string) {
  authorize(actor, "records.update");
  return db.transaction(async (tx) => {
    const row = await findConversation(tx, actor, id, true);
    if (row.unreadCount > 0) {
      await tx
        .update(conversations)
        .set({ unreadCount: 0 })
        .where(and(inWorkspace(actor, conversations), eq(conversations.id, id)));
      await emit(tx, outbox, actor, "conversation.read", idsOf(row));
    }
    return getConversation(tx, actor, id);
  });
}

/** The assignee must be a member; the deal one the actor sees and, when the chat has a contact, its deal. */
export async function updateConversation(
  { db, outbox }: ConversationDeps,
  actor: Actor,
  id: string,
  patch: ConversationPatch,
) {
  authorize(actor, "records.update");
  return db.transaction(async (tx) => {
    const before = await findConversation(tx, actor, id, true);
    await requireMember(tx, actor, patch.assigneeId, "Assignee");
    if (patch.dealId) {
      const sameContact = before.contactId
        ? sql`exists (select 1 from ${dealContacts} where ${dealContacts.workspaceId} = ${actor.workspaceId}
            and ${dealContacts.dealId} = ${deals.id} and ${dealContacts.contactId} = ${before.contactId})`
        : undefined;
      const [deal] = await tx
        .select({ id: deals.id })
        .from(deals)
        .where(and(visibleTo(actor, deals), eq(deals.id, patch.dealId), sameContact));
      if (!deal) throw notFound("Deal");
    }
    const set = {
      ...(patch.assigneeId !== undefined ? { assigneeId: patch.assigneeId } : {}),
      ...(patch.dealId !== undefined ? { dealId: patch.dealId } : {}),
    };
    if (Object.keys(set).length > 0) {
      const [after] = await tx
        .update(conversations)
        .set(set)
        .where(and(inWorkspace(actor, conversations), eq(conversations.id, id)))
        .returning();
      const changes = after ? diff(before, after) : {};
      if (after && Object.keys(changes).length > 0) {
        await emit(tx, outbox, actor, "conversation.updated", { ...idsOf(after), changes });
      }
    }
    // Read as the system would: handing the chat to someone else may hide it from a `own` actor.
    return getConversation(tx, { ...actor, visibility: "all" }, id);
  });
}

/** Images both Telegram (sendPhoto, 10 MB) and WhatsApp (image, 5 MB) show in the chat; anything else is a document. */
function mediaKind(file: FileReply["file"]): MessageMedia["kind"] {
  const showable = file.mimeType === "image/jpeg" || file.mimeType === "image/png";
  return showable && file.bytes.byteLength <= 5 * 1024 * 1024 ? "photo" : "document";
}

/**
 * Stores the reply as `queued` and enqueues its send in the same transaction; answers the message.
 * WhatsApp refuses free-form text and files 24 hours after the client's last message: 422 (a
 * template goes). A file is kept in `message_files` so a retried send can upload it again.
 */
export async function reply(deps: ConversationDeps, actor: Actor, id: string, input: ReplyInput | FileReply) {
  authorize(actor, "records.update");
  return deps.db.transaction(async (tx) => {
    const conversation = await findConversation(tx, actor, id, true);
    const [integration] = await tx
      .select()
      .from(messagingIntegrations)
      .where(
        and(
          inWorkspace(actor, messagingIntegrations),
          eq(messagingIntegrations.id, conversation.integrationId),
        ),
      );
    if (!integration) throw notFound("Conversation");
    if (integration.status === "disconnected") {
      throw new AppError("validation_failed", "This channel is disconnected: reconnect it to reply", {
        reason: "channel_disconnected",
      });
    }
    const template = "template" in input ? input.template : undefined;
    if (template && integration.platform !== "whatsapp") {
      throw new AppError("validation_failed", "Templates exist only in WhatsApp", { field: "template" });
    }
    const file = "file" in input ? input.file : undefined;
    if (file && integration.platform === "avito") {
      throw new AppError("validation_failed", "Files are not supported on Avito: send text", {
        field: "file",
        reason: "files_not_supported",
      });
    }
    const now = new Date();
    const windowOpen =
      conversation.lastInboundAt !== null &&
      now.getTime() - conversation.lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
    if (integration.platform === "whatsapp" && !template && !windowOpen) {
      throw new AppError(
        "validation_failed",
        "WhatsApp allows a free-form reply only within 24 hours of the client's last message. " +
          "Send an approved template instead, or wait for the client to write.",
        { reason: "whatsapp_window_closed", lastInboundAt: conversation.lastInboundAt },
      );
    }
    const media: MessageMedia[] = [];
    if (file) {
      const storedFileId = newId();
      await tx.insert(messageFiles).values({
        workspaceId: actor.workspaceId,
        id: storedFileId,
        conversationId: id,
        fileName: file.fileName,
        mimeType: file.mimeType,
        size: file.bytes.byteLength,
        content: file.bytes,
        createdBy: actor.personId,
        createdAt: now,
      });
      // fileId stays empty until the provider took the file (the send job records its id).
      const kind = mediaKind(file);
      media.push({ kind, fileId: "", fileName: file.fileName, mimeType: file.mimeType, storedFileId });
    }
    const [message] = await tx
      .insert(messages)
      .values({
        workspaceId: actor.workspaceId,
        id: newId(),
        conversationId: id,
        integrationId: integration.id,
        direction: "outbound",
        text: "text" in input ? input.text : "caption" in input ? (input.caption ?? null) : null,
        media,
        template: template ?? null,
        status: "queued",
        authorId: actor.personId,
        createdAt: now,
      })
      .returning();
    if (!message) throw notFound("Conversation");
    const at = sql`${now.toISOString()}::timestamptz`;
    await tx
      .update(conversations)
      .set({
        lastOutboundAt: at,
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at})`,
        // The response time counts from the client's first message; a chat we open has none.
        firstResponseAt: sql`coalesce(${conversations.firstResponseAt},
          case when ${conversations.firstInboundAt} is not null then ${at} end)`,
      })
      .where(and(inWorkspace(actor, conversations), eq(conversations.id, id)));
    // The template travels in the message row (`messages.template`), which the job reads.
    await deps.jobs.enqueue(tx, deps.sendJob, { workspaceId: actor.workspaceId, messageId: message.id });
    await emit(tx, deps.outbox, actor, "message.queued", {
      ...idsOf(conversation),
      id: message.id,
      conversationId: id,
    });
    const { workspaceId: _w, ...view } = message;
    return view;
  });
}
