// The rules of the webhook endpoints: only owners and admins see or change subscriptions (their URLs
// and delivery logs are admin matters), a URL must pass the SSRF guard before it is stored, the signing
// secret is shown once and kept sealed, and a replay puts deliveries back in the durable queue.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { pipelines, webhookDeliveries, webhookIntegrations } from "../../db/schema/index.ts";
import { auditActor } from "../../platform/audit.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page } from "../../platform/pagination.ts";
import type { Platform } from "../../platform/platform.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { scheduleDelivery, sendTestDelivery } from "./delivery.ts";
import { checkWebhookUrl } from "./url-guard.ts";
import {
  type CreateWebhookInput,
  type DeliveryListQuery,
  type DeliveryView,
  type UpdateWebhookInput,
  WEBHOOK_SECRET_CONTEXT,
  type WebhookView,
} from "./webhooks.schemas.ts";

type WebhookRow = typeof webhookIntegrations.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const scoped = (actor: Actor, id: string) =>
  and(eq(webhookIntegrations.workspaceId, actor.workspaceId), eq(webhookIntegrations.id, id));

/** The subscription if it is the actor's workspace's, else 404 (another workspace's alike). */
async function findWebhook(executor: Executor, actor: Actor, id: string): Promise<WebhookRow> {
  const [row] = await executor.select().from(webhookIntegrations).where(scoped(actor, id));
  if (!row) throw notFound("Webhook");
  return row;
}

export async function listWebhooks(platform: Platform, actor: Actor): Promise<{ items: WebhookView[] }> {
  authorize(actor, "webhooks.manage");
  const rows = await platform.database.db
    .select()
    .from(webhookIntegrations)
    .where(eq(webhookIntegrations.workspaceId, actor.workspaceId))
    .orderBy(webhookIntegrations.createdAt, webhookIntegrations.id);
  return { items: rows.map(present) };
}

export async function getWebhook(platform: Platform, actor: Actor, id: string): Promise<WebhookView> {
  authorize(actor, "webhooks.manage");
  return present(await findWebhook(platform.database.db, actor, id));
}

/** Stores a subscription; its signing secret is in this answer and never again. */
export async function createWebhook(
  platform: Platform,
  actor: Actor,
  input: CreateWebhookInput,
): Promise<WebhookView & { secret: string }> {
  authorize(actor, "webhooks.manage");
  await checkInput(platform, actor, input);
  const secret = newSecret();
  const db = platform.database.db;
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookIntegrations)
      .values({
        workspaceId: actor.workspaceId,
        id: newId(),
        name: input.name,
        url: input.url,
        events: input.events,
        pipelineId: input.pipelineId,
        format: input.format,
        active: input.active,
        secret: platform.secrets.seal(secret, WEBHOOK_SECRET_CONTEXT),
        createdBy: actor.personId,
      })
      .returning();
    if (!created) throw new Error("the webhook was not stored");
    await auditActor(tx, actor, "webhook.created", created.id, auditData(created));
    return created;
  });
  return { ...present(row), secret };
}

export async function updateWebhook(
  platform: Platform,
  actor: Actor,
  id: string,
  input: UpdateWebhookInput,
): Promise<WebhookView> {
  authorize(actor, "webhooks.manage");
  const db = platform.database.db;
  const current = await findWebhook(db, actor, id);
  await checkInput(platform, actor, input);
  const changes: Partial<WebhookRow> = { ...input, updatedAt: new Date() };
  // Turning it back on is the admin saying the receiver is fixed: the failure streak starts over.
  if (input.active && !current.active) Object.assign(changes, { disabledReason: null, failingSince: null });
  return db.transaction(async (tx) => {
    const [updated] = await tx.update(webhookIntegrations).set(changes).where(scoped(actor, id)).returning();
    if (!updated) throw notFound("Webhook");
    await auditActor(tx, actor, "webhook.updated", id, { changed: Object.keys(input) });
    return present(updated);
  });
}

/** Deletes a subscription and its delivery log; pending deliveries are not sent. */
export async function deleteWebhook(platform: Platform, actor: Actor, id: string): Promise<void> {
  authorize(actor, "webhooks.manage");
  await platform.database.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(webhookIntegrations).where(scoped(actor, id)).returning();
    if (!deleted) throw notFound("Webhook");
    await auditActor(tx, actor, "webhook.deleted", id, auditData(deleted));
  });
}

/** A new signing secret; the old one signs nothing from now on (deliveries are signed at send time). */
export async function rotateSecret(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<{ secret: string }> {
  authorize(actor, "webhooks.manage");
  const secret = newSecret();
  await platform.database.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhookIntegrations)
      .set({ secret: platform.secrets.seal(secret, WEBHOOK_SECRET_CONTEXT), updatedAt: new Date() })
      .where(scoped(actor, id))
      .returning({ id: webhookIntegrations.id });
    if (!updated) throw notFound("Webhook");
    await auditActor(tx, actor, "webhook.secret_rotated", id);
  });
  return { secret };
}

