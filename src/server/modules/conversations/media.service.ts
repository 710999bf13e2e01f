// A message's file, for the browser: a file we sent comes from `message_files`; a client's file is
// downloaded from the provider on demand (nothing is cached) with the channel's credentials, which
// never leave the server.
import { and, eq } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { messageFiles, messages, messagingIntegrations } from "../../db/schema/index.ts";
import { clientsFor, openCredentials } from "../../integrations/messaging/channels.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { ProviderError, providerBytes } from "../../platform/http-client.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { findConversation } from "./conversations.service.ts";

export interface MediaDeps {
  db: Db;
  config: Pick<Config, "providers">;
  secrets: SecretBox;
}

export interface MediaFile {
  bytes: Uint8Array;
  mimeType: string;
  fileName: string;
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
  "audio/ogg": "ogg",
  "video/mp4": "mp4",
};

/** The `index`-th file of a message in a conversation the actor sees; 404 for anything else. */
export async function getMessageMedia(
  deps: MediaDeps,
  actor: Actor,
  ids: { id: string; messageId: string; index: number },
): Promise<MediaFile> {
  const conversation = await findConversation(deps.db, actor, ids.id);
  const [message] = await deps.db
    .select({ media: messages.media })
    .from(messages)
    .where(
      and(
        inWorkspace(actor, messages),
        eq(messages.conversationId, conversation.id),
        eq(messages.id, ids.messageId),
      ),
    );
  const media = message?.media[ids.index];
  if (!media) throw notFound("File");
  const fallbackName = `${media.kind}-${ids.index + 1}.${EXTENSIONS[media.mimeType ?? ""] ?? "bin"}`;

  if (media.storedFileId) {
    const [file] = await deps.db
      .select()
      .from(messageFiles)
      .where(and(inWorkspace(actor, messageFiles), eq(messageFiles.id, media.storedFileId)));
    if (!file) throw notFound("File");
    return { bytes: file.content, mimeType: file.mimeType, fileName: file.fileName };
  }

  const [integration] = await deps.db
    .select()
    .from(messagingIntegrations)
    .where(
      and(
        inWorkspace(actor, messagingIntegrations),
        eq(messagingIntegrations.id, conversation.integrationId),
      ),
    );
  if (!integration || !media.fileId) throw notFound("File");
  const clients = clientsFor(deps.config);
  try {
    switch (integration.platform) {
      case "telegram": {
        const client = clients.telegram(openCredentials(deps.secrets, "telegram", integration));
        const info = await client.getFile(media.fileId);
        if (!info.file_path) throw gone("Telegram no longer gives this file");
        const file = await client.downloadFile(info.file_path);
        return {
          bytes: file.bytes,
          mimeType: media.mimeType ?? file.contentType ?? "application/octet-stream",
          fileName: media.fileName ?? fallbackName,
        };
      }
      case "whatsapp": {
        const client = clients.whatsapp(openCredentials(deps.secrets, "whatsapp", integration));
        const info = await client.getMediaUrl(media.fileId);
        const file = await client.downloadMedia(info.url);
        return {
          bytes: file.bytes,
          mimeType: media.mimeType ?? info.mimeType,
          fileName: media.fileName ?? fallbackName,
        };
      }
      case "avito": {
        // An image message names a public URL on Avito's CDN; only those (or the configured API's
        // origin, the fake) are fetched, so a stored URL cannot make the server fetch anything else.
        if (!isAvitoImageUrl(media.fileId, deps.config.providers.avito)) throw notFound("File");
        const res = await providerBytes({ provider: "avito", url: media.fileId, timeoutMs: 30_000 });
        if (res.status !== 200) throw gone(`Avito answered ${res.status} for this image`);
        return {
          bytes: res.bytes,
          mimeType: media.mimeType ?? res.headers.get("content-type") ?? "image/jpeg",
          fileName: media.fileName ?? fallbackName,
        };
      }
      default: {
        const never: never = integration.platform;
        throw new Error(`unknown platform ${String(never)}`);
      }
    }
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    if (err.permanent) throw gone(`The provider no longer gives this file: ${err.message}`);
    const headers: Record<string, string> = err.retryAfterMs
      ? { "retry-after": String(Math.ceil(err.retryAfterMs / 1000)) }
      : {};
    throw new AppError(
      "unavailable",
      `The provider did not give the file: ${err.message}`,
      undefined,
      headers,
    );
  }
}

/** Avito's image CDN [unconfirmed: seen as `*.img.avito.st` in third-party code]. */
export const AVITO_IMAGE_HOST_SUFFIXES = [".avito.st"] as const;

export function isAvitoImageUrl(url: string, apiBaseUrl: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (URL.canParse(apiBaseUrl) && target.origin === new URL(apiBaseUrl).origin) return true;
  return target.protocol === "https:" && AVITO_IMAGE_HOST_SUFFIXES.some((s) => target.hostname.endsWith(s));
}

const gone = (message: string) => new AppError("gone", message);

/** Types a browser may show inline from our origin; anything else is downloaded (no HTML, no SVG). */
const INLINE_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "audio/ogg",
  "audio/mpeg",
  "video/mp4",
]);

export const isInlineType = (mimeType: string) =>
  INLINE_TYPES.has(mimeType.split(";")[0]?.trim().toLowerCase() ?? "");

/** The stored type when it is a plain `type/subtype` (it comes from a client or a provider). */
export const safeContentType = (mimeType: string) =>
  /^[\w.+-]+\/[\w.+-]+$/.test(mimeType) ? mimeType : "application/octet-stream";

/**
 * `Content-Disposition` with an ASCII fallback name and the real one RFC 5987-encoded, so quotes,
 * line breaks and non-Latin names can neither break the header nor the download's name.
 */
export function contentDisposition(fileName: string, inline: boolean): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_").trim() || "file";
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
