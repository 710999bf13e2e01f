// One outbound message through its platform's client: what each provider needs and which id it answers.
import type { Config } from "../../../config.ts";
import type { conversations, MessageMedia, MessageTemplate, messages } from "../../../db/schema/index.ts";
import type { SecretBox } from "../../../platform/crypto.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { clientsFor, type IntegrationRow, openCredentials } from "../channels.ts";

export interface Outgoing {
  message: typeof messages.$inferSelect;
  conversation: typeof conversations.$inferSelect;
  integration: IntegrationRow;
  /** A WhatsApp template instead of the message's text (`messages.template`; older jobs carry it). */
  template?: MessageTemplate;
  /** The bytes of the message's file (`media[0].storedFileId` in `message_files`). */
  file?: { fileName: string; mimeType: string; bytes: Uint8Array };
}

export interface Delivered {
  /** As `messages.external_id` stores it. */
  externalId: string;
  /** The message's media with the provider's file id of the uploaded file filled in. */
  media?: MessageMedia[];
}

const refused = (provider: string, reason: string) =>
  new ProviderError(provider, reason, { status: 0, permanent: true });

/** Telegram's 400 for an image it will not take as a photo (PHOTO_INVALID_DIMENSIONS, IMAGE_PROCESS_FAILED…). */
const isPhotoRefusal = (err: unknown) =>
  err instanceof ProviderError && err.status === 400 && /PHOTO|IMAGE/i.test(err.message);

/** The media with the provider's id of the file we uploaded set on the first (the only one we send). */
const withFileId = (media: MessageMedia[], fileId: string | undefined): MessageMedia[] =>
  media.map((m, i) => (i === 0 && fileId ? { ...m, fileId } : m));

/**
 * Sends and answers the provider's id of the sent message (Telegram `<chat id>:<message id>`, WhatsApp
 * wamid, Avito id) and, for a file, the provider's id of the uploaded file. Throws ProviderError.
 */
export async function deliver(
  deps: { config: Pick<Config, "providers">; secrets: SecretBox },
  out: Outgoing,
): Promise<Delivered> {
  const { integration, conversation, file } = out;
  const clients = clientsFor(deps.config);
  const text = out.message.text;
  const media = out.message.media;
  const chat = conversation.externalChatId;
  const platform = integration.platform;
  const template = platform === "whatsapp" ? out.template : undefined;
  if (media[0]?.storedFileId && !file) throw refused(platform, "The attached file is gone");
  if (!text && !template && !file) throw refused(platform, "The message has no text");
  const caption = text ?? undefined;
  switch (platform) {
    case "telegram": {
      const client = clients.telegram(openCredentials(deps.secrets, "telegram", integration));
      if (file) {
        const params = { chatId: chat, caption, ...file };
        let kind: "photo" | "document" = media[0]?.kind === "photo" ? "photo" : "document";
        let sent: Awaited<ReturnType<typeof client.sendFile>>;
        try {
          sent = await client.sendFile({ ...params, as: kind });
        } catch (err) {
          // Telegram refuses some images as photos (dimensions, ratio): the file still goes, as a document.
          if (kind !== "photo" || !isPhotoRefusal(err)) throw err;
          kind = "document";
          sent = await client.sendFile({ ...params, as: "document" });
        }
        const fileId = sent.photo?.at(-1)?.file_id ?? sent.document?.file_id;
        const sentMedia = withFileId(media, fileId).map((m, i) => (i === 0 ? { ...m, kind } : m));
        return { externalId: `${sent.chat.id}:${sent.message_id}`, media: sentMedia };
      }
      const sent = await client.sendMessage({ chatId: chat, text: text ?? "" });
      return { externalId: `${sent.chat.id}:${sent.message_id}` };
    }
    case "whatsapp": {
      const client = clients.whatsapp(openCredentials(deps.secrets, "whatsapp", integration));
      if (template) {
        const components = template.params.length
          ? [
              {
                type: "body" as const,
                parameters: template.params.map((p) => ({ type: "text" as const, text: p })),
              },
            ]
          : undefined;
        const sent = await client.sendTemplate({
          to: chat,
          name: template.name,
          language: template.language,
          components,
        });
        return { externalId: sent.messageId };
      }
      if (file) {
        // A retried send uploads again: a media id from a failed attempt is not kept.
        const mediaId = await client.uploadMedia(file);
        const type = media[0]?.kind === "photo" ? "image" : "document";
        const sent = await client.sendMedia({ to: chat, type, mediaId, caption, fileName: file.fileName });
        return { externalId: sent.messageId, media: withFileId(media, mediaId) };
      }
      const sent = await client.sendText({ to: chat, text: text ?? "" });
      return { externalId: sent.messageId };
    }
    case "avito": {
      if (file) throw refused("avito", "Files are not supported on Avito");
      const accountId = integration.account.accountId;
      if (!accountId) throw refused("avito", "The Avito channel has no account id; connect it again");
      const client = clients.avito(openCredentials(deps.secrets, "avito", integration));
      const sent = await client.sendText({ accountId, chatId: chat, text: text ?? "" });
      return { externalId: sent.id };
    }
    default: {
      const never: never = platform;
      throw new Error(`unknown platform ${String(never)}`);
    }
  }
}
