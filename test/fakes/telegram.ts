// A local Telegram Bot API for tests, after ../shared/PROTOCOLS.md §1: `/bot<token>/<method>` with
// case-insensitive method names and parameters from the query string, a form or JSON; the {ok,result}
// and {ok:false,error_code,description,parameters} envelopes; 401 for an unknown token; webhooks pushed
// with `X-Telegram-Bot-Api-Secret-Token`; getUpdates long polling with offsets and its 409 conflicts.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  TelegramChat,
  TelegramMessage,
  TelegramUpdate,
  TelegramUser,
} from "../../src/server/integrations/messaging/telegram/types.ts";

export interface TelegramFakeOptions {
  /** The bot tokens the fake knows; the first is the default for every knob. */
  tokens: string[];
  /** Real Telegram refuses non-HTTPS webhooks; the fake accepts them unless this is set. */
  requireHttps?: boolean;
  /** How long a push waits for the CRM's answer. */
  pushTimeoutMs?: number;
}

/** A failure answered to the next call of a method, as Telegram words it. */
export interface TelegramFakeError {
  error_code: number;
  description: string;
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export interface FakeWebhook {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections?: number;
}

export interface FakeSentMessage {
  token: string;
  chatId: number | string;
  text: string;
  replyToMessageId?: number;
  /** The Message the fake answered with. */
  message: TelegramMessage;
}

/** A file a bot sent with sendPhoto or sendDocument (multipart upload), as the fake received it. */
export interface FakeUpload {
  token: string;
  method: "sendPhoto" | "sendDocument";
  chatId: number | string;
  caption?: string;
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  /** The file id the fake gave the file (in the answered Message). */
  fileId: string;
  message: TelegramMessage;
}

export interface FakeFile {
  bytes: Uint8Array;
  fileName?: string;
  mimeType?: string;
}

/** A canned answer: `body` replaces the method's own answer; without it the method runs after the delay. */
interface Override {
  status?: number;
  body?: string;
  delayMs?: number;
}

interface FakeBot {
  token: string;
  user: TelegramUser;
  webhook: FakeWebhook | null;
  /** Set by setWebhook/getUpdates; null is Telegram's default (all kinds but a few). */
  allowedUpdates: string[] | null;
  /** Updates not yet confirmed: waiting for getUpdates, or undelivered to the webhook. */
  pending: TelegramUpdate[];
  chats: Map<number | string, TelegramChat>;
  blocked: Set<number | string>;
  files: Map<string, FakeFile & { filePath: string; uniqueId: string }>;
  overrides: Map<string, Override[]>;
  poller: { res: ServerResponse; limit: number; timer: NodeJS.Timeout } | null;
  lastError: { date: number; message: string } | null;
}

// Bot API upload limits: photos 10 MB, other files 50 MB (PROTOCOLS.md §1).
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

// Telegram leaves these out unless they are asked for by name.
const OPT_IN_KINDS = ["chat_member", "message_reaction", "message_reaction_count"];
const now = () => Math.floor(Date.now() / 1000);

export async function startTelegramFake(options: TelegramFakeOptions) {
  const bots = new Map<string, FakeBot>();
  for (const token of options.tokens) bots.set(token, newBot(token));
  const sent: FakeSentMessage[] = [];
  const uploads: FakeUpload[] = [];
  const calls: { token: string; method: string; params: Params }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let nextMessageId = 1_000_000;
  let nextFile = 1;

  const botOf = (token = options.tokens[0]) => {
    const bot = token === undefined ? undefined : bots.get(token);
    if (!bot) throw new Error(`the fake knows no bot ${token}`);
    return bot;
  };

  function enqueue(bot: FakeBot, update: TelegramUpdate) {
    bot.pending.push(update);
    if (bot.poller) answerPoll(bot);
  }

  function answerPoll(bot: FakeBot) {
    if (!bot.poller) return;
    clearTimeout(bot.poller.timer);
    ok(bot.poller.res, bot.pending.slice(0, bot.poller.limit));
    bot.poller = null;
  }

  function conflictPoller(bot: FakeBot, description: string) {
    if (!bot.poller) return;
    clearTimeout(bot.poller.timer);
    fail(bot.poller.res, { error_code: 409, description });
    bot.poller = null;
  }

  function storeFile(bot: FakeBot, file: FakeFile) {
    const n = nextFile++;
    const fileId = `BQACAgIAAxkBAAI${n}fake`;
    const ext = file.fileName?.split(".").pop() ?? "bin";
    const stored = { ...file, filePath: `documents/file_${n}.${ext}`, uniqueId: `AgAD${n}` };
    bot.files.set(fileId, stored);
    return { fileId, fileUniqueId: stored.uniqueId, filePath: stored.filePath };
  }

  /** The chat a send goes to, or the failure Telegram answers (unknown chat, blocked bot). */
  function targetChat(bot: FakeBot, p: Params): { chat: TelegramChat } | { error: TelegramFakeError } {
    const chatId = chatKey(p.chat_id);
    if (chatId === undefined)
      return { error: { error_code: 400, description: "Bad Request: chat_id is empty" } };
    const chat = bot.chats.get(chatId);
    if (!chat) return { error: { error_code: 400, description: "Bad Request: chat not found" } };
    if (bot.blocked.has(chatId)) {
      return { error: { error_code: 403, description: "Forbidden: bot was blocked by the user" } };
    }
    return { chat };
  }

  /** sendPhoto / sendDocument: a new file must come as a multipart part named after the method's field. */
  function sendFile(method: "sendPhoto" | "sendDocument") {
    const field = method === "sendPhoto" ? "photo" : "document";
    return (bot: FakeBot, p: Params, res: ServerResponse) => {
      const upload = p[field];
      if (!(upload instanceof File)) {
        return fail(res, {
          error_code: 400,
          description: `Bad Request: there is no ${field} in the request`,
        });
      }
      const caption = str(p.caption);
      if (caption !== undefined && caption.length > 1024) {
        return fail(res, { error_code: 400, description: "Bad Request: message caption is too long" });
      }
      const limit = method === "sendPhoto" ? MAX_PHOTO_BYTES : MAX_UPLOAD_BYTES;
      if (upload.size > limit) return fail(res, { error_code: 413, description: "Request Entity Too Large" });
      const target = targetChat(bot, p);
      if ("error" in target) return fail(res, target.error);
      const { chat } = target;
      void upload.arrayBuffer().then((buffer) => {
        const bytes = new Uint8Array(buffer);
        const mimeType = upload.type || "application/octet-stream";
        const { fileId, fileUniqueId } = storeFile(bot, { bytes, fileName: upload.name, mimeType });
        const message: TelegramMessage = { message_id: nextMessageId++, from: bot.user, chat, date: now() };
        if (caption) message.caption = caption;
        if (method === "sendPhoto") {
          // Telegram re-encodes a photo into sizes; the fake answers one size with the original bytes.
          message.photo = [
            {
              file_id: fileId,
              file_unique_id: fileUniqueId,
              width: 1,
              height: 1,
              file_size: bytes.byteLength,
            },
          ];
        } else {
          message.document = {
            file_id: fileId,
            file_unique_id: fileUniqueId,
            file_name: upload.name,
            mime_type: mimeType,
            file_size: bytes.byteLength,
          };
        }
        uploads.push({
          token: bot.token,
          method,
          chatId: chat.id,
          ...(caption && { caption }),
          fileName: upload.name,
          mimeType,
          bytes,
          fileId,
          message,
        });
        ok(res, message);
      });
    };
  }

  const methods: Record<string, (bot: FakeBot, p: Params, res: ServerResponse) => void> = {
    getme: (bot, _p, res) => ok(res, bot.user),

    setwebhook(bot, p, res) {
      const url = str(p.url) ?? "";
      if (url === "") return void methods.deletewebhook?.(bot, p, res);
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return fail(res, { error_code: 400, description: "Bad Request: invalid webhook URL specified" });
      }
      if (options.requireHttps && parsed.protocol !== "https:") {
        const description = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook";
        return fail(res, { error_code: 400, description });
      }
      const secretToken = str(p.secret_token);
      if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
        const description = "Bad Request: secret token contains unallowed characters";
        return fail(res, { error_code: 400, description });
      }
      const allowedUpdates = list(p.allowed_updates);
      if (allowedUpdates) bot.allowedUpdates = allowedUpdates.length ? allowedUpdates : null;
      if (bool(p.drop_pending_updates)) bot.pending = [];
      conflictPoller(bot, "Conflict: terminated by setWebhook request");
      bot.webhook = { url };
      if (secretToken !== undefined) bot.webhook.secretToken = secretToken;
      if (allowedUpdates) bot.webhook.allowedUpdates = allowedUpdates;
      const maxConnections = int(p.max_connections);
      if (maxConnections !== undefined) bot.webhook.maxConnections = maxConnections;
      bot.lastError = null;
      ok(res, true, "Webhook was set");
    },

