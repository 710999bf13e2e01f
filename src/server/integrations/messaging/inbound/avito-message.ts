// An Avito webhook message (avito/webhook.ts describeWebhook) as the platform-neutral InboundMessage.
import type { AvitoInboundMessage } from "../avito/webhook.ts";
import type { IntegrationRow } from "../channels.ts";
import type { InboundMessage } from "./types.ts";

/**
 * The buyer's message. The webhook names neither the buyer nor a phone (Avito hides them): the chat is
 * titled after its listing (`u2i`) or the buyer's id, and the contact starts without a name.
 */
export function avitoInbound(integration: IntegrationRow, m: AvitoInboundMessage): InboundMessage {
  return {
    integration,
    externalChatId: m.chatId,
    chatTitle: m.itemId ? `Объявление ${m.itemId}` : `Покупатель ${m.authorId}`,
    ...(m.itemId && { listingId: String(m.itemId) }),
    sender: { providerId: String(m.authorId), firstName: null, lastName: null, username: null },
    message: {
      externalId: m.messageId,
      // An image is proxied from its URL on demand; voice, files: the webhook carries nothing to download,
      // so the type says what came.
      text: m.text ?? (m.imageUrl ? null : `[${m.messageType}]`),
      media: m.imageUrl ? [{ kind: "photo", fileId: m.imageUrl }] : [],
      sentAt: new Date(m.created * 1000),
    },
  };
}
