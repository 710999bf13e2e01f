import { PassThrough } from "node:stream";
import { RESYNC_EVENT, RETRY_MS } from "../../../common/realtime.ts";
import type { EventHub, RealtimeEvent } from "../../platform/events.ts";
import type { Actor } from "../../platform/policy.ts";

export const HEARTBEAT_MS = 25_000;
// A client that reads this far behind is cut off; EventSource reconnects and the page refetches.
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** One SSE event block: the outbox id, the topic as the event name, the notice without its workspace. */
export function frameOf({ workspaceId: _w, ...data }: RealtimeEvent): string {
  return `id: ${data.id}\nevent: ${data.topic}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live stream of the actor's workspace: `retry:` first, then every event committed from now on, a
 * comment every `heartbeatMs` (so proxies keep the connection open), until the client goes away or the
 * node shuts down. Events carry ids only, so the workspace is the only filter needed here.
 */
export async function openEventStream(hub: EventHub, actor: Actor, heartbeatMs = HEARTBEAT_MS) {
  const stream = new PassThrough();
  const send = (text: string) => {
    if (stream.destroyed || stream.writableEnded) return;
    stream.write(text);
    if (stream.writableLength + stream.readableLength > MAX_BUFFERED_BYTES) stream.destroy();
  };
  const unsubscribe = await hub.subscribe(actor.workspaceId, {
    event: (event) => send(frameOf(event)),
    resync: () => send(`event: ${RESYNC_EVENT}\ndata: {}\n\n`),
    close: () => stream.end(),
  });
  const heartbeat = setInterval(() => send(": ping\n\n"), heartbeatMs);
  stream.once("close", () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  send(`retry: ${RETRY_MS}\n\n`);
  return stream;
}