    deletewebhook(bot, p, res) {
      if (bool(p.drop_pending_updates)) bot.pending = [];
      const description = bot.webhook ? "Webhook was deleted" : "Webhook is already deleted";
      bot.webhook = null;
      ok(res, true, description);
    },

    getwebhookinfo(bot, _p, res) {
      ok(res, {
        url: bot.webhook?.url ?? "",
        has_custom_certificate: false,
        pending_update_count: bot.pending.length,
        ...(bot.webhook && { ip_address: "127.0.0.1", max_connections: bot.webhook.maxConnections ?? 40 }),
        ...(bot.allowedUpdates && { allowed_updates: bot.allowedUpdates }),
        ...(bot.lastError && {
          last_error_date: bot.lastError.date,
          last_error_message: bot.lastError.message,
        }),
      });
    },

    getupdates(bot, p, res) {
      if (bot.webhook) {
        const description =
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
        return fail(res, { error_code: 409, description });
      }
      const offset = int(p.offset);
      // A positive offset confirms every earlier update; a negative one keeps only the last -offset.
      if (offset !== undefined && offset > 0) bot.pending = bot.pending.filter((u) => u.update_id >= offset);
      if (offset !== undefined && offset < 0) bot.pending = bot.pending.slice(offset);
      const allowedUpdates = list(p.allowed_updates);
      if (allowedUpdates) bot.allowedUpdates = allowedUpdates.length ? allowedUpdates : null;
      conflictPoller(
        bot,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      );
      const limit = Math.min(100, Math.max(1, int(p.limit) ?? 100));
      const timeout = int(p.timeout) ?? 0;
      if (bot.pending.length > 0 || timeout <= 0) return ok(res, bot.pending.slice(0, limit));
      const timer = setTimeout(() => answerPoll(bot), timeout * 1000);
      bot.poller = { res, limit, timer };
      res.on("close", () => {
        if (bot.poller?.res !== res) return;
        clearTimeout(timer);
        bot.poller = null;
      });
    },

