// The live events of GET /api/events (Server-Sent Events); shared with the web app. See docs/realtime.md.
import { z } from "zod";

const id = z.string().min(1).max(200);

/**
 * The `data:` of one SSE event, named by its topic (`event: deal.created`) and numbered by its outbox id
 * (`id: 42`). Ids only, never record contents: a client refetches through the API, which applies
 * visibility.
 */
export const liveEventData = z.object({
  topic: z.string().min(1).max(200),
  /** The outbox id, increasing with time (not strictly in commit order). */
  id: z.number().int(),
  /** The topic's first part: deal, contact, company, task, note, lead, import… */
  entity: z.string().max(100).optional(),
  /** The record the event is about. */
  recordId: id.optional(),
  /** Deals: the pipeline and stage the deal is in after the change. */
  pipelineId: id.optional(),
  stageId: id.optional(),
});
export type LiveEventData = z.infer<typeof liveEventData>;

/**
 * Sent (as `event: resync`, `data: {}`) when the server's own subscription to the database was broken
 * and restored: events may have been missed, so a client refetches what it shows.
 */
export const RESYNC_EVENT = "resync";

/** The reconnection delay the stream asks of EventSource, in milliseconds. */
export const RETRY_MS = 3000;
