// The platform-neutral shape of one inbound chat message. Each provider's receiver (Telegram now,
// WhatsApp and Avito next) turns its event into an InboundMessage; process-message.ts does the rest.
import type { MessageMedia } from "../../../db/schema/index.ts";
import type { IntegrationRow } from "../channels.ts";

/** The person who wrote, as the provider describes them. */
export interface SenderProfile {
  /** The provider's id of the person: Telegram user id, WhatsApp wa_id, Avito user id. */
  providerId: string;
  firstName: string | null;
  lastName: string | null;
  /** Telegram @username, without the @. */
  username: string | null;
  /** In any spelling; stored in E.164, ignored when it is not a phone number. */
  phone?: string | null;
}

export interface InboundMessage {
  /** The channel the message came through; its workspace is the only workspace touched. */
  integration: IntegrationRow;
  /** The provider's chat: Telegram chat id, WhatsApp wa_id, Avito chat id. */
  externalChatId: string;
  /** A group's title, else the person's name: the conversation's title in the inbox. */
  chatTitle: string;
  /** Avito: the listing the chat is about. */
  listingId?: string;
  sender: SenderProfile;
  message: {
    /** The provider's id of the message, unique per integration (Telegram `<chat id>:<message id>`). */
    externalId: string;
    text: string | null;
    media: MessageMedia[];
    /** When the person sent it (the provider's time, not ours). */
    sentAt: Date;
    /** An edit of a message sent earlier (same externalId): its text and media replace the stored ones. */
    edited?: boolean;
  };
}

export interface InboundOutcome {
  /** `duplicate`: the provider redelivered a message already stored; nothing was written. */
  status: "stored" | "edited" | "duplicate";
  conversationId: string;
  messageId: string | null;
  contactId: string | null;
  dealId: string | null;
  /** The Unsorted lead made for a new chat, if one was. */
  leadId: string | null;
  created: { conversation: boolean; contact: boolean; deal: boolean };
}