    sendmessage(bot, p, res) {
      const chatId = chatKey(p.chat_id);
      const text = str(p.text);
      if (chatId === undefined)
        return fail(res, { error_code: 400, description: "Bad Request: chat_id is empty" });
      if (!text?.trim())
        return fail(res, { error_code: 400, description: "Bad Request: message text is empty" });
      if (text.length > 4096)
        return fail(res, { error_code: 400, description: "Bad Request: message is too long" });
      const chat = bot.chats.get(chatId);
      if (!chat) return fail(res, { error_code: 400, description: "Bad Request: chat not found" });
      if (bot.blocked.has(chatId)) {
        return fail(res, { error_code: 403, description: "Forbidden: bot was blocked by the user" });
      }
      const replyTo = int(obj(p.reply_parameters)?.message_id) ?? int(p.reply_to_message_id);
      const date = now();
      const message: TelegramMessage = { message_id: nextMessageId++, from: bot.user, chat, date, text };
      if (replyTo !== undefined) message.reply_to_message = { message_id: replyTo, chat, date };
      sent.push({
        token: bot.token,
        chatId,
        text,
        ...(replyTo !== undefined && { replyToMessageId: replyTo }),
        message,
      });
      ok(res, message);
    },

    sendphoto: sendFile("sendPhoto"),
    senddocument: sendFile("sendDocument"),

