// From the outbox to webhook deliveries: in the dispatch transaction, one delivery per matching active
// subscription, with its body built now (later changes to the record do not alter what is sent).
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { companies, contacts, deals, webhookDeliveries, webhookIntegrations } from "../../db/schema/index.ts";
import { newId } from "../../platform/ids.ts";
import { topicMatches } from "../../platform/outbox.ts";
import type { Platform } from "../../platform/platform.ts";
import { amocrmBody, amocrmSupports } from "./amocrm.ts";
import { enqueueAttempt, FORM, JSON_TYPE } from "./delivery.ts";
import { WEBHOOK_TOPICS } from "./webhooks.schemas.ts";

type Payload = Record<string, unknown>;
type Subscription = Pick<typeof webhookIntegrations.$inferSelect, "id" | "events" | "pipelineId" | "format">;

/** Only the catalogue is sent: `*` does not mean internal events (import progress, read receipts). */
const TOPICS = new Set<string>(WEBHOOK_TOPICS);

/** The pipeline an event names: the deal's record, its new stage, or a pipeline change. */
export function pipelineOf(payload: Payload): string | undefined {
  const record = payload.record as Payload | undefined;
  const to = payload.to as Payload | undefined;
  const changes = payload.changes as Record<string, { to?: unknown }> | undefined;
  const found = record?.pipelineId ?? to?.pipelineId ?? payload.pipelineId ?? changes?.pipelineId?.to;
  return typeof found === "string" ? found : undefined;
}

export function subscribeWebhooks(platform: Platform) {
  // The active subscriptions per workspace, read once per dispatch transaction (a batch of events).
  const cache = new WeakMap<Tx, Map<string, Promise<Subscription[]>>>();
  const subscriptionsOf = (tx: Tx, workspaceId: string) => {
    const byWorkspace = cache.get(tx) ?? new Map<string, Promise<Subscription[]>>();
    cache.set(tx, byWorkspace);
    let rows = byWorkspace.get(workspaceId);
    if (!rows) {
      rows = tx
        .select({
          id: webhookIntegrations.id,
          events: webhookIntegrations.events,
          pipelineId: webhookIntegrations.pipelineId,
          format: webhookIntegrations.format,
        })
        .from(webhookIntegrations)
        .where(and(eq(webhookIntegrations.workspaceId, workspaceId), eq(webhookIntegrations.active, true)));
      byWorkspace.set(workspaceId, rows);
    }
    return rows;
  };

  platform.outbox.subscribe("*", async (tx, event) => {
    const workspaceId = event.workspaceId;
    if (!workspaceId || !TOPICS.has(event.topic)) return;
    const matching = (await subscriptionsOf(tx, workspaceId)).filter((s) =>
      s.events.some((pattern) => topicMatches(pattern, event.topic)),
    );
    if (matching.length === 0) return;
    const payload = event.payload as Payload;
    const entity = event.topic.split(".")[0] ?? "";
    const id = typeof payload.id === "string" ? payload.id : null;

    // The deal's pipeline, when a subscription filters on it and the event does not say (deal.updated).
    let pipelineId = entity === "deal" ? pipelineOf(payload) : undefined;
    if (entity === "deal" && !pipelineId && id && matching.some((s) => s.pipelineId)) {
      pipelineId = (await currentRecord(tx, workspaceId, "deal", id))?.pipelineId as string | undefined;
    }
    const wanted = matching.filter(
      (s) => !s.pipelineId || entity !== "deal" || !pipelineId || s.pipelineId === pipelineId,
    );

    let json: string | null = null;
    let form: string | null | undefined;
    const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
    for (const s of wanted) {
      let body: string | null;
      if (s.format === "amocrm") {
        if (!amocrmSupports(event.topic)) continue;
        if (form === undefined) {
          const record =
            (payload.record as Payload | undefined) ??
            (id ? await currentRecord(tx, workspaceId, entity, id) : null);
          form = amocrmBody(event.topic, payload, record ?? null, workspaceId);
        }
        body = form;
      } else {
        json ??= JSON.stringify({
          id: event.id,
          event: event.topic,
          createdAt: event.createdAt.toISOString(),
          workspaceId,
          data: payload,
        });
        body = json;
      }
      if (body === null) continue;
      rows.push({
        workspaceId,
        id: newId(),
        webhookId: s.id,
        eventId: event.id,
        topic: event.topic,
        body,
        contentType: s.format === "amocrm" ? FORM : JSON_TYPE,
        nextAttemptAt: new Date(),
      });
    }
    if (rows.length === 0) return;
    // A redispatched event finds its deliveries made already.
    const created = await tx
      .insert(webhookDeliveries)
      .values(rows)
      .onConflictDoNothing()
      .returning({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id });
    for (const delivery of created) await enqueueAttempt(tx, platform, delivery, null);
  });
}

/** A deal, contact or company as it is now (for events that carry only its id). */
async function currentRecord(
  tx: Tx,
  workspaceId: string,
  entity: string,
  id: string,
): Promise<Payload | null> {
  const table =
    entity === "deal" ? deals : entity === "contact" ? contacts : entity === "company" ? companies : null;
  if (!table) return null;
  const [row] = await tx
    .select()
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), inArray(table.id, [id])));
  return (row as Payload | undefined) ?? null;
}
