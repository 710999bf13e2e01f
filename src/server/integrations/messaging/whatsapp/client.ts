// The WhatsApp Business Cloud API (Meta Graph API) as the CRM uses it: check the number, send text and
// templates, mark messages read, fetch media, subscribe the app to the WABA. Wire facts: PROTOCOLS.md §2.
// The client does not retry: a failed send is a ProviderError whose `permanent` and `retryAfterMs`
// tell the durable job what to do.
import { ProviderError, providerRequest } from "../../../platform/http-client.ts";
import { graphError, malformed, PROVIDER } from "./errors.ts";
import { downloadMediaBytes } from "./media.ts";
import type {
  SendTemplateInput,
  SendTextInput,
  WhatsAppDownloadedMedia,
  WhatsAppMediaInfo,
  WhatsAppPhoneNumber,
  WhatsAppSentMessage,
} from "./types.ts";

export const DEFAULT_BASE_URL = "https://graph.facebook.com";
/** Meta retires a Graph version about two years after release; move this forward with it. */
export const DEFAULT_GRAPH_VERSION = "v21.0";

export interface WhatsAppClientOptions {
  /** Graph's origin; tests point it at the fake. */
  baseUrl?: string;
  /** "v21.0" style; a per-channel setting so a retired version can be bumped without a release. */
  graphVersion?: string;
  /** A System User token with whatsapp_business_messaging (and _management for subscribeApp). */
  accessToken: string;
  /** The sending number's id (not the number itself). */
  phoneNumberId: string;
  /** The WhatsApp Business Account id, needed only by `subscribeApp`. */
  wabaId?: string;
  timeoutMs?: number;
}

/** A file to send: uploaded to `/<phone_number_id>/media` first, then sent by its media id. */
export interface SendMediaInput {
  to: string;
  /** `image` (JPEG/PNG up to 5 MB) shows in the chat; `document` is any file up to 100 MB. */
  type: "image" | "document";
  mediaId: string;
  caption?: string;
  /** Documents only: the name the user sees. */
  fileName?: string;
}

/** Uploads get more time than API calls. */
export const UPLOAD_TIMEOUT_MS = 60_000;

type Read<T> = (body: Record<string, unknown>) => T | undefined;

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const first = (v: unknown) => (Array.isArray(v) ? (v[0] as Record<string, unknown> | undefined) : undefined);
const success: Read<true> = (b) => (b.success === true ? true : undefined);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type WhatsAppClient = ReturnType<typeof createWhatsAppClient>;