    getfile(bot, p, res) {
      const file = bot.files.get(str(p.file_id) ?? "");
      if (!file) return fail(res, { error_code: 400, description: "Bad Request: invalid file_id" });
      const fileId = str(p.file_id);
      ok(res, {
        file_id: fileId,
        file_unique_id: file.uniqueId,
        file_size: file.bytes.byteLength,
        file_path: file.filePath,
      });
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    const token = decodeURIComponent(call?.[1] ?? download?.[1] ?? "");
    const bot = bots.get(token);
    if ((call || download) && !bot) return fail(res, { error_code: 401, description: "Unauthorized" });
    if (bot && download) {
      const path = decodeURIComponent(download[2] ?? "");
      const file = [...bot.files.values()].find((f) => f.filePath === path);
      if (!file) return fail(res, { error_code: 404, description: "Not Found" });
      const type = file.mimeType ?? "application/octet-stream";
      return void res
        .writeHead(200, { "content-type": type, "content-length": file.bytes.byteLength })
        .end(file.bytes);
    }
    const name = call?.[2]?.toLowerCase() ?? "";
    const method = methods[name];
    if (!bot || !method) return fail(res, { error_code: 404, description: "Not Found" });
    const params = await readParams(req, url);
    if (!params) return fail(res, { error_code: 400, description: "Bad Request: can't parse JSON" });
    calls.push({ token: bot.token, method: call?.[2] ?? name, params });
    const override = bot.overrides.get(name)?.shift();
    if (!override) return method(bot, params, res);
    const answer = () => {
      if (override.body === undefined) return method(bot, params, res);
      res.writeHead(override.status ?? 200, { "content-type": "application/json" }).end(override.body);
    };
    if (!override.delayMs) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) answer();
    }, override.delayMs);
    timers.add(timer);
  }

  /** POSTs one Update to the webhook as Telegram does; undelivered updates stay pending. */
  async function deliver(bot: FakeBot, update: TelegramUpdate, secretToken: string | null | undefined) {
    const webhook = bot.webhook!;
    const secret = secretToken === undefined ? webhook.secretToken : secretToken;
    try {
      const res = await fetch(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(secret && { "X-Telegram-Bot-Api-Secret-Token": secret }),
        },
        body: JSON.stringify(update),
        redirect: "manual",
        signal: AbortSignal.timeout(options.pushTimeoutMs ?? 5000),
      });
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) return res.status;
      bot.lastError = {
        date: now(),
        message: `Wrong response from the webhook: ${res.status} ${res.statusText}`,
      };
      bot.pending.push(update);
      return res.status;
    } catch (err) {
      const timedOut = err instanceof Error && err.name === "TimeoutError";
      bot.lastError = { date: now(), message: timedOut ? "Read timeout expired" : "Connection refused" };
      bot.pending.push(update);
      return 0;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** The base URL for createTelegramClient. */
    url: `http://127.0.0.1:${port}`,
    /** Every message the bots sent, in order. */
    sent,
    /** Every file the bots sent (sendPhoto, sendDocument), with the bytes received. */
    uploads,
    /** Every authenticated method call with its parameters, in order. */
    calls,
    /** The bot's current webhook (null when none is set). */
    webhook: (token?: string): FakeWebhook | null => botOf(token).webhook,
    /** Updates not yet confirmed by getUpdates, or not yet accepted by the webhook. */
    pending: (token?: string): TelegramUpdate[] => botOf(token).pending,
    /** The bot's own user, as getMe answers. */
    me: (token?: string): TelegramUser => botOf(token).user,

    /** The next call of `method` fails with this Telegram error (HTTP status = error_code). */
    failNext(method: string, error: TelegramFakeError, token?: string) {
      const body = JSON.stringify(errorBody(error));
      queueOverride(botOf(token), method, { status: error.error_code, body });
    },
    /** The next call of `method` answers these raw bytes, or waits `delayMs` first (for timeouts). */
    respondNext(method: string, override: Override, token?: string) {
      queueOverride(botOf(token), method, override);
    },
    /** sendMessage to this chat answers 403 "bot was blocked by the user". */
    blockChat(chatId: number | string, token?: string) {
      const bot = botOf(token);
      if (!bot.chats.has(chatId)) bot.chats.set(chatId, privateChat(Number(chatId)));
      bot.blocked.add(chatId);
    },
    /** Makes a chat known (a bot can write only to chats that wrote to it; pushed updates do this too). */
    addChat(chat: TelegramChat, token?: string) {
      botOf(token).chats.set(chat.id, chat);
    },
    /** Stores a file for getFile and the download endpoint; put the returned `fileId` into a message. */
    addFile(file: FakeFile, token?: string) {
      return storeFile(botOf(token), file);
    },

    /**
     * Delivers one Update as Telegram would: POSTed to the webhook with the secret header (answers the
     * CRM's HTTP status, 0 when it did not answer), or queued for getUpdates when no webhook is set.
     * `secretToken` replaces the header's value (null leaves it out) to forge a delivery.
     */
    async pushUpdate(
      update: TelegramUpdate,
      push: { token?: string; secretToken?: string | null } = {},
    ): Promise<number | "queued" | "filtered"> {
      const bot = botOf(push.token);
      for (const message of [update.message, update.edited_message]) {
        if (message) bot.chats.set(message.chat.id, message.chat);
      }
      const kind = Object.keys(update).find((key) => key !== "update_id") ?? "";
      const allowed = bot.allowedUpdates ? bot.allowedUpdates.includes(kind) : !OPT_IN_KINDS.includes(kind);
      if (!allowed) return "filtered";
      if (!bot.webhook) {
        enqueue(bot, update);
        return "queued";
      }
      return deliver(bot, update, push.secretToken);
    },
    /** Retries the undelivered updates, oldest first, as Telegram keeps doing; answers the statuses. */
    async redeliverPending(token?: string): Promise<number[]> {
      const bot = botOf(token);
      if (!bot.webhook) return [];
      const updates = bot.pending.splice(0);
      const statuses: number[] = [];
      for (const update of updates) statuses.push(await deliver(bot, update, undefined));
      return statuses;
    },

    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const bot of bots.values()) if (bot.poller) clearTimeout(bot.poller.timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TelegramFake = Awaited<ReturnType<typeof startTelegramFake>>;

function newBot(token: string): FakeBot {
  const id = Number(token.split(":")[0]) || 1;
  return {
    token,
    user: { id, is_bot: true, first_name: "Flame Test Bot", username: `flame_test_${id}_bot` },
    webhook: null,
    allowedUpdates: null,
    pending: [],
    chats: new Map(),
    blocked: new Set(),
    files: new Map(),
    overrides: new Map(),
    poller: null,
    lastError: null,
  };
}

function queueOverride(bot: FakeBot, method: string, override: Override) {
  const key = method.toLowerCase();
  bot.overrides.set(key, [...(bot.overrides.get(key) ?? []), override]);
}

// --- wire format ---------------------------------------------------------------------------------

type Params = Record<string, unknown>;

/** Query string, then the body: JSON, urlencoded or multipart (form values are strings, uploads Files). */
async function readParams(req: IncomingMessage, url: URL): Promise<Params | undefined> {
  const params: Params = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return params;
  if (type.startsWith("application/json")) {
    try {
      const json: unknown = JSON.parse(body.toString("utf8"));
      return typeof json === "object" && json !== null ? { ...params, ...json } : undefined;
    } catch {
      return undefined;
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const form = await new Response(body, { headers: { "content-type": type } }).formData();
    for (const [key, value] of form) params[key] = value;
  }
  return params;
}

function ok(res: ServerResponse, result: unknown, description?: string) {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ ok: true, result, ...(description && { description }) }));
}

