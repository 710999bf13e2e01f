// A fake Avito API on 127.0.0.1 that follows PROTOCOLS.md §6: OAuth2 client credentials at /token, Bearer
// checks, the account, the messenger endpoints with their mixed versions, the v3 webhook subscription,
// stats v1/v2 and listings. It records what the CRM sent and pushes v3 envelopes to the subscribed URLs
// as Avito does: a JSON POST, 200 expected within about 2 s, non-200 answers retried.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface AvitoFakeOptions {
  clientId: string;
  clientSecret: string;
  /** Our account: `GET /core/v1/accounts/self` → id, `user_id` in paths and envelopes. */
  accountId: number;
  accountName?: string;
  /** `expires_in` of issued tokens (Avito: 86400). */
  tokenLifetimeSec?: number;
  /** Tries per webhook delivery before giving up (non-200 or no answer in 2 s). */
  deliveryAttempts?: number;
  retryDelayMs?: number;
  /** Push an own-message echo to the subscribers after every message sent through the API, as Avito does. */
  echoSentMessages?: boolean;
}

export interface FakeFailure {
  status: number;
  /** A string is sent as is (for malformed answers); anything else as JSON. Default: Avito's error envelope. */
  body?: unknown;
  /** `Retry-After` header value. */
  retryAfter?: number | string;
  /** Only a request whose path starts with this fails (default: the next request, whatever it is). */
  path?: string;
  /** Wait this long before answering (for client timeouts). */
  delayMs?: number;
}

export interface Delivery {
  url: string;
  body: string;
  /** One entry per attempt: the HTTP status, or 0 when the CRM did not answer in time. */
  statuses: number[];
  delivered: boolean;
}

export interface PushMessageInput {
  chatId?: string;
  /** The buyer (default 187654321). */
  authorId?: number;
  text: string;
  /** The listing; a chat with one is `u2i`, without `u2u`. */
  itemId?: number;
  type?: string;
  /** An image message (`type: "image"`): `content.image.sizes` names this URL (see `addImage`). */
  imageUrl?: string;
}

interface FakeMessage {
  id: string;
  author_id: number;
  created: number;
  type: string;
  direction: "in" | "out";
  content: { text?: string; image?: { sizes: Record<string, string> } };
  is_read: boolean;
  read: number | null;
}
interface FakeChat {
  id: string;
  itemId?: number;
  peerId: number;
  created: number;
  messages: FakeMessage[];
}
type Json = Record<string, unknown>;
export interface StatsRow {
  date: string;
  uniqViews?: number;
  uniqContacts?: number;
  uniqFavorites?: number;
}
export interface SpendingGroup {
  date: string;
  spendings: { slug: string; value: number }[];
}
export interface FakeItem {
  id: number;
  title: string;
  price: number;
  status: string;
  url: string;
}

const DELIVERY_TIMEOUT_MS = 2000;
/** Avito documents no status for refused credentials; 400 is the OAuth 2 default. [unconfirmed] */
const TOKEN_REFUSAL_STATUS = 400;
const DEFAULT_BUYER_ID = 187654321;
const ACCOUNT_PATH = /^\/(messenger\/v[123]|stats\/v[12])\/accounts\/([^/]+)(\/.*)$/;

const seconds = () => Math.floor(Date.now() / 1000);
const newId = () => randomBytes(10).toString("hex");
const asObject = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};

