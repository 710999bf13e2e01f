import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Transactional outbox: domain events written in the same transaction as the change that caused
 * them, then dispatched to subscribers (webhooks, realtime, timeline) by a job. `workspace_id` is
 * null only for platform events that belong to no workspace.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id"),
    topic: text("topic").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    /** The writing transaction: one dispatch job hands on all of its events. */
    txId: bigint("tx_id", { mode: "number" }).default(sql`txid_current()`),
  },
  (t) => [
    index("outbox_pending_idx").on(t.id).where(sql`${t.dispatchedAt} is null`),
    index("outbox_pending_tx_idx").on(t.txId).where(sql`${t.dispatchedAt} is null`),
  ],
);

export type OutboxEvent = typeof outbox.$inferSelect;
