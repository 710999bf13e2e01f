// A WhatsApp delivery's described messages (whatsapp/describe.ts) as platform-neutral InboundMessages.
import type { MessageMedia } from "../../../db/schema/index.ts";
import type { IntegrationRow } from "../channels.ts";
import type { DescribedMessage } from "../whatsapp/describe.ts";
import type { WhatsAppMediaType } from "../whatsapp/webhook.ts";
import type { InboundMessage } from "./types.ts";

const MEDIA_KIND: Record<WhatsAppMediaType, MessageMedia["kind"]> = {
  image: "photo",
  video: "video",
  audio: "audio",
  document: "document",
  sticker: "sticker",
};

/** Kinds that are not something the person said: a reaction to one of our messages, Meta's notices. */
const IGNORED_TYPES = new Set(["reaction", "system"]);

function toMedia(media: NonNullable<DescribedMessage["media"]>): MessageMedia {
  return {
    kind: MEDIA_KIND[media.type],
    fileId: media.id,
    ...(media.filename !== undefined && { fileName: media.filename }),
    ...(media.mimeType !== undefined && { mimeType: media.mimeType }),
  };
}

/** What the inbox shows for a message without text: a location as words, else its type in brackets. */
function fallbackText(m: DescribedMessage): string | null {
  if (m.location) {
    const { latitude, longitude, name, address } = m.location;
    return [name, address, `${latitude}, ${longitude}`].filter(Boolean).join(" — ");
  }
  // A shared contact card, an order, an unsupported message: kept, so the chat shows something came.
  return m.media ? null : `[${m.type}]`;
}

/** The message as the CRM stores it, or null for kinds that are not a message from the person. */
export function whatsappInbound(integration: IntegrationRow, m: DescribedMessage): InboundMessage | null {
  if (IGNORED_TYPES.has(m.type)) return null;
  // wa_id is the international number without "+": the chat, the person and their phone at once.
  const phone = `+${m.from}`;
  const name = m.name?.trim() || null;
  return {
    integration,
    externalChatId: m.from,
    chatTitle: name ?? phone,
    sender: {
      providerId: m.from,
      // A WhatsApp profile name is one free-form string; it is not split into first and last name.
      firstName: name,
      lastName: null,
      username: null,
      phone,
    },
    message: {
      externalId: m.id,
      text: m.text || fallbackText(m),
      media: m.media ? [toMedia(m.media)] : [],
      sentAt: m.timestamp,
    },
  };
}