export function createWhatsAppClient(options: WhatsAppClientOptions) {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const version = options.graphVersion ?? DEFAULT_GRAPH_VERSION;
  const { accessToken } = options;
  const phoneNumberId = encodeURIComponent(options.phoneNumberId);

  /** One Graph call: the envelope's error becomes a ProviderError, a body `read` rejects is malformed. */
  async function graph<T>(
    method: "GET" | "POST",
    path: string,
    read: Read<T>,
    payload?: { query?: Record<string, string>; json?: unknown; form?: FormData },
  ): Promise<T> {
    const url = new URL(`${baseUrl}/${version}/${path}`);
    for (const [k, v] of Object.entries(payload?.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
    if (payload?.json !== undefined) headers["content-type"] = "application/json";
    const res = await providerRequest({
      provider: PROVIDER,
      url: url.toString(),
      method,
      headers,
      body: payload?.form ?? (payload?.json === undefined ? undefined : JSON.stringify(payload.json)),
      timeoutMs: payload?.form ? Math.max(options.timeoutMs ?? 0, UPLOAD_TIMEOUT_MS) : options.timeoutMs,
    });
    const body = parseJson(res.text);
    const error = graphError(res.status, res.headers, body);
    if (error) throw error;
    const ok = res.status >= 200 && res.status < 300;
    const value =
      ok && typeof body === "object" && body !== null ? read(body as Record<string, unknown>) : undefined;
    if (value !== undefined) return value;
    throw malformed(
      res.status,
      res.headers,
      ok ? "an answer it does not document" : "a body that is not a Graph error",
    );
  }

  const readSent =
    (to: string): Read<WhatsAppSentMessage> =>
    (b) => {
      const messageId = str(first(b.messages)?.id);
      return messageId ? { messageId, waId: str(first(b.contacts)?.wa_id) ?? to } : undefined;
    };

  const send = (to: string, message: Record<string, unknown>) =>
    graph("POST", `${phoneNumberId}/messages`, readSent(to), {
      json: { messaging_product: "whatsapp", recipient_type: "individual", to, ...message },
    });

  return {
    /** Reads the sending number; a ProviderError here means the credentials or the id are wrong. */
    getPhoneNumber(): Promise<WhatsAppPhoneNumber> {
      return graph(
        "GET",
        phoneNumberId,
        (b) => {
          const id = str(b.id);
          const displayPhoneNumber = str(b.display_phone_number);
          if (!id || !displayPhoneNumber) return undefined;
          return {
            id,
            displayPhoneNumber,
            verifiedName: str(b.verified_name) ?? "",
            qualityRating: str(b.quality_rating),
          };
        },
        { query: { fields: "id,display_phone_number,verified_name,quality_rating" } },
      );
    },

    /** A free-form text; only inside the 24-hour window (else code 131047, see `isWindowClosed`). */
    sendText(input: SendTextInput): Promise<WhatsAppSentMessage> {
      return send(input.to, {
        ...(input.replyTo ? { context: { message_id: input.replyTo } } : {}),
        type: "text",
        text: { preview_url: input.previewUrl ?? false, body: input.text },
      });
    },

    /** An approved template: the only way to write first or after the 24-hour window closed. */
    sendTemplate(input: SendTemplateInput): Promise<WhatsAppSentMessage> {
      return send(input.to, {
        type: "template",
        template: {
          name: input.name,
          language: { code: input.language },
          ...(input.components?.length ? { components: input.components } : {}),
        },
      });
    },

    /** Uploads a file for sending; answers its media id (Meta keeps it for 30 days). */
    uploadMedia(file: { bytes: Uint8Array; fileName: string; mimeType: string }): Promise<string> {
      const form = new FormData();
      form.set("messaging_product", "whatsapp");
      form.set("type", file.mimeType);
      form.set(
        "file",
        new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType }),
        file.fileName,
      );
      return graph("POST", `${phoneNumberId}/media`, (b) => str(b.id), { form });
    },

    /** An uploaded image or document (free-form: only inside the 24-hour window, like text). */
    sendMedia(input: SendMediaInput): Promise<WhatsAppSentMessage> {
      const media =
        input.type === "document"
          ? { id: input.mediaId, caption: input.caption, filename: input.fileName }
          : { id: input.mediaId, caption: input.caption };
      return send(input.to, { type: input.type, [input.type]: media });
    },

    /** Shows the user blue ticks for this message (and the ones before it). */
    async markRead(messageId: string): Promise<void> {
      await graph("POST", `${phoneNumberId}/messages`, success, {
        json: { messaging_product: "whatsapp", status: "read", message_id: messageId },
      });
    },

    /** The media id from a webhook → a download URL that expires within minutes. */
    getMediaUrl(mediaId: string): Promise<WhatsAppMediaInfo> {
      return graph(
        "GET",
        encodeURIComponent(mediaId),
        (b) => {
          const url = str(b.url);
          if (!url) return undefined;
          const size = Number(b.file_size);
          return {
            id: str(b.id) ?? mediaId,
            url,
            mimeType: str(b.mime_type) ?? "application/octet-stream",
            sha256: str(b.sha256),
            fileSize: Number.isFinite(size) && b.file_size !== undefined ? size : undefined,
          };
        },
        // Graph then also checks that the media belongs to our number.
        { query: { phone_number_id: options.phoneNumberId } },
      );
    },

    /** Downloads a URL from `getMediaUrl` with the Bearer token (only to Meta's media hosts). */
    downloadMedia(
      url: string,
      limits: { timeoutMs?: number; maxBytes?: number; signal?: AbortSignal } = {},
    ): Promise<WhatsAppDownloadedMedia> {
      return downloadMediaBytes({ url, accessToken, baseUrl, ...limits });
    },

    /** Subscribes our Meta app to the WABA's webhooks (messages and statuses start arriving). */
    async subscribeApp(): Promise<void> {
      if (!options.wabaId) {
        throw new ProviderError(PROVIDER, "The WhatsApp Business Account id is not set", {
          status: 0,
          code: "waba_id_missing",
          permanent: true,
        });
      }
      await graph("POST", `${encodeURIComponent(options.wabaId)}/subscribed_apps`, success);
    },
  };
}
