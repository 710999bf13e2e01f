// Conversations with clients (Telegram, WhatsApp, Avito): types, fetchers and query hooks shared by the
// inbox and the deal card. Shapes follow src/server/modules/conversations/conversations.schemas.ts.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiUpload, get, patch, post } from "../../lib/api.ts";
import { useLiveEvents } from "../../lib/live.ts";

export type Channel = "telegram" | "whatsapp" | "avito";
export const CHANNELS: Channel[] = ["telegram", "whatsapp", "avito"];
export type MessageStatus = "received" | "queued" | "sent" | "delivered" | "read" | "failed";

export interface Conversation {
  id: string;
  integrationId: string;
  externalChatId: string;
  title: string;
  channel: Channel;
  integrationName: string;
  contactId: string | null;
  contactName: string | null;
  dealId: string | null;
  dealTitle: string | null;
  assigneeId: string | null;
  unreadCount: number;
  lastMessageAt: string | null;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  firstResponseSeconds: number | null;
  unanswered: boolean;
  /** The client's last message, while it is unanswered. */
  waitingSince: string | null;
  /** Unanswered for longer than the workspace's threshold. */
  overdue: boolean;
  lastMessage: {
    text: string | null;
    direction: "inbound" | "outbound";
    status: string;
    createdAt: string;
  } | null;
  createdAt: string;
}

export interface Message {
  id: string;
  conversationId: string;
  direction: "inbound" | "outbound";
  text: string | null;
  /** Each downloads through `mediaUrl(conversationId, id, index)`. */
  media: { kind: string; fileId: string; fileName?: string; mimeType?: string }[];
  /** The WhatsApp template the message was sent as. */
  template?: MessageTemplate | null;
  status: MessageStatus;
  error: string | null;
  authorId: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ConversationQuery = Record<string, string | number | boolean | undefined>;
export interface MessageTemplate {
  name: string;
  language: string;
  /** The body's placeholders {{1}}, {{2}}… in order. */
  params: string[];
}

/** Telegram and WhatsApp only; the server refuses more with 413 (MAX_REPLY_FILE_BYTES). */
export const MAX_REPLY_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_TEMPLATE_PARAMS = 10;

export type ReplyBody = { text: string } | { template: MessageTemplate } | { file: File; caption?: string };

/** A message's file through the CRM (the provider's credentials never reach the browser). */
export const mediaUrl = (conversationId: string, messageId: string, index: number) =>
  `/api/conversations/${conversationId}/messages/${messageId}/media/${index}`;

/** Every conversation query lives under this key, so one invalidation refreshes the inbox and the deal card. */
export const conversationKeys = {
  all: ["conversations"] as const,
  list: (query: ConversationQuery) => ["conversations", "list", query] as const,
  one: (id: string) => ["conversations", "one", id] as const,
  messages: (id: string) => ["conversations", "messages", id] as const,
};

export function useConversationList(query: ConversationQuery, limit = 30) {
  return useInfiniteQuery({
    queryKey: conversationKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      get<Page<Conversation>>("/api/conversations", { ...query, limit, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useConversation = (id: string) =>
  useQuery({
    queryKey: conversationKeys.one(id),
    queryFn: ({ signal }) => get<Conversation>(`/api/conversations/${id}`, undefined, signal),
  });

/** Newest first from the API, page by page into the past; the thread reverses them for display. */
export const useMessages = (id: string) =>
  useInfiniteQuery({
    queryKey: conversationKeys.messages(id),
    queryFn: ({ pageParam, signal }) =>
      get<Page<Message>>(`/api/conversations/${id}/messages`, { limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** New, sent, failed and edited messages refresh every conversation query on screen. */
export function useLiveConversations() {
  const client = useQueryClient();
  useLiveEvents(["message.", "conversation."], () => {
    void client.invalidateQueries({ queryKey: conversationKeys.all });
  });
}

export function useReply(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplyBody) => {
      const path = `/api/conversations/${id}/messages`;
      if (!("file" in body)) return post<Message>(path, body);
      const form = new FormData();
      if (body.caption) form.set("caption", body.caption);
      form.set("file", body.file, body.file.name);
      return apiUpload<Message>(path, form);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: conversationKeys.all }),
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<Conversation>(`/api/conversations/${id}/read`),
    onSuccess: () => client.invalidateQueries({ queryKey: conversationKeys.all }),
  });
}

export function useUpdateConversation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { assigneeId?: string | null; dealId?: string | null }) =>
      patch<Conversation>(`/api/conversations/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: conversationKeys.all }),
  });
}
