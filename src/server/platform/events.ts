// Realtime fan-out: domain events reach every app node through PostgreSQL NOTIFY on one channel; each
// node LISTENs once and hands each event to the SSE streams of its workspace. See docs/realtime.md.
import { type SQL, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import { type LiveEventData, liveEventData } from "../../common/realtime.ts";
import type { Database } from "../db/client.ts";
import type { Unlisten } from "../db/listen.ts";
import { AppError } from "./errors.ts";
import type { DomainEvent } from "./outbox.ts";

export const EVENTS_CHANNEL = "flame_events";

/** What travels through NOTIFY: ids only, far below PostgreSQL's 8000-byte payload limit. */
export type RealtimeEvent = LiveEventData & { workspaceId: string };

const notice = liveEventData.extend({ workspaceId: z.string().min(1).max(200) });

/** A short id-like string from a payload, or nothing (record contents never go out). */
function idIn(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= 200 ? value : undefined;
}

function objectIn(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/**
 * The realtime notice of a domain event with outbox id `id`: its topic, the record it is about and, for
 * deals, the pipeline and stage after the change. Null for platform events, which belong to no workspace.
 */
export function realtimeEventOf(event: DomainEvent, id: number): RealtimeEvent | null {
  if (!event.workspaceId) return null;
  const record = objectIn(event.payload.record);
  const to = objectIn(event.payload.to);
  // Absent values are left out by JSON.stringify.
  return {
    workspaceId: event.workspaceId,
    topic: event.topic,
    id,
    entity: event.topic.includes(".") ? event.topic.split(".")[0] : undefined,
    recordId: idIn(event.payload.id) ?? idIn(record.id),
    pipelineId: idIn(to.pipelineId) ?? idIn(record.pipelineId),
    stageId: idIn(to.stageId) ?? idIn(record.stageId),
  };
}

/**
 * The expression that publishes an event, with its outbox id from `id` (the event's own id is replaced);
 * run in the event's transaction, it is delivered on commit.
 */
export function notifySql(event: RealtimeEvent, id: SQL): SQL {
  return sql`pg_notify(${EVENTS_CHANNEL}, jsonb_set(${JSON.stringify(event)}::jsonb, '{id}', to_jsonb(${id}))::text)`;
}

function parseNotice(payload: string): RealtimeEvent | null {
  try {
    const parsed = notice.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One SSE stream's side of the hub. */
export interface EventSubscriber {
  event(event: RealtimeEvent): void;
  /** Events may have been missed (the LISTEN connection was restored): refetch everything. */
  resync(): void;
  /** The node is shutting down: end the stream, the client reconnects elsewhere. */
  close(): void;
}

export type EventHub = ReturnType<typeof createEventHub>;

/**
 * One LISTEN per process, opened with the first subscriber and kept until `stop`; every notice goes to
 * the subscribers of its workspace only.
 */
export function createEventHub(database: Database, log: FastifyBaseLogger) {
  const byWorkspace = new Map<string, Set<EventSubscriber>>();
  let listening: Promise<Unlisten> | null = null;
  let stopped = false;

  const each = (subscribers: Iterable<EventSubscriber>, fn: (s: EventSubscriber) => void) => {
    for (const s of subscribers) {
      try {
        fn(s);
      } catch (err) {
        log.warn({ err }, "an event subscriber failed");
      }
    }
  };

  const deliver = (payload: string) => {
    const event = parseNotice(payload);
    if (!event) {
      log.warn({ channel: EVENTS_CHANNEL }, "ignored a malformed realtime notification");
      return;
    }
    const subscribers = byWorkspace.get(event.workspaceId);
    if (subscribers) each(subscribers, (s) => s.event(event));
  };

  const all = () => [...byWorkspace.values()].flatMap((set) => [...set]);

  return {
    /** Adds a subscriber once the node listens (so nothing committed after this resolves is missed). */
    async subscribe(workspaceId: string, subscriber: EventSubscriber): Promise<() => void> {
      if (stopped) throw new AppError("unavailable", "The server is shutting down");
      listening ??= database.listen(EVENTS_CHANNEL, deliver, {
        onReconnect: () => {
          log.info("realtime LISTEN restored; clients are told to resync");
          each(all(), (s) => s.resync());
        },
      });
      try {
        await listening;
      } catch (err) {
        listening = null; // the next subscriber tries again
        throw err;
      }
      const set = byWorkspace.get(workspaceId) ?? new Set<EventSubscriber>();
      byWorkspace.set(workspaceId, set);
      set.add(subscriber);
      return () => {
        set.delete(subscriber);
        if (set.size === 0 && byWorkspace.get(workspaceId) === set) byWorkspace.delete(workspaceId);
      };
    },
    /** Open streams on this node. */
    size: () => all().length,
    /** Ends every stream and stops listening. */
    async stop() {
      stopped = true;
      each(all(), (s) => s.close());
      byWorkspace.clear();
      const unlisten = await listening?.catch(() => null);
      listening = null;
      await unlisten?.();
    },
  };
}
