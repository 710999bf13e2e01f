import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Tx } from "../db/client.ts";
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

  const dispatchJob = defineJob({
    name: "outbox.dispatch",
    schema: z.object({ id: z.number().int() }),
    // Dispatch is idempotent per event, so events go in batches: a burst of writes does not queue up.
    batchSize: 20,
    handler: async ({ id }, { db }) => {
      await db.transaction(async (tx) => {
        const [event] = await tx
          .select()
          .from(outbox)
          .where(and(eq(outbox.id, id), isNull(outbox.dispatchedAt)))
          .for("update");
        if (!event) return; // already dispatched by an earlier attempt
        for (const s of subscribers) {
          if (topicMatches(s.pattern, event.topic)) await s.fn(tx, event);
        }
        await tx.update(outbox).set({ dispatchedAt: new Date() }).where(eq(outbox.id, id));
      });
    },
  });
  jobs.register(dispatchJob);

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
      await jobs.enqueue(tx, dispatchJob, { id });
      return id;
    },
  };
}
