import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { conversations } from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { type Deps, emit } from "./records.ts";

// The conversation foreign keys have no ON DELETE action: a composite SET NULL would also null
// workspace_id. So the services that delete or merge contacts and deals re-point conversations first,
// in their own transaction; the chat and its messages stay in the inbox.

/** Unlinks the conversations of contacts or deals that are about to be deleted. */
export async function detachConversations(tx: Tx, actor: Actor, from: "contact" | "deal", ids: string[]) {
  if (ids.length === 0) return;
  const column = from === "contact" ? conversations.contactId : conversations.dealId;
  await tx
    .update(conversations)
    .set(from === "contact" ? { contactId: null } : { dealId: null })
    .where(and(eq(conversations.workspaceId, actor.workspaceId), inArray(column, ids)));
}

/** Moves a merged contact's conversations to the contact that survives the merge. */
export async function moveContactConversations(tx: Tx, actor: Actor, fromId: string, toId: string) {
  await tx
    .update(conversations)
    .set({ contactId: toId })
    .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.contactId, fromId)));
}

/**
 * An Unsorted lead made from a chat was accepted or linked: its conversation now belongs to that deal
 * (and to the contact, if it had none), so the chat shows in the deal card.
 */
export async function linkLeadConversation(
  deps: Deps & { db: Tx },
  actor: Actor,
  payload: Record<string, unknown>,
  to: { contactId: string | null; dealId: string | null },
) {
  const { conversationId } = payload;
  if (typeof conversationId !== "string" || (!to.contactId && !to.dealId)) return;
  const [row] = await deps.db
    .update(conversations)
    .set({
      ...(to.dealId && { dealId: to.dealId }),
      ...(to.contactId && { contactId: sql`coalesce(${conversations.contactId}, ${to.contactId})` }),
    })
    .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, conversationId)))
    .returning({ id: conversations.id, contactId: conversations.contactId, dealId: conversations.dealId });
  if (row) await emit(deps.db, deps.outbox, actor, "conversation.updated", row);
}
