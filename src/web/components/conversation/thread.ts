// Pure helpers of a conversation thread: day groups, status labels, the WhatsApp window refusal.
import { ApiError } from "../../lib/api.ts";
import type { Message, MessageStatus } from "./api.ts";

export interface DayGroup<T> {
  /** The local calendar day, YYYY-MM-DD. */
  day: string;
  items: T[];
}

const pad = (n: number) => String(n).padStart(2, "0");
/** The local calendar day of a timestamp, YYYY-MM-DD. */
export function dayOf(value: string | Date): string {
  const d = new Date(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Splits messages (already in display order) into runs of the same local day, keeping the order. */
export function groupByDay<T extends { createdAt: string }>(items: T[]): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const day = dayOf(item.createdAt);
    const last = groups.at(-1);
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}

/** The messages of newest-first pages, oldest first, without duplicates (a page may shift while reading). */
export function chronological(pages: { items: Message[] }[]): Message[] {
  const seen = new Set<string>();
  const out: Message[] = [];
  for (const page of pages) {
    for (const message of page.items) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      out.push(message);
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** The i18n key (namespace `inbox`) of a message status. */
export function statusKey(status: MessageStatus): string {
  switch (status) {
    case "received":
      return "status.received";
    case "queued":
      return "status.queued";
    case "sent":
      return "status.sent";
    case "delivered":
      return "status.delivered";
    case "read":
      return "status.read";
    case "failed":
      return "status.failed";
  }
}

/** A Mantine colour for a status. */
export function statusColor(status: MessageStatus): string {
  switch (status) {
    case "failed":
      return "red";
    case "queued":
      return "gray";
    case "read":
      return "teal";
    default:
      return "blue";
  }
}

/** The reason of a 422 refusal of a reply (`whatsapp_window_closed`, `channel_disconnected`), if any. */
export function replyRefusal(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status !== 422) return null;
  const details = err.details;
  if (details && typeof details === "object" && "reason" in details && typeof details.reason === "string") {
    return details.reason;
  }
  return null;
}

/** WhatsApp refused free text: the client's last message is 24 hours old, only a template may go. */
export const isWindowClosed = (err: unknown) => replyRefusal(err) === "whatsapp_window_closed";

/** Enter sends, Shift+Enter (or composing an IME word) makes a new line. */
export const isSendKey = (e: { key: string; shiftKey: boolean; isComposing?: boolean }) =>
  e.key === "Enter" && !e.shiftKey && !e.isComposing;

const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

/** A file the thread shows as a thumbnail (the browser can draw it); others are download links. */
export const isImageMedia = (m: { kind: string; mimeType?: string }) =>
  m.mimeType ? IMAGE_TYPES.includes(m.mimeType) : m.kind === "photo";

/** `1.5 MB`-style size for the chosen file. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