/** Sends one signed `ping` now and reports what the receiver answered; nothing is stored. */
export async function testWebhook(platform: Platform, actor: Actor, id: string) {
  authorize(actor, "webhooks.manage");
  const row = await findWebhook(platform.database.db, actor, id);
  return sendTestDelivery(platform, row);
}

/** A subscription's deliveries, newest first, keyset-paginated. */
export async function listDeliveries(platform: Platform, actor: Actor, id: string, query: DeliveryListQuery) {
  authorize(actor, "webhooks.manage");
  const db = platform.database.db;
  await findWebhook(db, actor, id);
  const { where, orderBy, sortValue } = keyset(
    { expr: webhookDeliveries.createdAt, cast: "timestamptz" },
    webhookDeliveries.id,
    "desc",
    query.cursor,
  );
  const rows = await db
    .select({ delivery: webhookDeliveries, sortValue })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, actor.workspaceId),
        eq(webhookDeliveries.webhookId, id),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        where,
      ),
    )
    .orderBy(...orderBy)
    .limit(query.limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ id: r.delivery.id, sortValue: r.sortValue, delivery: r.delivery })),
    query.limit,
  );
  return { items: items.map((i) => presentDelivery(i.delivery)), nextCursor };
}

/**
 * Sends a finished delivery (succeeded or failed) again now: the same body, signed anew, with its
 * attempts kept. A pending one is already queued: sending it twice at once would only duplicate it.
 */
export async function replayDelivery(
  platform: Platform,
  actor: Actor,
  id: string,
  deliveryId: string,
): Promise<DeliveryView> {
  authorize(actor, "webhooks.manage");
  return platform.database.db.transaction(async (tx) => {
    requireActive(await findWebhook(tx, actor, id));
    const [current] = await tx
      .select({ status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .where(deliveryScoped(actor, id, deliveryId))
      .for("update");
    if (!current) throw notFound("Delivery");
    if (current.status === "pending") {
      throw new AppError("conflict", "This delivery is already waiting for its next attempt");
    }
    const [replayed] = await tx
      .update(webhookDeliveries)
      .set(backToPending)
      .where(deliveryScoped(actor, id, deliveryId))
      .returning();
    if (!replayed) throw notFound("Delivery");
    await scheduleDelivery(tx, platform, replayed);
    return presentDelivery(replayed);
  });
}

/** Sends every failed delivery of a subscription again now. */
export async function replayFailed(platform: Platform, actor: Actor, id: string): Promise<{ count: number }> {
  authorize(actor, "webhooks.manage");
  return platform.database.db.transaction(async (tx) => {
    requireActive(await findWebhook(tx, actor, id));
    const replayed = await tx
      .update(webhookDeliveries)
      .set(backToPending)
      .where(
        and(
          eq(webhookDeliveries.workspaceId, actor.workspaceId),
          eq(webhookDeliveries.webhookId, id),
          eq(webhookDeliveries.status, "failed"),
        ),
      )
      .returning({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id });
    for (const delivery of replayed) await scheduleDelivery(tx, platform, delivery);
    return { count: replayed.length };
  });
}

const backToPending = {
  status: "pending" as const,
  nextAttemptAt: sql`now()`,
  deliveredAt: null,
};

const deliveryScoped = (actor: Actor, webhookId: string, deliveryId: string) =>
  and(
    eq(webhookDeliveries.workspaceId, actor.workspaceId),
    eq(webhookDeliveries.webhookId, webhookId),
    eq(webhookDeliveries.id, deliveryId),
  );

// A disabled subscription sends nothing, so a replay would only wait forever: say so instead.
function requireActive(row: WebhookRow) {
  if (!row.active) {
    throw new AppError("conflict", "The webhook is inactive: activate it before replaying deliveries", {
      disabledReason: row.disabledReason,
    });
  }
}

/** The URL passes the SSRF guard and the pipeline is the workspace's own. */
async function checkInput(platform: Platform, actor: Actor, input: UpdateWebhookInput) {
  if (input.url !== undefined) {
    await checkWebhookUrl(input.url, { allowPrivate: platform.config.allowPrivateWebhooks });
  }
  if (input.pipelineId) {
    const [pipeline] = await platform.database.db
      .select({ id: pipelines.id })
      .from(pipelines)
      .where(and(eq(pipelines.workspaceId, actor.workspaceId), eq(pipelines.id, input.pipelineId)));
    if (!pipeline) throw notFound("Pipeline");
  }
}

/** `whsec_` and 32 random bytes, like the other signing secrets receivers already know. */
const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

// Only the host: a receiver's URL may carry its own token in the path or query.
const auditData = (row: WebhookRow) => ({ name: row.name, host: new URL(row.url).host, events: row.events });

function present(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events,
    pipelineId: row.pipelineId,
    format: row.format,
    active: row.active,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function presentDelivery(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    topic: row.topic,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastStatusCode: row.lastStatusCode,
    lastDurationMs: row.lastDurationMs,
    lastError: row.lastError,
    responseExcerpt: row.responseExcerpt,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
  };
}