function errorBody(error: TelegramFakeError) {
  const { error_code, description, retry_after, migrate_to_chat_id } = error;
  const parameters = {
    ...(retry_after !== undefined && { retry_after }),
    ...(migrate_to_chat_id !== undefined && { migrate_to_chat_id }),
  };
  return { ok: false, error_code, description, ...(Object.keys(parameters).length > 0 && { parameters }) };
}

function fail(res: ServerResponse, error: TelegramFakeError) {
  res
    .writeHead(error.error_code, { "content-type": "application/json" })
    .end(JSON.stringify(errorBody(error)));
}

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
const bool = (v: unknown) => v === true || v === "true";
const int = (v: unknown) =>
  typeof v === "number" && Number.isInteger(v)
    ? v
    : typeof v === "string" && /^-?\d+$/.test(v)
      ? Number(v)
      : undefined;
/** Chat ids are integers, or "@channelusername". */
const chatKey = (v: unknown) => int(v) ?? (typeof v === "string" && v.startsWith("@") ? v : undefined);

/** Arrays and objects arrive as JSON-serialized strings in a query string or a form. */
function parseJsonish(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}
const list = (v: unknown) => {
  const value = parseJsonish(v);
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : undefined;
};
const obj = (v: unknown) => {
  const value = parseJsonish(v);
  return typeof value === "object" && value !== null ? (value as Params) : undefined;
};

