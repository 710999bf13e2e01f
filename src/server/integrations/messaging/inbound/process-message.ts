// One inbound chat message, from any provider, into the CRM: conversation, message, contact, deal or
// Unsorted lead, and the events that update the timeline and the live inbox. All of it commits
// together or not at all, so a receiver may acknowledge the provider once this resolves.
import type { Tx } from "../../../db/client.ts";
import { type Deps, emit } from "../../../modules/records/records.ts";
import { type Actor, systemActor } from "../../../platform/policy.ts";
import { channelAssignee, channelSource } from "./channel-defaults.ts";
import { matchContact } from "./contact-match.ts";
import { applyEdit, insertMessage, lockConversation, touchConversation } from "./conversation-store.ts";
import { routeChat } from "./lead-routing.ts";
import type { InboundMessage, InboundOutcome } from "./types.ts";

/** Memoises an async lookup, so that defaults are resolved only when something is created, and once. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= fn();
    return value;
  };
}

/**
 * Processes one message in a transaction (a savepoint when `deps.db` is already one), on behalf of the
 * channel: the workspace is the integration's, never anything the provider sent. Idempotent on the
 * message's externalId: a redelivery answers `duplicate` and writes nothing.
 */
export function processInboundMessage(deps: Deps, input: InboundMessage): Promise<InboundOutcome> {
  const actor = systemActor(input.integration.workspaceId);
  return deps.db.transaction((tx) => processInTx({ db: tx, outbox: deps.outbox }, actor, input));
}

async function processInTx(deps: Deps & { db: Tx }, actor: Actor, input: InboundMessage) {
  const tx = deps.db;
  const { integration } = input;
  const { conversation, isNew } = await lockConversation(tx, actor, input);
  const ids = {
    conversationId: conversation.id,
    integrationId: integration.id,
    channel: integration.platform,
  };
  const outcome = (status: InboundOutcome["status"], messageId: string | null): InboundOutcome => ({
    status,
    conversationId: conversation.id,
    messageId,
    contactId: conversation.contactId,
    dealId: conversation.dealId,
    leadId: null,
    created: { conversation: isNew, contact: false, deal: false },
  });

  if (input.message.edited) {
    const edited = await applyEdit(tx, actor, input);
    if (edited === "unchanged") return outcome("duplicate", null);
    if (edited !== "missing") {
      await emit(tx, deps.outbox, actor, "message.edited", {
        id: edited.id,
        ...ids,
        contactId: conversation.contactId,
        dealId: conversation.dealId,
      });
      return outcome("edited", edited.id);
    }
    // An edit of a message we never received: what it says now is the message.
  }
  const message = await insertMessage(tx, actor, conversation, input);
  if (!message) return outcome("duplicate", null);

  const source = once(() => channelSource(tx, actor, integration));
  const assignee = once(() => channelAssignee(tx, actor, integration));
  const defaults = async () => ({ sourceId: await source(), ownerId: await assignee() });
  const contact = conversation.contactId
    ? { contactId: conversation.contactId, created: false }
    : await matchContact(deps, actor, {
        platform: integration.platform,
        sender: input.sender,
        autoCreate: integration.autoCreateContact,
        defaults,
      });
  const contactId = contact?.contactId ?? null;
  const routing = await routeChat(deps, actor, {
    input,
    conversation,
    isNew,
    message,
    contactId,
    contactIsNew: contact?.created ?? false,
    defaults,
  });
  await touchConversation(tx, actor, conversation, {
    title: input.chatTitle,
    sentAt: input.message.sentAt,
    contactId,
    dealId: routing.dealId,
    // A chat belongs to its deal's owner, else to whom the channel gives new chats (kept once set).
    assigneeId: routing.dealOwnerId ?? (isNew ? await assignee() : null),
  });
  // Ids only: the timeline and the live inbox read the message through the API, which checks access.
  await emit(tx, deps.outbox, actor, "message.received", {
    id: message.id,
    ...ids,
    contactId,
    dealId: routing.dealId,
  });
  return {
    ...outcome("stored", message.id),
    contactId,
    dealId: routing.dealId,
    leadId: routing.leadId,
    created: { conversation: isNew, contact: contact?.created ?? false, deal: routing.dealCreated },
  };
}
