// What the WhatsApp client hands back and takes in, in our names. The Graph answers they come from are
// read (and checked) in client.ts; the webhook payload types live in webhook.ts.

/** The sending number, as `GET /<phone_number_id>` describes it; used to check credentials at connect. */
export interface WhatsAppPhoneNumber {
  /** The phone_number_id (not the phone number). */
  id: string;
  /** As Meta formats it, e.g. "+7 495 123-45-67". */
  displayPhoneNumber: string;
  /** The business name WhatsApp users see once Meta approved it. */
  verifiedName: string;
  /** GREEN, YELLOW, RED or UNKNOWN: low quality leads Meta to lower the number's limits. */
  qualityRating?: string;
}

/** An accepted send. Delivery is reported later by status webhooks keyed on `messageId`. */
export interface WhatsAppSentMessage {
  /** The `wamid.…` id that status webhooks and replies (`context.id`) refer to. */
  messageId: string;
  /** The recipient's WhatsApp id as Meta resolved it (digits, no "+"). */
  waId: string;
}

/** A media object's temporary download URL (valid for minutes: download it right away). */
export interface WhatsAppMediaInfo {
  id: string;
  url: string;
  mimeType: string;
  sha256?: string;
  fileSize?: number;
}

export interface WhatsAppDownloadedMedia {
  bytes: Uint8Array;
  contentType: string;
}

/** A parameter of a template component, as Graph takes it. */
export type WhatsAppTemplateParameter =
  | { type: "text"; text: string }
  | { type: "payload"; payload: string }
  | { type: "image"; image: { id?: string; link?: string } }
  | { type: "document"; document: { id?: string; link?: string; filename?: string } }
  | { type: "video"; video: { id?: string; link?: string } };

/** Fills the template's placeholders: `{type:"body", parameters:[{type:"text", text:"Иван"}]}`. */
export interface WhatsAppTemplateComponent {
  type: "header" | "body" | "button";
  /** Buttons only: which kind of button and its position. */
  sub_type?: "quick_reply" | "url";
  index?: string;
  parameters: WhatsAppTemplateParameter[];
}

export interface SendTextInput {
  /** The user's wa_id (or a phone number in international format). */
  to: string;
  text: string;
  /** A `wamid.…` to quote: WhatsApp shows the reply attached to that message. */
  replyTo?: string;
  /** Let WhatsApp render a preview of the first link; off by default. */
  previewUrl?: boolean;
}

export interface SendTemplateInput {
  to: string;
  /** The approved template's name. */
  name: string;
  /** The template's language code, e.g. "ru" or "en_US". */
  language: string;
  components?: WhatsAppTemplateComponent[];
}
