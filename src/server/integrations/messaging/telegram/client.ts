// The Telegram Bot API client: one bot, one token. It never sleeps or retries by itself: a failure is a
// ProviderError (TelegramError) that says whether retrying can help and after how long, and the durable
// job that sends replies decides. See ../shared/PROTOCOLS.md, section 1.
import { z } from "zod";
import {
  bodyText,
  DEFAULT_TIMEOUT_MS,
  providerBytes,
  providerRequest,
} from "../../../platform/http-client.ts";
import { failureOf, TELEGRAM_PROVIDER, TelegramError, unwrapEnvelope } from "./errors.ts";
import {
  type TelegramRawUpdate,
  telegramFileSchema,
  telegramMessageSchema,
  telegramUserSchema,
  telegramWebhookInfoSchema,
} from "./types.ts";

export const TELEGRAM_API_URL = "https://api.telegram.org";
/** Telegram serves bots files up to 20 MB through getFile. */
export const TELEGRAM_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export interface TelegramClientOptions {
  /** Defaults to the real Bot API; tests point it at the fake. */
  baseUrl?: string;
  /** The bot token from BotFather. It is part of every URL: never log URLs built from it. */
  token: string;
  /** Per call; getUpdates adds its long-poll `timeout` on top. */
  timeoutMs?: number;
}

export interface SetWebhookParams {
  /** HTTPS; Telegram accepts ports 443, 80, 88 and 8443 and does not follow redirects. */
  url: string;
  /** Echoed in `X-Telegram-Bot-Api-Secret-Token` on every delivery (see newSecretToken). */
  secretToken?: string;
  /** Update kinds to receive, e.g. TELEGRAM_ALLOWED_UPDATES; omitted keeps the previous setting. */
  allowedUpdates?: readonly string[];
  /** Forget updates that are waiting for delivery. */
  dropPendingUpdates?: boolean;
  /** Parallel deliveries, 1–100 (Telegram's default 40). */
  maxConnections?: number;
}

export interface GetUpdatesParams {
  /** The last handled `update_id` + 1: confirms (and forgets) everything before it. */
  offset?: number;
  /** Long-poll seconds: Telegram holds the request until an update comes or this passes. 0 answers at once. */
  timeout?: number;
  /** 1–100, default 100. */
  limit?: number;
  allowedUpdates?: readonly string[];
  /** Cuts a long poll short (a poller being stopped): the call fails with a ProviderError, code `aborted`. */
  signal?: AbortSignal;
}

export interface SendMessageParams {
  /** A chat id, or "@channelusername". */
  chatId: number | string;
  /** Plain text, 1–4096 characters (no parse mode: a manager's "<" must not break the send). */
  text: string;
  /** Shown as a reply to this message; sent anyway if that message is gone. */
  replyToMessageId?: number;
}

export interface SendFileParams {
  chatId: number | string;
  /** `photo` shows the image in the chat (JPEG/PNG up to 10 MB); `document` sends any file as it is. */
  as: "photo" | "document";
  bytes: Uint8Array;
  fileName: string;
  mimeType: string;
  /** 0–1024 characters, plain text. */
  caption?: string;
}

/** Bots upload files up to 50 MB; they get more time than API calls. */
export const TELEGRAM_UPLOAD_TIMEOUT_MS = 60_000;

const trueResult = z.literal(true);
const rawUpdates = z.array(z.looseObject({ update_id: z.number().int() }));

export type TelegramClient = ReturnType<typeof createTelegramClient>;

