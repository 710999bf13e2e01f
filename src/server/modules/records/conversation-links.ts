import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { conversations } from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";

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
