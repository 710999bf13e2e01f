// Timeline events as sentences: which message, with which names and values, and the field changes with
// their old and new values. Formatting and translation come in through `Describe`, so this stays pure.
import type { CustomField } from "../../lib/session.ts";
import type { TimelineEvent } from "./api/types.ts";

export interface Describe {
  /** Translates a key of the deals namespace. */
  tr: (key: string) => string;
  money: (minor: number, currency: string) => string;
  date: (value: string) => string;
  dateTime: (value: string) => string;
  stage: (id: string) => string | undefined;
  pipeline: (id: string) => string | undefined;
  member: (id: string) => string | undefined;
  source: (id: string) => string | undefined;
  lossReason: (id: string) => string | undefined;
  customFields: CustomField[];
  /** The text of a note, the title of a task, while they are loaded. */
  note: (id: string) => string | undefined;
  task: (id: string) => string | undefined;
  /** The deal's currency, for amounts whose change does not say. */
  currency: string;
}

export interface Change {
  label: string;
  from: string;
  to: string;
}

export interface Described {
  /** A key of the deals namespace (`timeline.<kind>`) and its values. */
  key: string;
  params: Record<string, string>;
  changes: Change[];
  /** A note's text or a task's title shown under the line. */
  body?: string;
}

const EMPTY = "—";
/** Bookkeeping columns and the ones a separate event (stage, owner) already tells. */
const HIDDEN = new Set([
  "position",
  "stageEnteredAt",
  "stageId",
  "pipelineId",
  "status",
  "closedAt",
  "ownerId",
  "updatedAt",
  "updatedBy",
  "createdAt",
  "createdBy",
  "id",
  "workspaceId",
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function customValue(field: CustomField | undefined, value: unknown, d: Describe): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  switch (field?.type) {
    case "money":
      return typeof value === "number" ? d.money(value, "RUB") : String(value);
    case "date":
      return typeof value === "string" ? d.date(value) : String(value);
    case "boolean":
      return d.tr(value ? "values.yes" : "values.no");
    case "multiselect":
      return Array.isArray(value) ? value.join(", ") : String(value);
    default:
      return Array.isArray(value) ? value.join(", ") : String(value);
  }
}

/** A deal field's value as a person reads it. */
export function fieldValue(field: string, value: unknown, d: Describe, currency = d.currency): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  const id = str(value);
  switch (field) {
    case "amountMinor":
      return typeof value === "number" ? d.money(value, currency) : String(value);
    case "stageId":
      return (id && d.stage(id)) ?? EMPTY;
    case "pipelineId":
      return (id && d.pipeline(id)) ?? EMPTY;
    case "ownerId":
      return (id && d.member(id)) ?? d.tr("timeline.someone");
    case "sourceId":
      return (id && d.source(id)) ?? EMPTY;
    case "lossReasonId":
      return (id && d.lossReason(id)) ?? EMPTY;
    case "expectedCloseDate":
      return id ? d.date(id) : EMPTY;
    case "closedAt":
      return id ? d.dateTime(id) : EMPTY;
    case "status":
      return id ? d.tr(`status.${id}`) : EMPTY;
    default:
      if (Array.isArray(value)) return value.map(String).join(", ");
      return isObject(value) ? JSON.stringify(value) : String(value);
  }
}

/** The field-by-field changes of an `updated` event, custom fields by their labels. */
export function describeChanges(changes: unknown, d: Describe): Change[] {
  if (!isObject(changes)) return [];
  const out: Change[] = [];
  const currencyChange = isObject(changes.currency) ? changes.currency : null;
  for (const [field, change] of Object.entries(changes)) {
    if (HIDDEN.has(field) || !isObject(change)) continue;
    if (field === "customFields") {
      const from = isObject(change.from) ? change.from : {};
      const to = isObject(change.to) ? change.to : {};
      for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
        if (JSON.stringify(from[key]) === JSON.stringify(to[key])) continue;
        const def = d.customFields.find((f) => f.key === key);
        out.push({
          label: def?.label ?? key,
          from: customValue(def, from[key], d),
          to: customValue(def, to[key], d),
        });
      }
      continue;
    }
    const fromCurrency = str(currencyChange?.from) ?? d.currency;
    const toCurrency = str(currencyChange?.to) ?? d.currency;
    out.push({
      label: d.tr(`fields.${field}`),
      from: fieldValue(field, change.from, d, fromCurrency),
      to: fieldValue(field, change.to, d, toCurrency),
    });
  }
  return out;
}

const TASK_KINDS: Record<string, string> = {
  task_created: "timeline.taskCreated",
  task_completed: "timeline.taskCompleted",
  task_reopened: "timeline.taskReopened",
  task_updated: "timeline.taskUpdated",
  task_deleted: "timeline.taskDeleted",
};
const NOTE_KINDS: Record<string, string> = {
  note_created: "timeline.noteCreated",
  note_updated: "timeline.noteUpdated",
  note_deleted: "timeline.noteDeleted",
};

/** What one timeline event says; null for an event with nothing to show (an update of hidden fields). */
export function describeEvent(event: TimelineEvent, d: Describe): Described | null {
  const data = event.data ?? {};
  const stageOf = (side: unknown) => {
    const id = isObject(side) ? str(side.stageId) : undefined;
    return (id && d.stage(id)) ?? EMPTY;
  };
  switch (event.kind) {
    case "created":
      return { key: "timeline.created", params: {}, changes: [] };
    case "updated": {
      const changes = describeChanges(data.changes, d);
      return changes.length > 0 ? { key: "timeline.updated", params: {}, changes } : null;
    }
    case "stage_changed":
      return {
        key: "timeline.stageChanged",
        params: { from: stageOf(data.from), to: stageOf(data.to) },
        changes: [],
      };
    case "won":
      return { key: "timeline.won", params: { stage: stageOf(data.to) }, changes: [] };
    case "lost":
      return {
        key: "timeline.lost",
        params: { reason: fieldValue("lossReasonId", data.lossReasonId, d) },
        changes: [],
      };
    case "owner_changed":
      return {
        key: "timeline.ownerChanged",
        params: { from: fieldValue("ownerId", data.from, d), to: fieldValue("ownerId", data.to, d) },
        changes: [],
      };
    case "deleted":
      return { key: "timeline.deleted", params: {}, changes: [] };
    case "message_received":
      return { key: "timeline.messageReceived", params: {}, changes: [] };
    case "message_sent":
      return { key: "timeline.messageSent", params: {}, changes: [] };
    case "message_failed":
      return { key: "timeline.messageFailed", params: {}, changes: [] };
    default: {
      const id = str(data.id);
      const taskKey = TASK_KINDS[event.kind];
      if (taskKey) return { key: taskKey, params: {}, changes: [], body: id ? d.task(id) : undefined };
      const noteKey = NOTE_KINDS[event.kind];
      if (noteKey) {
        const body = event.kind === "note_deleted" || !id ? undefined : d.note(id);
        return { key: noteKey, params: {}, changes: [], body };
      }
      return { key: "timeline.other", params: { kind: event.kind }, changes: [] };
    }
  }
}