// --- update builders -------------------------------------------------------------------------------

let nextUpdateId = 784_512_000;
let nextInboundMessageId = 1;

export function privateChat(id: number, firstName = "Ольга", lastName = "Смирнова"): TelegramChat {
  return { id, type: "private", first_name: firstName, last_name: lastName };
}

/** A human sender; by default the user whose private chat `chatId` is. */
export function telegramUser(
  id: number,
  firstName = "Ольга",
  lastName = "Смирнова",
  username = "olga_s",
): TelegramUser {
  return { id, is_bot: false, first_name: firstName, last_name: lastName, username, language_code: "ru" };
}

/**
 * An Update carrying a message (increasing update_id and message_id). A negative chatId makes a group.
 * `fields` adds or replaces message fields (photo, document, caption, contact…).
 */
export function messageUpdate(input: {
  chatId: number;
  from?: TelegramUser;
  edited?: boolean;
  fields?: Partial<TelegramMessage>;
}): TelegramUpdate {
  const from = input.from ?? telegramUser(input.chatId);
  const chat: TelegramChat =
    input.chatId > 0
      ? {
          id: input.chatId,
          type: "private",
          first_name: from.first_name,
          ...(from.last_name && { last_name: from.last_name }),
        }
      : {
          id: input.chatId,
          type: String(input.chatId).startsWith("-100") ? "supergroup" : "group",
          title: "Группа",
        };
  const date = now();
  const message: TelegramMessage = {
    message_id: nextInboundMessageId++,
    from,
    chat,
    date,
    ...(input.edited && { edit_date: date }),
    ...input.fields,
  };
  return { update_id: nextUpdateId++, ...(input.edited ? { edited_message: message } : { message }) };
}

/** An Update with a text message from `from` (by default the private chat's own user). */
export function textUpdate(input: { chatId: number; text: string; from?: TelegramUser; edited?: boolean }) {
  const { text, ...rest } = input;
  return messageUpdate({ ...rest, fields: { text } });
}
