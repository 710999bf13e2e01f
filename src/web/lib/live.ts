// Live updates: one EventSource per tab on GET /api/events (fed by PostgreSQL LISTEN/NOTIFY, so events
// from any server node arrive). Events carry ids only; pages refetch through the API, which applies
// visibility. Reconnects by itself (the server sends `retry:`).
import { useEffect, useRef } from "react";

export interface LiveEvent {
  /** The outbox id. */
  id: number;
  topic: string;
  entity?: string;
  recordId?: string;
  pipelineId?: string;
  stageId?: string;
}

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;

function onMessage(message: MessageEvent<string>) {
  let data: LiveEvent;
  try {
    data = { ...(JSON.parse(message.data) as Omit<LiveEvent, "topic">), topic: message.type };
  } catch {
    return;
  }
  for (const listener of listeners) listener(data);
}

/** The topics the server emits (SSE event names); a new topic must be added here to reach pages. */
const TOPICS = [
  "message",
  "resync",
  "company.created",
  "company.deleted",
  "company.merged",
  "company.updated",
  "contact.created",
  "contact.deleted",
  "contact.merged",
  "contact.updated",
  "conversation.read",
  "conversation.updated",
  "deal.created",
  "deal.deleted",
  "deal.lost",
  "deal.stage_changed",
  "deal.updated",
  "deal.won",
  "import.finished",
  "import.progress",
  "lead.accepted",
  "lead.declined",
  "lead.linked",
  "lead.unsorted",
  "message.delivered",
  "message.edited",
  "message.failed",
  "message.queued",
  "message.read",
  "message.received",
  "message.sent",
  "note.created",
  "note.deleted",
  "note.updated",
  "task.completed",
  "task.created",
  "task.deleted",
  "task.reopened",
  "task.updated",
];

function connect() {
  if (source || typeof EventSource === "undefined") return;
  source = new EventSource("/api/events");
  // Events missed while disconnected are not replayed: after a reconnect every page refetches.
  let opened = false;
  source.addEventListener("open", () => {
    if (opened) for (const listener of listeners) listener({ id: 0, topic: "resync" });
    opened = true;
  });
  // Named SSE events reach only listeners registered for their name; `message` catches unnamed ones.
  for (const topic of TOPICS) source.addEventListener(topic, onMessage as EventListener);
}

function disconnectWhenUnused() {
  if (listeners.size === 0 && source) {
    source.close();
    source = null;
  }
}

/** The stream belongs to the active workspace: after switching, open a new one. */
export function reconnectLiveEvents() {
  source?.close();
  source = null;
  if (listeners.size > 0) connect();
}

/** Calls `onEvent` for each live event whose topic starts with one of `prefixes` ("deal." or "*"), and on `resync`. */
export function useLiveEvents(prefixes: string[], onEvent: Listener) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = prefixes.join(",");
  useEffect(() => {
    const wanted = key.split(",");
    const listener: Listener = (event) => {
      // `resync`: the server may have missed events, so everyone refetches.
      if (event.topic === "resync" || wanted.some((p) => p === "*" || event.topic.startsWith(p))) {
        handler.current(event);
      }
    };
    listeners.add(listener);
    connect();
    return () => {
      listeners.delete(listener);
      disconnectWhenUnused();
    };
  }, [key]);
}
