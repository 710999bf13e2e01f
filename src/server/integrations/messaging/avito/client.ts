// The Avito Messenger client: the account behind the credentials, chats, messages, replies and the v3
// webhook subscription (PROTOCOLS.md §6). Paths carry their own versions, which Avito mixes on purpose.
// Every call goes through the session (token, one refresh on 401, ProviderError); nothing here sleeps or
// retries a send: the reply job does that with `retryAfterMs`.
import { ProviderError } from "../../../platform/http-client.ts";
import { AVITO } from "./errors.ts";
import { type AvitoClientOptions, createAvitoSession } from "./session.ts";
import {
  type AvitoAccount,
  type AvitoChat,
  type AvitoMessage,
  type AvitoSentMessage,
  type AvitoSubscription,
  avitoAccount,
  avitoChat,
  avitoChats,
  avitoMessagePage,
  avitoOk,
  avitoSentMessage,
  avitoSubscriptions,
} from "./types.ts";

export type { AvitoClientOptions, AvitoToken, AvitoTokenCache } from "./session.ts";
export { AVITO_BASE_URL, memoryTokenCache } from "./session.ts";

/** Our Avito account (`user_id` in paths, `GET /core/v1/accounts/self` → `id`). */
export type AccountId = number | string;

export interface ChatRef {
  accountId: AccountId;
  chatId: string;
}

export interface ListChatsParams {
  accountId: AccountId;
  unreadOnly?: boolean;
  /** Ask for both types explicitly: the swagger models give `u2i` alone as the default. */
  chatTypes?: ("u2i" | "u2u")[];
  /** Only chats about these listings. */
  itemIds?: number[];
  /** 1–100, Avito's default 100. */
  limit?: number;
  offset?: number;
}

export interface MessagePage {
  /** In Avito's order. */
  messages: AvitoMessage[];
  /** From Avito's `meta.has_more`, or guessed from a full page when it sends a bare array. */
  hasMore: boolean;
}

export interface AvitoClient {
  /** The account behind the credentials; connecting a channel calls it to check them. */
  getSelf(): Promise<AvitoAccount>;
  listChats(params: ListChatsParams): Promise<AvitoChat[]>;
  getChat(ref: ChatRef): Promise<AvitoChat>;
  /** A page of messages; it does not mark the chat read. */
  getMessages(ref: ChatRef & { limit?: number; offset?: number }): Promise<MessagePage>;
  sendText(ref: ChatRef & { text: string }): Promise<AvitoSentMessage>;
  markRead(ref: ChatRef): Promise<void>;
  /** Avito POSTs v3 envelopes to `url` from now on (and probes it with `{}` first). */
  subscribeWebhook(url: string): Promise<void>;
  unsubscribeWebhook(url: string): Promise<void>;
  listWebhooks(): Promise<AvitoSubscription[]>;
}

const MESSAGES_DEFAULT_LIMIT = 100;

const seg = (value: AccountId) => encodeURIComponent(String(value));
const chatPath = (version: string, { accountId, chatId }: ChatRef) =>
  `/messenger/${version}/accounts/${seg(accountId)}/chats/${seg(chatId)}`;

/** `{"ok":false}` has no documented meaning; it is treated as a refusal that may pass. */
function requireOk(answer: { ok: boolean }, what: string) {
  if (!answer.ok) {
    throw new ProviderError(AVITO, `Avito did not confirm ${what}`, {
      status: 200,
      code: "not_ok",
      permanent: false,
    });
  }
}

export function createAvitoClient(options: AvitoClientOptions): AvitoClient {
  const session = createAvitoSession(options);

  return {
    getSelf: () =>
      session.call({ method: "GET", path: "/core/v1/accounts/self", schema: avitoAccount, idempotent: true }),

    async listChats(params) {
      const answer = await session.call({
        method: "GET",
        path: `/messenger/v2/accounts/${seg(params.accountId)}/chats`,
        query: {
          unread_only: params.unreadOnly,
          chat_types: params.chatTypes?.join(","),
          item_ids: params.itemIds?.join(","),
          limit: params.limit,
          offset: params.offset,
        },
        schema: avitoChats,
        idempotent: true,
      });
      return answer.chats;
    },

    getChat: (ref) =>
      session.call({ method: "GET", path: chatPath("v2", ref), schema: avitoChat, idempotent: true }),

    async getMessages({ limit, offset, ...ref }) {
      const page = await session.call({
        method: "GET",
        // The trailing slash is part of the documented v3 path.
        path: `${chatPath("v3", ref)}/messages/`,
        query: { limit, offset },
        schema: avitoMessagePage,
        idempotent: true,
      });
      const hasMore = page.hasMore ?? page.messages.length >= (limit ?? MESSAGES_DEFAULT_LIMIT);
      return { messages: page.messages, hasMore };
    },

    sendText: ({ text, ...ref }) =>
      session.call({
        method: "POST",
        path: `${chatPath("v1", ref)}/messages`,
        json: { message: { text }, type: "text" },
        schema: avitoSentMessage,
        idempotent: false,
      }),

    async markRead(ref) {
      const answer = await session.call({
        method: "POST",
        path: `${chatPath("v1", ref)}/read`,
        schema: avitoOk,
        idempotent: true,
      });
      requireOk(answer, "reading the chat");
    },

    async subscribeWebhook(url) {
      const answer = await session.call({
        method: "POST",
        path: "/messenger/v3/webhook",
        json: { url },
        schema: avitoOk,
        idempotent: true,
      });
      requireOk(answer, "the webhook subscription");
    },

    async unsubscribeWebhook(url) {
      const answer = await session.call({
        method: "POST",
        path: "/messenger/v1/webhook/unsubscribe",
        json: { url },
        schema: avitoOk,
        idempotent: true,
      });
      requireOk(answer, "the webhook unsubscription");
    },

    async listWebhooks() {
      const answer = await session.call({
        method: "POST",
        path: "/messenger/v1/subscriptions",
        schema: avitoSubscriptions,
        idempotent: true,
      });
      return answer.subscriptions;
    },
  };
}
