import type { Tx } from "../../db/client.ts";
import { type OutboxEvent, type RecordType, timelineEvents } from "../../db/schema/index.ts";
import type { Outbox } from "../../platform/outbox.ts";

type Row = typeof timelineEvents.$inferInsert;
interface Payload {
  id?: string;
  actor?: { userId?: string | null; apiKeyId?: string | null };
  occurredAt?: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
  contactId?: string | null;
  companyId?: string | null;
  dealId?: string | null;
  [key: string]: unknown;
}

const RECORDS: Record<string, RecordType> = { contact: "contact", company: "company", deal: "deal" };
/** Chat messages that show on the conversation's contact and deal; queued, delivered and read do not. */
const MESSAGE_TOPICS = new Set(["message.received", "message.sent", "message.failed"]);

/** The timeline rows one domain event makes: on the record itself, or on each record a task or note is linked to. */
export function timelineRows(event: OutboxEvent): Row[] {
  if (!event.workspaceId) return [];
  const payload = event.payload as Payload;
  const [entity, verb] = event.topic.split(".") as [string, string];
  const base = {
    workspaceId: event.workspaceId,
    actorUserId: payload.actor?.userId ?? null,
    actorApiKeyId: payload.actor?.apiKeyId ?? null,
    occurredAt: new Date(payload.occurredAt ?? event.createdAt),
    outboxId: event.id,
  };
  const { actor: _a, occurredAt: _o, record: _r, ...data } = payload;
  const recordType = RECORDS[entity];
  if (recordType && payload.id) {
    const rows: Row[] = [{ ...base, recordType, recordId: payload.id, kind: verb, data }];
    const owner = payload.changes?.ownerId;
    if (verb === "updated" && owner)
      rows.push({ ...base, recordType, recordId: payload.id, kind: "owner_changed", data: owner });
    return rows;
  }
  // Tasks and notes, and chat messages received, sent or failed, show on each record they are linked to.
  if (entity === "task" || entity === "note" || MESSAGE_TOPICS.has(event.topic)) {
    const links: [RecordType, string | null | undefined][] = [
      ["contact", payload.contactId],
      ["company", payload.companyId],
      ["deal", payload.dealId],
    ];
    return links
      .filter((l): l is [RecordType, string] => Boolean(l[1]))
      .map(([type, recordId]) => ({ ...base, recordType: type, recordId, kind: `${entity}_${verb}`, data }));
  }
  return [];
}

/** Writes every record-related event to the timeline, once even if the event is dispatched twice. */
export function subscribeTimeline(outbox: Outbox) {
  outbox.subscribe("*", async (tx: Tx, event) => {
    const rows = timelineRows(event);
    if (rows.length > 0) await tx.insert(timelineEvents).values(rows).onConflictDoNothing();
  });
}
