// Delivery statuses of the messages we sent over WhatsApp. Meta delivers them at least once and in any
// order, so a status only ever moves a message forward: queued → sent → delivered → read, or failed
// before it was read. A late "delivered" after "read" changes nothing.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client.ts";
import { conversations, messages } from "../../../db/schema/index.ts";
import { emit } from "../../../modules/records/records.ts";
import type { Outbox } from "../../../platform/outbox.ts";
import type { Actor } from "../../../platform/policy.ts";
import { inWorkspace } from "../../../platform/scope.ts";
import type { DescribedError, DescribedStatus } from "../whatsapp/describe.ts";
import type { WhatsAppStatusKind } from "../whatsapp/webhook.ts";

type MessageStatus = (typeof messages.$inferSelect)["status"];

/** The statuses a message may be in for each reported status to apply: only earlier ones. */
const MOVES_FROM: Record<WhatsAppStatusKind, MessageStatus[]> = {
  sent: ["queued"],
  delivered: ["queued", "sent"],
  read: ["queued", "sent", "delivered"],
  failed: ["queued", "sent", "delivered"],
};

/** "(#131047) Re-engagement message: More than 24 hours have passed…": what the manager is shown. */
export function failureText(error: DescribedError | undefined): string {
  if (!error) return "WhatsApp reported the message as failed";
  const title = error.title ?? error.message;
  const parts = [title, error.details && error.details !== title ? error.details : undefined];
  return `(#${error.code}) ${parts.filter(Boolean).join(": ") || "failed"}`.slice(0, 1000);
}

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Applies one status to the outbound message with that wamid and announces it (`message.delivered`,
 * `message.read`, `message.failed`: the open thread follows without a reload). False when nothing
 * changed: an unknown id (a message sent outside the CRM, or another integration's), a repeat, or a
 * step backwards.
 */
export async function applyWhatsAppStatus(
  { db, outbox }: { db: Tx; outbox: Outbox },
  actor: Actor,
  integrationId: string,
  status: DescribedStatus,
): Promise<boolean> {
  const ts = at(status.timestamp);
  // A later step implies the earlier ones: a "read" that overtook "delivered" fills deliveredAt too.
  const times = {
    sentAt: sql`coalesce(${messages.sentAt}, ${ts})`,
    ...(status.status === "delivered" && { deliveredAt: ts }),
    ...(status.status === "read" && {
      deliveredAt: sql`coalesce(${messages.deliveredAt}, ${ts})`,
      readAt: ts,
    }),
  };
  const rows = await db
    .update(messages)
    .set({
      status: status.status,
      ...(status.status === "failed" ? { error: failureText(status.error) } : times),
    })
    .where(
      and(
        inWorkspace(actor, messages),
        eq(messages.integrationId, integrationId),
        eq(messages.direction, "outbound"),
        eq(messages.externalId, status.id),
        inArray(messages.status, MOVES_FROM[status.status]),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  for (const row of rows) {
    // The contact and deal too, as the send job's events carry: a failure goes to their timelines.
    const [links] = await db
      .select({ contactId: conversations.contactId, dealId: conversations.dealId })
      .from(conversations)
      .where(and(inWorkspace(actor, conversations), eq(conversations.id, row.conversationId)));
    await emit(db, outbox, actor, `message.${status.status}`, { ...row, integrationId, ...links });
  }
  return rows.length > 0;
}
