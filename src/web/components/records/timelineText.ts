// What a timeline entry says: its kind as a text key, the fields a change touched, an owner change.

export interface TimelineEvent {
  id: string;
  recordType: "contact" | "company" | "deal";
  recordId: string;
  kind: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  data: Record<string, unknown>;
  occurredAt: string;
}

/** Timeline kinds → keys of `records.timeline.kinds`. */
const KINDS: Record<string, string> = {
  created: "created",
  updated: "updated",
  deleted: "deleted",
  merged: "merged",
  owner_changed: "ownerChanged",
  note_created: "noteCreated",
  note_updated: "noteUpdated",
  note_deleted: "noteDeleted",
  task_created: "taskCreated",
  task_updated: "taskUpdated",
  task_completed: "taskCompleted",
  task_reopened: "taskReopened",
  task_deleted: "taskDeleted",
  message_received: "messageReceived",
  message_sent: "messageSent",
  message_failed: "messageFailed",
};

/** Bookkeeping columns every change touches; the owner has its own entry (`owner_changed`). */
const NOT_SHOWN = new Set(["updatedAt", "updatedBy", "createdAt", "createdBy", "ownerId"]);

export interface EventText {
  /** Key under `records.timeline.kinds`, or null for a kind this app does not know (shown as is). */
  key: string | null;
  /** For a change: the fields it touched (record field names). */
  fields: string[];
  /** For an owner change: user ids (null: nobody). */
  from?: string | null;
  to?: string | null;
}

const idOrNull = (value: unknown) => (typeof value === "string" ? value : null);

/** How to show one entry, or null when it says nothing the person should read (a bookkeeping-only change). */
export function describeEvent(event: Pick<TimelineEvent, "kind" | "data">): EventText | null {
  const key = KINDS[event.kind] ?? null;
  if (event.kind === "updated") {
    const changes = event.data.changes;
    const fields =
      changes && typeof changes === "object" ? Object.keys(changes).filter((f) => !NOT_SHOWN.has(f)) : [];
    return fields.length > 0 ? { key, fields } : null;
  }
  if (event.kind === "owner_changed")
    return { key, fields: [], from: idOrNull(event.data.from), to: idOrNull(event.data.to) };
  return { key, fields: [] };
}
