// The event deliveries WhatsApp POSTs to the callback URL, as schemas (the types follow from them;
// describe.ts reads them for processing). Field names: PROTOCOLS.md §2 and Meta's
// webhook reference. Objects are loose: Meta adds fields, and we keep what we do not read.
import { z } from "zod";

const str = z.string();
// Meta documents timestamps as strings of Unix seconds; a number is accepted all the same.
const unixSeconds = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]);

/** An error as webhooks carry it (`statuses[].errors[]`, `messages[].errors[]`, `value.errors[]`). */
export const webhookErrorSchema = z.looseObject({
  code: z.number(),
  title: str.optional(),
  message: str.optional(),
  error_data: z.looseObject({ details: str.optional() }).optional(),
});

/** image, video, audio, document and sticker messages carry one of these; fetch it with getMediaUrl. */
export const mediaSchema = z.looseObject({
  id: str,
  mime_type: str.optional(),
  sha256: str.optional(),
  caption: str.optional(),
  filename: str.optional(),
  /** audio: true when it is a voice note recorded in the app. */
  voice: z.boolean().optional(),
});

export const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const;
export type WhatsAppMediaType = (typeof MEDIA_TYPES)[number];

export const inboundMessageSchema = z.looseObject({
  /** `wamid.…`: the idempotency key of an inbound message. */
  id: str,
  /** The sender's wa_id. */
  from: str,
  timestamp: unixSeconds,
  /** text, image, video, audio, document, sticker, location, contacts, interactive, button, reaction,
   * order, system, unsupported…: one matching sub-object carries the content. */
  type: str,
  /** Set when the user replied to (quoted) a message, or pressed a button under one. */
  context: z.looseObject({ from: str.optional(), id: str.optional() }).optional(),
  text: z.looseObject({ body: str }).optional(),
  image: mediaSchema.optional(),
  video: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: str.optional(),
      address: str.optional(),
    })
    .optional(),
  /** A template's quick-reply button. */
  button: z.looseObject({ text: str.optional(), payload: str.optional() }).optional(),
  interactive: z
    .looseObject({
      type: str,
      button_reply: z.looseObject({ id: str, title: str }).optional(),
      list_reply: z.looseObject({ id: str, title: str, description: str.optional() }).optional(),
    })
    .optional(),
  reaction: z.looseObject({ message_id: str, emoji: str.optional() }).optional(),
  /** type "unsupported" explains itself here. */
  errors: z.array(webhookErrorSchema).optional(),
});

export const STATUS_KINDS = ["sent", "delivered", "read", "failed"] as const;
export type WhatsAppStatusKind = (typeof STATUS_KINDS)[number];

/** What happened to a message we sent; `id` is the `wamid.…` the send returned. */
export const statusSchema = z.looseObject({
  id: str,
  status: str,
  timestamp: unixSeconds,
  recipient_id: str.optional(),
  errors: z.array(webhookErrorSchema).optional(),
  conversation: z.looseObject({ id: str.optional() }).optional(),
  pricing: z.looseObject({ billable: z.boolean().optional(), category: str.optional() }).optional(),
});

export const changeValueSchema = z.looseObject({
  messaging_product: str.optional(),
  metadata: z.looseObject({ display_phone_number: str.optional(), phone_number_id: str }),
  contacts: z
    .array(z.looseObject({ wa_id: str, profile: z.looseObject({ name: str.optional() }).optional() }))
    .optional(),
  messages: z.array(inboundMessageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
  errors: z.array(webhookErrorSchema).optional(),
});

export const whatsAppWebhookSchema = z.looseObject({
  /** "whatsapp_business_account". */
  object: str,
  entry: z.array(
    z.looseObject({
      /** The WABA id. */
      id: str,
      /** One per subscribed field; messages and statuses come under field "messages". */
      changes: z.array(z.looseObject({ field: str, value: changeValueSchema })),
    }),
  ),
});

export type WhatsAppWebhook = z.infer<typeof whatsAppWebhookSchema>;
export type WhatsAppChangeValue = z.infer<typeof changeValueSchema>;
export type WhatsAppInboundMessage = z.infer<typeof inboundMessageSchema>;
export type WhatsAppStatus = z.infer<typeof statusSchema>;
export type WhatsAppWebhookError = z.infer<typeof webhookErrorSchema>;