export function createTelegramClient(options: TelegramClientOptions) {
  const base = (options.baseUrl ?? TELEGRAM_API_URL).replace(/\/+$/, "");
  const { token } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** POSTs the parameters as JSON and checks the result; an unexpected result shape is permanent. */
  async function call<T>(
    method: string,
    params: object,
    schema: z.ZodType<T>,
    extraMs = 0,
    signal?: AbortSignal,
  ): Promise<T> {
    const res = await providerRequest({
      signal,
      provider: TELEGRAM_PROVIDER,
      url: `${base}/bot${token}/${method}`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
      timeoutMs: timeoutMs + extraMs,
    });
    const parsed = schema.safeParse(unwrapEnvelope(method, res));
    if (parsed.success) return parsed.data;
    // Telegram did the call (a sendMessage went out), so retrying could only repeat it.
    throw new TelegramError(`telegram answered ${method} with an unexpected result`, {
      status: res.status,
      permanent: true,
    });
  }

  /** A multipart call (file uploads), checked like `call`. */
  async function callForm<T>(method: string, form: FormData, schema: z.ZodType<T>): Promise<T> {
    const res = await providerRequest({
      provider: TELEGRAM_PROVIDER,
      url: `${base}/bot${token}/${method}`,
      method: "POST",
      body: form,
      timeoutMs: Math.max(timeoutMs, TELEGRAM_UPLOAD_TIMEOUT_MS),
    });
    const parsed = schema.safeParse(unwrapEnvelope(method, res));
    if (parsed.success) return parsed.data;
    throw new TelegramError(`telegram answered ${method} with an unexpected result`, {
      status: res.status,
      permanent: true,
    });
  }

  /** The URL that downloads a file; it carries the token, so hand it to no one. */
  function fileUrl(filePath: string): string {
    return `${base}/file/bot${token}/${filePath.split("/").map(encodeURIComponent).join("/")}`;
  }

  return {
    /** The bot itself: checks the token and gives the bot's @username for the settings page. */
    getMe: () => call("getMe", {}, telegramUserSchema),

    setWebhook: async (params: SetWebhookParams): Promise<void> => {
      await call(
        "setWebhook",
        {
          url: params.url,
          secret_token: params.secretToken,
          allowed_updates: params.allowedUpdates,
          drop_pending_updates: params.dropPendingUpdates,
          max_connections: params.maxConnections,
        },
        trueResult,
      );
    },

    /** Removes the webhook (so the bot can poll, or on disconnect). */
    deleteWebhook: async (params: { dropPendingUpdates?: boolean } = {}): Promise<void> => {
      await call("deleteWebhook", { drop_pending_updates: params.dropPendingUpdates }, trueResult);
    },

    /** The webhook's state: URL, pending updates and Telegram's last delivery error (for the status page). */
    getWebhookInfo: () => call("getWebhookInfo", {}, telegramWebhookInfoSchema),

    /**
     * Long polling. The HTTP timeout is `timeoutMs` plus the poll `timeout`, so a quiet poll ends with
     * []. Updates come unchecked: pass each to parseUpdate, as the webhook receiver does with a body.
     * A TelegramError with code 409 (isTelegramConflict) means a webhook is set or another poller runs.
     */
    getUpdates: (params: GetUpdatesParams = {}): Promise<TelegramRawUpdate[]> =>
      call(
        "getUpdates",
        {
          offset: params.offset,
          timeout: params.timeout,
          limit: params.limit,
          allowed_updates: params.allowedUpdates,
        },
        rawUpdates,
        (params.timeout ?? 0) * 1000,
        params.signal,
      ),

    /** Sends a text and returns the sent Message (its `message_id` is what later edits and replies use). */
    sendMessage: (params: SendMessageParams) =>
      call(
        "sendMessage",
        {
          chat_id: params.chatId,
          text: params.text,
          reply_parameters:
            params.replyToMessageId === undefined
              ? undefined
              : { message_id: params.replyToMessageId, allow_sending_without_reply: true },
        },
        telegramMessageSchema,
      ),

    /**
     * Uploads a file as a photo or a document (multipart, as Telegram requires for new files) and
     * returns the sent Message: its `photo` (largest last) or `document` carries Telegram's file id.
     */
    sendFile: (params: SendFileParams) => {
      const form = new FormData();
      form.set("chat_id", String(params.chatId));
      if (params.caption) form.set("caption", params.caption);
      const file = new Blob([params.bytes as Uint8Array<ArrayBuffer>], { type: params.mimeType });
      form.set(params.as, file, params.fileName);
      return callForm(params.as === "photo" ? "sendPhoto" : "sendDocument", form, telegramMessageSchema);
    },

    /** A file's metadata and `file_path` (valid for at least an hour) from a message's `file_id`. */
    getFile: (fileId: string) => call("getFile", { file_id: fileId }, telegramFileSchema),

    fileUrl,

    /** Downloads a file by the `file_path` getFile gave (providerBytes: a timeout, no redirects, a cap). */
    downloadFile: async (
      filePath: string,
      limits: { maxBytes?: number; timeoutMs?: number; signal?: AbortSignal } = {},
    ): Promise<{ bytes: Uint8Array; contentType: string | null }> => {
      const res = await providerBytes({
        provider: TELEGRAM_PROVIDER,
        url: fileUrl(filePath),
        timeoutMs: limits.timeoutMs ?? timeoutMs,
        maxBytes: limits.maxBytes ?? TELEGRAM_MAX_DOWNLOAD_BYTES,
        signal: limits.signal,
      });
      if (res.status !== 200) {
        throw failureOf("file download", { status: res.status, headers: res.headers, text: bodyText(res) });
      }
      return { bytes: res.bytes, contentType: res.headers.get("content-type") };
    },
  };
}
