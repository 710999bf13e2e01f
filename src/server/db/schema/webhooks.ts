// Outgoing webhooks (subscriptions and their deliveries) and the stored answers of idempotent API calls.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { pipelines } from "./crm.ts";
import { workspaces } from "./identity.ts";

const at = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/** `json`: our envelope; `amocrm`: form-encoded like amoCRM's webhooks (`leads[status][0][id]=…`). */
export const webhookFormat = pgEnum("webhook_format", ["json", "amocrm"]);
/** `pending`: waiting for its next attempt; `succeeded`: a 2xx came back; `failed`: given up. */
export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);

export const webhookIntegrations = pgTable(
  "webhook_integrations",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    name: text("name").notNull().default(""),
    url: text("url").notNull(),
    /** Topics and patterns: `deal.created`, `contact.*`, `*`. */
    events: jsonb("events").$type<string[]>().notNull(),
    /** Deal events only from this pipeline (other events are not filtered). */
    pipelineId: text("pipeline_id"),
    format: webhookFormat("format").notNull().default("json"),
    /** Sealed (platform/crypto.ts): the signing key is needed in clear to sign, so it is not hashed. */
    secret: text("secret").notNull(),
    active: boolean("active").notNull().default(true),
    /** Why the CRM turned it off: 410 from the receiver, or failing for 3 days. */
    disabledReason: text("disabled_reason"),
    /** The first failed delivery since the last success: 3 days of this disable the subscription. */
    failingSince: at("failing_since"),
    createdBy: text("created_by"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "webhook_integrations_pkey", columns: [t.workspaceId, t.id] }),
    foreignKey({
      name: "webhook_integrations_pipeline_fk",
      columns: [t.workspaceId, t.pipelineId],
      foreignColumns: [pipelines.workspaceId, pipelines.id],
    }).onDelete("cascade"),
  ],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    webhookId: text("webhook_id").notNull(),
    /** The outbox event: `X-Flame-Event-Id`, the receiver's dedupe key. */
    eventId: bigint("event_id", { mode: "number" }).notNull(),
    topic: text("topic").notNull(),
    /** The exact body sent (a replay sends the same bytes, signed anew). */
    body: text("body").notNull(),
    contentType: text("content_type").notNull(),
    status: webhookDeliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastDurationMs: integer("last_duration_ms"),
    lastError: text("last_error"),
    /** The first 1 000 characters of the receiver's last answer. */
    responseExcerpt: text("response_excerpt"),
    createdAt: at("created_at").notNull().defaultNow(),
    deliveredAt: at("delivered_at"),
  },
  (t) => [
    primaryKey({ name: "webhook_deliveries_pkey", columns: [t.workspaceId, t.id] }),
    // One delivery per event and subscription: a redispatched event is not sent twice.
    unique("webhook_deliveries_event_key").on(t.workspaceId, t.webhookId, t.eventId),
    index("webhook_deliveries_log_idx").on(t.workspaceId, t.webhookId, t.createdAt, t.id),
    index("webhook_deliveries_failed_idx").on(t.workspaceId, t.webhookId).where(sql`${t.status} = 'failed'`),
    foreignKey({
      name: "webhook_deliveries_webhook_fk",
      columns: [t.workspaceId, t.webhookId],
      foreignColumns: [webhookIntegrations.workspaceId, webhookIntegrations.id],
    }).onDelete("cascade"),
  ],
);

/**
 * `Idempotency-Key` on POST: the first answer is kept for 24 hours per caller and key; the same key
 * with the same body gets it again, with another body a 422.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    workspaceId: workspaceId(),
    /** The API key or user that sent it: keys of different callers never collide. */
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    /** SHA-256 of the request body. */
    requestHash: text("request_hash").notNull(),
    /** Null while the first request is still running. */
    statusCode: integer("status_code"),
    responseBody: text("response_body"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.workspaceId, t.principal, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);
