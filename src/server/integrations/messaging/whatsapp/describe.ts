// The flat description of a webhook delivery that processing works from: one batch per phone number
// and change, with messages and statuses in our names and nothing that did not parse.
import { z } from "zod";
import {
  changeValueSchema,
  inboundMessageSchema,
  MEDIA_TYPES,
  STATUS_KINDS,
  statusSchema,
  type WhatsAppInboundMessage,
  type WhatsAppMediaType,
  type WhatsAppStatusKind,
  type WhatsAppWebhookError,
} from "./webhook.ts";

const str = z.string();

export interface DescribedError {
  code: number;
  title?: string;
  message?: string;
  details?: string;
}

export interface DescribedMessage {
  /** `wamid.…`, unique per message: key inbound events on it (deliveries repeat). */
  id: string;
  /** The sender's wa_id (digits of the phone number). */
  from: string;
  /** The sender's WhatsApp profile name, when Meta sent it. */
  name?: string;
  timestamp: Date;
  type: string;
  /** The text to show: the body, a caption, or the title of the pressed button or list item. */
  text?: string;
  media?: { type: WhatsAppMediaType; id: string; mimeType?: string; sha256?: string; filename?: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** The `wamid.…` this message replies to. */
  replyTo?: string;
  /** Why WhatsApp could not pass the content on (type "unsupported"). */
  error?: DescribedError;
}

export interface DescribedStatus {
  /** The `wamid.…` our send returned. */
  id: string;
  status: WhatsAppStatusKind;
  timestamp: Date;
  recipientId?: string;
  /** Why it failed (status "failed"); code 131047 means the 24-hour window had closed. */
  error?: DescribedError;
}

/** One `changes[]` item of field "messages": everything one phone number received or reported. */
export interface WhatsAppBatch {
  wabaId: string;
  phoneNumberId: string;
  messages: DescribedMessage[];
  statuses: DescribedStatus[];
  /** Errors about the number or the app as a whole (`value.errors[]`). */
  errors: DescribedError[];
  /** Items that did not parse, or statuses of kinds we do not know: log them, do not fail the batch. */
  unreadable: unknown[];
}

const toDate = (t: string | number) => new Date(Number(t) * 1000);

function describeError(e: WhatsAppWebhookError | undefined): DescribedError | undefined {
  if (!e) return undefined;
  return { code: e.code, title: e.title, message: e.message, details: e.error_data?.details };
}

function describeMessage(m: WhatsAppInboundMessage, names: Map<string, string>): DescribedMessage {
  const mediaType = MEDIA_TYPES.find((t) => t === m.type);
  const media = mediaType ? m[mediaType] : undefined;
  const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
  return {
    id: m.id,
    from: m.from,
    name: names.get(m.from),
    timestamp: toDate(m.timestamp),
    type: m.type,
    text: m.text?.body ?? media?.caption ?? m.button?.text ?? reply?.title,
    media:
      mediaType && media
        ? {
            type: mediaType,
            id: media.id,
            mimeType: media.mime_type,
            sha256: media.sha256,
            filename: media.filename,
          }
        : undefined,
    location: m.location
      ? {
          latitude: m.location.latitude,
          longitude: m.location.longitude,
          name: m.location.name,
          address: m.location.address,
        }
      : undefined,
    replyTo: m.context?.id,
    error: describeError(m.errors?.[0]),
  };
}

const isStatusKind = (s: string): s is WhatsAppStatusKind => (STATUS_KINDS as readonly string[]).includes(s);

// The same shapes one level at a time, so that a bad item is set aside instead of failing its siblings.
const shallowEnvelope = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.unknown()),
});
const shallowEntry = z.looseObject({
  id: str,
  changes: z.array(z.looseObject({ field: str, value: z.unknown() })),
});
const contactSchema = changeValueSchema.shape.contacts.unwrap().element;
const shallowValue = changeValueSchema.extend({
  contacts: z.unknown().optional(),
  messages: z.unknown().optional(),
  statuses: z.unknown().optional(),
});

const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * The messages and statuses in a delivery, one batch per `changes[]` item of field "messages". Reads
 * item by item, so one odd message does not lose the others; a body that is not a WhatsApp Business
 * Account delivery at all gives no batches.
 */
export function describeWebhook(payload: unknown): WhatsAppBatch[] {
  const batches: WhatsAppBatch[] = [];
  const parsed = shallowEnvelope.safeParse(payload);
  if (!parsed.success) return batches;
  for (const rawEntry of parsed.data.entry) {
    const entry = shallowEntry.safeParse(rawEntry);
    if (!entry.success) continue;
    for (const change of entry.data.changes) {
      if (change.field !== "messages") continue;
      const value = shallowValue.safeParse(change.value);
      if (!value.success) continue;
      const names = new Map<string, string>();
      for (const raw of arrayOf(value.data.contacts)) {
        const contact = contactSchema.safeParse(raw);
        if (contact.success && contact.data.profile?.name)
          names.set(contact.data.wa_id, contact.data.profile.name);
      }
      const batch: WhatsAppBatch = {
        wabaId: entry.data.id,
        phoneNumberId: value.data.metadata.phone_number_id,
        messages: [],
        statuses: [],
        errors: (value.data.errors ?? []).map((e) => describeError(e)!),
        unreadable: [],
      };
      for (const raw of arrayOf(value.data.messages)) {
        const m = inboundMessageSchema.safeParse(raw);
        if (m.success) batch.messages.push(describeMessage(m.data, names));
        else batch.unreadable.push(raw);
      }
      for (const raw of arrayOf(value.data.statuses)) {
        const s = statusSchema.safeParse(raw);
        if (!s.success || !isStatusKind(s.data.status)) {
          batch.unreadable.push(raw);
          continue;
        }
        const { id, status, timestamp, recipient_id, errors } = s.data;
        batch.statuses.push({
          id,
          status,
          timestamp: toDate(timestamp),
          recipientId: recipient_id,
          error: describeError(errors?.[0]),
        });
      }
      batches.push(batch);
    }
  }
  return batches;
}