/** Starts the fake; `url` is its base URL for the client's `baseUrl`. */
export async function startAvitoFake(options: AvitoFakeOptions) {
  const { accountId } = options;
  const tokens = new Map<string, number>();
  const chats = new Map<string, FakeChat>();
  const failures: FakeFailure[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const requests: { method: string; path: string }[] = [];
  const tokenRequests: { grantType: string | null; clientId: string | null; granted: boolean }[] = [];
  const sent: { accountId: number; chatId: string; text: string; body: unknown }[] = [];
  const reads: string[] = [];
  const subscriptions: string[] = [];
  const deliveries: Delivery[] = [];
  const data = {
    itemStats: new Map<number, StatsRow[]>(),
    spendings: [] as SpendingGroup[],
    items: [] as FakeItem[],
  };

  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(text);
  };
  const fail = (res: ServerResponse, status: number, message: string) =>
    reply(res, status, { error: { code: status, message } });

  function chatJson(chat: FakeChat) {
    const last = chat.messages.at(-1);
    return {
      id: chat.id,
      created: chat.created,
      updated: last?.created ?? chat.created,
      ...(chat.itemId
        ? {
            context: {
              type: "item",
              value: {
                id: chat.itemId,
                title: `Listing ${chat.itemId}`,
                url: `https://www.avito.ru/${chat.itemId}`,
              },
            },
          }
        : {}),
      users: [
        { id: accountId, name: options.accountName ?? "Flame Shop" },
        { id: chat.peerId, name: `User ${chat.peerId}` },
      ],
      ...(last ? { last_message: last } : {}),
    };
  }

  function handleToken(req: IncomingMessage, raw: string, res: ServerResponse) {
    if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
      return reply(res, 400, { error: "invalid_request", error_description: "form body expected" });
    }
    const form = new URLSearchParams(raw);
    const granted =
      form.get("grant_type") === "client_credentials" &&
      form.get("client_id") === options.clientId &&
      form.get("client_secret") === options.clientSecret;
    tokenRequests.push({ grantType: form.get("grant_type"), clientId: form.get("client_id"), granted });
    if (form.get("grant_type") !== "client_credentials") {
      return reply(res, 400, {
        error: "unsupported_grant_type",
        error_description: "unsupported grant type",
      });
    }
    if (!granted) {
      return reply(res, TOKEN_REFUSAL_STATUS, {
        error: "invalid_client",
        error_description: "invalid client id or secret",
      });
    }
    const token = randomBytes(24).toString("hex");
    const lifetime = options.tokenLifetimeSec ?? 86_400;
    tokens.set(token, Date.now() + lifetime * 1000);
    reply(res, 200, { access_token: token, expires_in: lifetime, token_type: "Bearer" });
  }

  function authorized(req: IncomingMessage) {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return token !== undefined && (tokens.get(token) ?? 0) > Date.now();
  }

  /** `/{api}/accounts/{user_id}{rest}`, routed as `METHOD api rest` with `chat` for `/chats/{chat_id}`. */
  function handleAccount(
    method: string,
    api: string,
    rest: string,
    url: URL,
    body: Json,
    res: ServerResponse,
  ) {
    const chatMatch = /^\/chats\/([^/]+)(\/.*)?$/.exec(rest);
    const chat = chatMatch ? chats.get(decodeURIComponent(chatMatch[1] ?? "")) : undefined;
    if (chatMatch && !chat) return fail(res, 404, "chat not found");
    switch (`${method} ${api} ${chatMatch ? `chat${chatMatch[2] ?? ""}` : rest}`) {
      case "GET messenger/v2 /chats":
        return reply(res, 200, { chats: listChats(url.searchParams) });
      case "GET messenger/v2 chat":
        return reply(res, 200, chatJson(chat!));
      case "GET messenger/v3 chat/messages/": {
        const limit = Number(url.searchParams.get("limit") ?? 100);
        const offset = Number(url.searchParams.get("offset") ?? 0);
        if (!(limit >= 1 && limit <= 100)) return fail(res, 400, "limit must be between 1 and 100");
        const newestFirst = [...chat!.messages].reverse();
        const messages = newestFirst.slice(offset, offset + limit);
        return reply(res, 200, { messages, meta: { has_more: offset + limit < newestFirst.length } });
      }
      case "POST messenger/v1 chat/messages":
        return sendMessage(chat!, body, res);
      case "POST messenger/v1 chat/read":
        for (const m of chat!.messages) if (m.direction === "in") m.is_read = true;
        reads.push(chat!.id);
        return reply(res, 200, { ok: true });
      case "POST stats/v1 /items":
        return itemStats(body, res);
      case "POST stats/v2 /spendings": {
        const { dateFrom, dateTo } = body;
        if (typeof dateFrom !== "string" || typeof dateTo !== "string")
          return fail(res, 400, "dateFrom, dateTo");
        // The fake groups by day only and cannot split spend by listing, so `filter` is ignored.
        const groupings = data.spendings.filter((g) => g.date >= dateFrom && g.date <= dateTo);
        return reply(res, 200, { result: { groupings } });
      }
      default:
        return fail(res, 404, "not found");
    }
  }

  function listChats(query: URLSearchParams) {
    const types = (query.get("chat_types") || "u2i").split(",");
    const itemIds = query.get("item_ids")?.split(",").filter(Boolean).map(Number);
    const unreadOnly = query.get("unread_only") === "true";
    const offset = Number(query.get("offset") ?? 0);
    return [...chats.values()]
      .filter((c) => types.includes(c.itemId ? "u2i" : "u2u"))
      .filter((c) => !itemIds?.length || (c.itemId !== undefined && itemIds.includes(c.itemId)))
      .filter((c) => !unreadOnly || c.messages.some((m) => m.direction === "in" && !m.is_read))
      .map(chatJson)
      .sort((a, b) => b.updated - a.updated)
      .slice(offset, offset + Number(query.get("limit") ?? 100));
  }

  function sendMessage(chat: FakeChat, body: Json, res: ServerResponse) {
    const text = asObject(body.message).text;
    if (body.type !== "text" || typeof text !== "string" || text === "") {
      return fail(res, 400, 'expected {"message":{"text":"…"},"type":"text"}');
    }
    const message = addMessage(chat, {
      author_id: accountId,
      direction: "out",
      type: "text",
      content: { text },
    });
    sent.push({ accountId, chatId: chat.id, text, body });
    if (options.echoSentMessages) track(deliverAll(envelopeFor(chat, message)));
    reply(res, 200, {
      id: message.id,
      content: { text },
      created: message.created,
      direction: "out",
      type: "text",
    });
  }

  function itemStats(body: Json, res: ServerResponse) {
    const { dateFrom, dateTo, fields, itemIds } = body;
    if (typeof dateFrom !== "string" || typeof dateTo !== "string" || !Array.isArray(fields)) {
      return fail(res, 400, "dateFrom, dateTo and fields are required");
    }
    if (!Array.isArray(itemIds) || itemIds.length === 0 || itemIds.length > 200) {
      return fail(res, 400, "itemIds: 1 to 200 listings");
    }
    const items = itemIds.map((itemId: number) => ({
      itemId,
      stats: (data.itemStats.get(itemId) ?? [])
        .filter((row) => String(row.date) >= dateFrom && String(row.date) <= dateTo)
        .map((row) =>
          Object.fromEntries(Object.entries(row).filter(([k]) => k === "date" || fields.includes(k))),
        ),
    }));
    reply(res, 200, { result: { items } });
  }

  function addMessage(chat: FakeChat, m: Pick<FakeMessage, "author_id" | "direction" | "type" | "content">) {
    const message: FakeMessage = {
      id: newId(),
      created: seconds(),
      is_read: m.direction === "out",
      read: null,
      ...m,
    };
    chat.messages.push(message);
    return message;
  }

  function envelopeFor(chat: FakeChat, message: FakeMessage) {
    return {
      id: randomUUID(),
      version: "v3.0.0",
      timestamp: seconds(),
      payload: {
        type: "message",
        value: {
          id: message.id,
          chat_id: chat.id,
          user_id: accountId,
          author_id: message.author_id,
          created: message.created,
          published_at: new Date(message.created * 1000).toISOString(),
          type: message.type,
          chat_type: chat.itemId ? "u2i" : "u2u",
          ...(chat.itemId ? { item_id: chat.itemId } : {}),
          content: message.content,
          read: null,
        },
      },
    };
  }

  async function deliver(url: string, body: string): Promise<Delivery> {
    const delivery: Delivery = { url, body, statuses: [], delivered: false };
    deliveries.push(delivery);
    const signature = createHmac("sha256", options.clientSecret).update(body).digest("hex");
    for (let attempt = 0; attempt < (options.deliveryAttempts ?? 3) && !delivery.delivered; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 50));
      const status = await fetch(url, {
        method: "POST",
        // The header's algorithm is unknown (PROTOCOLS.md); this HMAC is the third-party guess.
        headers: { "content-type": "application/json", "x-avito-messenger-signature": signature },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      }).then(
        async (answer) => {
          await answer.arrayBuffer();
          return answer.status;
        },
        () => 0,
      );
      delivery.statuses.push(status);
      delivery.delivered = status === 200;
    }
    return delivery;
  }

  const deliverAll = (envelope: unknown) =>
    Promise.all(subscriptions.map((url) => deliver(url, JSON.stringify(envelope))));

  function track<T>(promise: Promise<T>) {
    inFlight.add(promise);
    return promise.finally(() => inFlight.delete(promise));
  }

  async function push(input: PushMessageInput, authorId: number, direction: "in" | "out") {
    const chatId = input.chatId ?? `${input.itemId ? "u2i" : "u2u"}-${randomBytes(12).toString("base64url")}`;
    let chat = chats.get(chatId);
    if (!chat) {
      const peerId = direction === "in" ? authorId : DEFAULT_BUYER_ID;
      chat = { id: chatId, itemId: input.itemId, peerId, created: seconds(), messages: [] };
      chats.set(chatId, chat);
    }
    const type = input.imageUrl ? "image" : (input.type ?? "text");
    const content = input.imageUrl
      ? { image: { sizes: { "140x105": input.imageUrl, "1280x960": input.imageUrl } } }
      : type !== "text"
        ? {}
        : { text: input.text };
    const message = addMessage(chat, { author_id: authorId, direction, type, content });
    const envelope = envelopeFor(chat, message);
    return { chatId, envelope, deliveries: await track(deliverAll(envelope)) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    requests.push({ method, path: `${url.pathname}${url.search}` });

    const index = failures.findIndex((f) => !f.path || url.pathname.startsWith(f.path));
    const failure = index >= 0 ? failures.splice(index, 1)[0] : undefined;
    if (failure) {
      if (failure.delayMs) await new Promise((r) => timers.add(setTimeout(r, failure.delayMs)));
      const headers: Record<string, string> =
        failure.retryAfter === undefined ? {} : { "retry-after": String(failure.retryAfter) };
      const body = failure.body ?? {
        error: { code: failure.status, message: `fake failure ${failure.status}` },
      };
      return reply(res, failure.status, body, headers);
    }

    if (method === "POST" && url.pathname === "/token") return handleToken(req, raw, res);
    if (!authorized(req)) return fail(res, 401, "Unauthorized");
    let body: Json = {};
    if (raw) {
      try {
        body = asObject(JSON.parse(raw));
      } catch {
        return fail(res, 400, "invalid JSON");
      }
    }
    const accountPath = ACCOUNT_PATH.exec(url.pathname);
    if (accountPath) {
      if (accountPath[2] !== String(accountId)) return fail(res, 403, "access to the account is forbidden");
      return handleAccount(method, accountPath[1] ?? "", accountPath[3] ?? "", url, body, res);
    }
    const hookUrl = typeof body.url === "string" ? body.url : undefined;
    switch (`${method} ${url.pathname}`) {
      case "GET /core/v1/accounts/self":
        return reply(res, 200, {
          id: accountId,
          name: options.accountName ?? "Flame Shop",
          email: "shop@example.ru",
        });
      case "GET /core/v1/items": {
        const perPage = Number(url.searchParams.get("per_page") ?? 25);
        const page = Number(url.searchParams.get("page") ?? 1);
        const status = url.searchParams.get("status");
        const items = data.items.filter((i) => !status || i.status === status);
        const resources = items.slice((page - 1) * perPage, page * perPage);
        return reply(res, 200, { meta: { page, per_page: perPage }, resources });
      }
      case "POST /messenger/v3/webhook":
        if (!hookUrl) return fail(res, 400, "url is required");
        if (!subscriptions.includes(hookUrl)) subscriptions.push(hookUrl);
        return reply(res, 200, { ok: true });
      case "POST /messenger/v1/webhook/unsubscribe":
        if (!hookUrl) return fail(res, 400, "url is required");
        if (subscriptions.includes(hookUrl)) subscriptions.splice(subscriptions.indexOf(hookUrl), 1);
        return reply(res, 200, { ok: true });
      case "POST /messenger/v1/subscriptions":
        return reply(res, 200, { subscriptions: subscriptions.map((u) => ({ url: u, version: "3" })) });
      default:
        return fail(res, 404, "not found");
    }
  }

  // Avito serves a message's image as a public URL on its image CDN (no token); the fake serves it here.
  const images = new Map<string, { bytes: Buffer; mimeType: string }>();
  const server = createServer((req, res) => {
    const image = req.method === "GET" ? images.get(req.url ?? "") : undefined;
    if (image) {
      return void res
        .writeHead(200, { "content-type": image.mimeType, "content-length": image.bytes.length })
        .end(image.bytes);
    }
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, 500, String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Every request: method and path with query. */
    requests,
    /** Every /token request, granted or not. */
    tokenRequests,
    /** Messages the CRM sent through the API. */
    sent,
    /** Chats the CRM marked read. */
    reads,
    /** Webhook URLs subscribed with v3, in order. */
    subscriptions,
    /** Every webhook delivery and its attempts. */
    deliveries,
    /** Daily rows served by stats v1 for a listing. */
    setItemStats: (itemId: number, rows: StatsRow[]) => void data.itemStats.set(itemId, rows),
    /** Daily groupings served by stats v2 spendings. */
    setSpendings: (groupings: SpendingGroup[]) => void data.spendings.splice(0, Infinity, ...groupings),
    /** Listings served by /core/v1/items. */
    setItems: (items: FakeItem[]) => void data.items.splice(0, Infinity, ...items),
    /** Serves an image like Avito's CDN does for an image message; returns its URL. */
    addImage(bytes: Buffer, mimeType = "image/jpeg"): string {
      const path = `/images/1280x960/${images.size + 1}.jpg`;
      images.set(path, { bytes, mimeType });
      return `http://127.0.0.1:${port}${path}`;
    },
    /** Every issued token stops working: the next API call gets a 401. */
    expireTokens: () => tokens.clear(),
    /** The next matching request answers this instead (queued, one per call). */
    failNext: (failure: FakeFailure) => void failures.push(failure),
    /** A buyer writes to us: the message is stored and its envelope POSTed to every subscribed URL. */
    pushMessage: (input: PushMessageInput) => push(input, input.authorId ?? DEFAULT_BUYER_ID, "in"),
    /** A message of our own account (from Avito's app), which the CRM must skip. */
    pushOwnEcho: (input: Omit<PushMessageInput, "authorId">) => push(input, accountId, "out"),
    /** The empty `{}` Avito sends to check a URL. */
    pushProbe: () => track(deliverAll({})),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type AvitoFake = Awaited<ReturnType<typeof startAvitoFake>>;
