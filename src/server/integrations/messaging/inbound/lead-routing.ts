// Where a chat goes in the sales process: the deal it already has while that deal is open; else, when
// the channel creates deals, the contact's open deal in the channel's pipeline or a new one in its
// first stage; else, for a chat's first message, the Unsorted inbox.
import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.ts";
import { dealContacts, deals, type LeadContact } from "../../../db/schema/index.ts";
import { createDeal } from "../../../modules/deals/deals.service.ts";
import type { Deps } from "../../../modules/records/records.ts";
import { createUnsortedLead } from "../../../modules/unsorted/unsorted.service.ts";
import type { Actor } from "../../../platform/policy.ts";
import { inWorkspace } from "../../../platform/scope.ts";
import { channelPipeline } from "./channel-defaults.ts";
import { nameOf, phoneOf, providerFields } from "./contact-match.ts";
import type { ConversationRow, MessageRow } from "./conversation-store.ts";
import type { InboundMessage } from "./types.ts";

const LABEL = { telegram: "Telegram", whatsapp: "WhatsApp", avito: "Авито" } as const;

/** "Telegram: Ольга Смирнова": the title of the deal or lead a chat starts. */
export function leadTitle(input: InboundMessage) {
  const { firstName, lastName } = nameOf(input.sender);
  const who =
    [firstName, lastName].filter(Boolean).join(" ") ||
    phoneOf(input.sender) ||
    input.chatTitle ||
    input.externalChatId;
  return `${LABEL[input.integration.platform]}: ${who}`.slice(0, 500);
}

export interface RoutingInput {
  input: InboundMessage;
  conversation: ConversationRow;
  isNew: boolean;
  message: MessageRow;
  contactId: string | null;
  /** Made by this message: it has no deals yet. */
  contactIsNew: boolean;
  /** Resolved only when something is created. */
  defaults: () => Promise<{ sourceId: string | null; ownerId: string | null }>;
}

export interface Routing {
  dealId: string | null;
  /** The owner of the deal the chat was linked to (the conversation's assignee when it has none). */
  dealOwnerId: string | null;
  dealCreated: boolean;
  leadId: string | null;
}

async function dealState(tx: Tx, actor: Actor, dealId: string) {
  const [deal] = await tx
    .select({ id: deals.id, status: deals.status, ownerId: deals.ownerId })
    .from(deals)
    .where(and(inWorkspace(actor, deals), eq(deals.id, dealId)));
  return deal ?? null;
}

/** The contact's newest open deal in the pipeline. */
async function openDealOf(tx: Tx, actor: Actor, contactId: string, pipelineId: string) {
  const [deal] = await tx
    .select({ id: deals.id, ownerId: deals.ownerId })
    .from(dealContacts)
    .innerJoin(deals, and(eq(deals.workspaceId, dealContacts.workspaceId), eq(deals.id, dealContacts.dealId)))
    .where(
      and(
        inWorkspace(actor, dealContacts),
        eq(dealContacts.contactId, contactId),
        eq(deals.pipelineId, pipelineId),
        eq(deals.status, "open"),
      ),
    )
    .orderBy(desc(deals.createdAt))
    .limit(1);
  return deal ?? null;
}

export async function routeChat(deps: Deps & { db: Tx }, actor: Actor, r: RoutingInput): Promise<Routing> {
  const tx = deps.db;
  const { integration } = r.input;
  const none: Routing = { dealId: null, dealOwnerId: null, dealCreated: false, leadId: null };
  const current = r.conversation.dealId ? await dealState(tx, actor, r.conversation.dealId) : null;
  // An open deal keeps its chat; a closed one keeps it too unless the channel starts a new deal.
  if (current && (current.status === "open" || !integration.autoCreateDeal)) {
    return { ...none, dealId: current.id, dealOwnerId: current.ownerId };
  }
  const target =
    integration.autoCreateDeal && r.contactId ? await channelPipeline(tx, actor, integration) : null;
  if (target && r.contactId) {
    const open = r.contactIsNew ? null : await openDealOf(tx, actor, r.contactId, target.pipelineId);
    if (open) return { ...none, dealId: open.id, dealOwnerId: open.ownerId };
    const { sourceId, ownerId } = await r.defaults();
    const deal = await createDeal(deps, actor, {
      title: leadTitle(r.input),
      pipelineId: target.pipelineId,
      stageId: target.stageId,
      sourceId,
      ownerId,
      contactIds: [r.contactId],
      ...listingUtm(r.input),
    });
    return { ...none, dealId: deal.id, dealOwnerId: deal.ownerId, dealCreated: true };
  }
  if (!r.isNew || !integration.unsortedForNewChats) return { ...none, dealId: current?.id ?? null };
  const { sourceId } = await r.defaults();
  const lead = await createUnsortedLead(deps, actor, {
    channel: integration.platform,
    sourceId: sourceId ?? undefined,
    title: leadTitle(r.input),
    contact: leadContact(r.input),
    // Accepting the lead with `contactId` (when one was matched or made) avoids a second contact.
    payload: {
      ...(r.input.listingId && { utm_source: "avito", utm_campaign: r.input.listingId }),
      integrationId: integration.id,
      conversationId: r.conversation.id,
      contactId: r.contactId,
      message: {
        id: r.message.id,
        externalId: r.message.externalId,
        text: r.message.text,
        media: r.message.media,
        sentAt: r.message.sentAt?.toISOString() ?? null,
      },
    },
  });
  return { ...none, leadId: lead.id };
}

/**
 * An Avito chat about a listing: the deal carries the listing id as its `utm_campaign`, which is what
 * the listing's advertising spend is matched by (docs/analytics.md).
 */
function listingUtm(input: InboundMessage) {
  return input.listingId ? { utmSource: "avito", utmCampaign: input.listingId } : {};
}

/** The person as an Unsorted lead describes them (the same checks as contacts: E.164, ids). */
function leadContact(input: InboundMessage): LeadContact {
  const { firstName, lastName } = nameOf(input.sender);
  const name = [firstName, lastName].filter(Boolean).join(" ");
  const phone = phoneOf(input.sender);
  const ids = providerFields(input.integration.platform, input.sender);
  return {
    ...(name && { name }),
    ...(phone && { phone }),
    ...(ids.telegramId && { telegramId: ids.telegramId }),
    ...(ids.telegramUsername && { telegramUsername: ids.telegramUsername }),
    ...(ids.whatsappId && { whatsappId: ids.whatsappId }),
    ...(ids.avitoUserId && { avitoUserId: ids.avitoUserId }),
  };
}
