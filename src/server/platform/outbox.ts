import { and, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { z } from "zod";
import { type Executor, queryRows, type Tx } from "../db/client.ts";
import { type OutboxEvent, outbox } from "../db/schema/index.ts";
import { notifySql, realtimeEventOf } from "./events.ts";
import { defineJob, type Jobs } from "./jobs.ts";

export interface DomainEvent {
  topic: string;
  workspaceId: string | null;
  payload: Record<string, unknown>;
}

/** Reacts to a dispatched event inside the dispatch transaction, typically by enqueueing its own job. */
export type Subscriber = (tx: Tx, event: OutboxEvent) => Promise<void>;

/** `deal.*` matches `deal.created`; `*` matches everything. */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}

export type Outbox = ReturnType<typeof createOutbox>;

/**
 * Domain events are written to the `outbox` table in the transaction of the change, together with a
 * dispatch job. The job hands the event to every matching subscriber and marks it dispatched, in one
 * transaction: a crash anywhere leaves the event either undispatched (and retried) or fully dispatched.
 */
export function createOutbox(jobs: Jobs) {
  const subscribers: { pattern: string; fn: Subscriber }[] = [];

  /** The undispatched events named by `ids` and, unless `alone`, the other events of their transactions. */
  const pending = (tx: Executor, ids: number[], alone = false) => {
    const sameTx = tx
      .select({ txId: outbox.txId })
      .from(outbox)
      .where(and(inArray(outbox.id, ids), isNotNull(outbox.txId)));
    const which = alone ? inArray(outbox.id, ids) : or(inArray(outbox.id, ids), inArray(outbox.txId, sameTx));
    return tx
      .select()
      .from(outbox)
      .where(and(isNull(outbox.dispatchedAt), which))
      .orderBy(outbox.id);
  };

  /** Hands events to their subscribers and marks them dispatched, in the caller's transaction. */
  const dispatch = async (tx: Tx, ids: number[], alone = false) => {
    const events = await pending(tx, ids, alone).for("update");
    if (events.length === 0) return; // already dispatched by an earlier attempt
    for (const event of events) {
      for (const s of subscribers) {
        if (topicMatches(s.pattern, event.topic)) await s.fn(tx, event);
      }
    }
    const done = events.map((e) => e.id);
    await tx.update(outbox).set({ dispatchedAt: new Date() }).where(inArray(outbox.id, done));
  };

  const dispatchJob = defineJob({
    name: "outbox.dispatch",
    schema: z.object({ id: z.number().int() }),
    // Dispatch is idempotent per event, so events go in batches, in one transaction: a burst of writes
    // (three events per inbound message) costs a few statements per event, not a transaction each.
    batchSize: 50,
    handler: async ({ id }, { db }) => db.transaction((tx) => dispatch(tx, [id])),
    batchHandler: async (payloads, { db, log }) => {
      const ids = payloads.map((p) => p.id);
      try {
        await db.transaction((tx) => dispatch(tx, ids));
      } catch (err) {
        // One event's subscriber failed: the others must not wait for it. Each in its own transaction;
        // the failures make the batch fail, and its retry finds the rest dispatched already.
        log.warn({ err, events: ids.length }, "an outbox batch failed; dispatching its events one by one");
        const failed: unknown[] = [];
        for (const { id } of await pending(db, ids)) {
          await db.transaction((tx) => dispatch(tx, [id], true)).catch((e: unknown) => failed.push(e));
        }
        if (failed.length > 0) throw failed[0];
      }
    },
  });
  jobs.register(dispatchJob);
  // The transactions that have enqueued their dispatch job already (see emit).
  const enqueued = new WeakSet<Tx>();

  return {
    subscribe(pattern: string, fn: Subscriber) {
      subscribers.push({ pattern, fn });
    },
    /**
     * Records an event in the caller's transaction; it is dispatched only if that transaction commits.
     * A NOTIFY in the same transaction tells every app node's live streams, also only on commit.
     */
    async emit(tx: Tx, event: DomainEvent): Promise<number> {
      const live = realtimeEventOf(event, 0);
      // One round trip for the row and its live notice (which needs the row's id): a burst of messages
      // emits three events each.
      const [row] = live
        ? await queryRows<{ id: number }>(
            tx,
            sql`with inserted as (
                  insert into ${outbox} (workspace_id, topic, payload)
                  values (${event.workspaceId}, ${event.topic}, ${JSON.stringify(event.payload)}::jsonb)
                  returning id)
                select id, ${notifySql(live, sql`inserted.id`)} from inserted`,
          )
        : await tx.insert(outbox).values(event).returning({ id: outbox.id });
      if (!row) throw new Error("outbox insert returned no row");
      const id = Number(row.id);
      // One job per transaction dispatches all of its events (they share `tx_id`). A nested transaction
      // is another object and enqueues its own job, which then finds nothing left or its own events.
      if (!enqueued.has(tx)) {
        await jobs.enqueue(tx, dispatchJob, { id });
        // Only a transaction: outside one every statement is its own transaction.
        if (tx instanceof PgTransaction) enqueued.add(tx);
      }
      return id;
    },
  };
}
