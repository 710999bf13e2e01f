// The inbox filters as URL state and as the API's query.
import type { Channel, Conversation, ConversationQuery } from "../../components/conversation/api.ts";
import { CHANNELS } from "../../components/conversation/api.ts";

export const FILTERS = ["all", "unread", "mine", "unanswered", "overdue"] as const;
export type InboxFilter = (typeof FILTERS)[number];
/** The filters of the segmented control; "overdue" (unanswered too long) is a chip of its own. */
export const SEGMENTS = FILTERS.filter((f) => f !== "overdue");

export const parseFilter = (value: string | null): InboxFilter => FILTERS.find((f) => f === value) ?? "all";

export const parseChannel = (value: string | null): Channel | null =>
  CHANNELS.find((c) => c === value) ?? null;

/** The query of `GET /api/conversations` for a filter and an optional channel. */
export function listQuery(filter: InboxFilter, channel: Channel | null): ConversationQuery {
  const query: ConversationQuery = {};
  if (filter !== "all") query[filter] = true;
  if (channel) query.channel = channel;
  return query;
}

/** The list line under the name: our own last message is prefixed, attachments without text get a word. */
export function preview(
  conversation: Pick<Conversation, "lastMessage">,
  words: { you: string; media: string; none: string },
): string {
  const last = conversation.lastMessage;
  if (!last) return words.none;
  const text = last.text?.replace(/\s+/g, " ").trim() || words.media;
  return last.direction === "outbound" ? `${words.you}${text}` : text;
}

/** The name shown for a conversation: the contact's, else the chat's title. */
export const displayName = (c: Pick<Conversation, "contactName" | "title">) =>
  c.contactName?.trim() || c.title;

/** What the overdue badge needs of a conversation. */
export type Waiting = Pick<Conversation, "waitingSince" | "overdue">;

/** How long the client has waited, in seconds, when the conversation is overdue; else null. */
export function overdueFor(conversation: Waiting, now: Date = new Date()): number | null {
  if (!conversation.overdue || !conversation.waitingSince) return null;
  return Math.max(0, (now.getTime() - new Date(conversation.waitingSince).getTime()) / 1000);
}

/** A response time as the i18n key (namespace `inbox`) and count: minutes below 2 hours, hours below 2 days, then days. */
export function duration(seconds: number): {
  key: "panel.minutes" | "panel.hours" | "panel.days";
  count: number;
} {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 120) return { key: "panel.minutes", count: minutes };
  if (minutes < 48 * 60) return { key: "panel.hours", count: Math.round(minutes / 60) };
  return { key: "panel.days", count: Math.round(minutes / 1440) };
}
