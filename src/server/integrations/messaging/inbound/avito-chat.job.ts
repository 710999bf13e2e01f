// Avito's webhook names neither the buyer nor the listing, only ids. After a new chat is stored, this job
// asks Avito for the chat (`GET /messenger/v2/…/chats/{chat_id}`) and fills in what the manager needs
// to see: the listing's title as the conversation's title, the buyer's name on a contact that has none.
// A job, not a call in the receiver: Avito wants its 200 within 2 s, and the message is safe either way.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { contacts, conversations, messagingIntegrations } from "../../../db/schema/index.ts";
import { updateContact } from "../../../modules/contacts/contacts.service.ts";
import { emit } from "../../../modules/records/records.ts";
import { defineJob, type JobDefinition } from "../../../platform/jobs.ts";
import type { Platform } from "../../../platform/platform.ts";
import { systemActor } from "../../../platform/policy.ts";
import { clientsFor, openCredentials } from "../channels.ts";
import { nameOf } from "./contact-match.ts";

const payloadSchema = z.object({ workspaceId: z.string(), conversationId: z.string() });
export type AvitoChatJob = JobDefinition<z.infer<typeof payloadSchema>>;

export function avitoChatJob(platform: Platform): AvitoChatJob {
  return defineJob({
    name: "messaging.avito-chat",
    schema: payloadSchema,
    retry: { limit: 5, delaySeconds: 10 },
    expireInSeconds: 60,
    handler: (payload) => describeChat(platform, payload),
  });
}

async function describeChat(
  platform: Platform,
  { workspaceId, conversationId }: z.infer<typeof payloadSchema>,
) {
  const db = platform.database.db;
  const actor = systemActor(workspaceId);
  const [row] = await db
    .select({ conversation: conversations, integration: messagingIntegrations })
    .from(conversations)
    .innerJoin(
      messagingIntegrations,
      and(
        eq(messagingIntegrations.workspaceId, conversations.workspaceId),
        eq(messagingIntegrations.id, conversations.integrationId),
      ),
    )
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  if (row?.integration.platform !== "avito" || row.integration.status === "disconnected") return;
  const { conversation, integration } = row;
  const client = clientsFor(platform.config).avito(openCredentials(platform.secrets, "avito", integration));
  const accountId = Number(integration.account.accountId);
  const chat = await client.getChat({ accountId, chatId: conversation.externalChatId });

  const listing = chat.context?.value?.title?.trim().slice(0, 200);
  if (listing && listing !== conversation.title) {
    await db.transaction(async (tx) => {
      await tx
        .update(conversations)
        .set({ title: listing })
        .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
      await emit(tx, platform.outbox, actor, "conversation.updated", {
        id: conversationId,
        contactId: conversation.contactId,
        dealId: conversation.dealId,
      });
    });
  }

  const buyer = chat.users.find((u) => String(u.id) !== String(accountId))?.name?.trim();
  if (!buyer || !conversation.contactId) return;
  const [contact] = await db
    .select({ firstName: contacts.firstName, lastName: contacts.lastName })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, conversation.contactId)));
  // Only a nameless contact: a name a manager typed is never overwritten.
  if (!contact || contact.firstName || contact.lastName) return;
  const space = buyer.indexOf(" ");
  const name = nameOf({
    providerId: "",
    username: null,
    firstName: space < 0 ? buyer : buyer.slice(0, space),
    lastName: space < 0 ? null : buyer.slice(space + 1),
  });
  await updateContact({ db, outbox: platform.outbox }, actor, conversation.contactId, name);
}
