// What a manager needs to see of an incoming lead, pulled from what the channel delivered: who, how to
// reach them, what they wrote, and the advertising tags (UTM) it came with.

export interface LeadContact {
  name?: string;
  phone?: string;
  email?: string;
  telegramUsername?: string;
  telegramId?: string;
  whatsappId?: string;
  company?: string;
}

export interface LeadSummary {
  name: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
  telegram: string | null;
  whatsapp: string | null;
  message: string | null;
  /** A messenger chat's lead: the conversation in the inbox. */
  conversationId: string | null;
  /** utm_source, utm_medium… in the usual order, then any other utm_ key. */
  utm: [string, string][];
  /** Other scalar payload fields, as delivered (form fields the channel passed on). */
  extra: [string, string][];
}

/** Payload keys a channel puts the lead's own words under (a form's comment, a chat's first message). */
const MESSAGE_KEYS = [
  "message",
  "text",
  "comment",
  "comments",
  "question",
  "body",
  "сообщение",
  "комментарий",
];
/** Payload keys that repeat the contact and are shown there. */
const CONTACT_KEYS: Record<string, keyof LeadContact> = {
  name: "name",
  fio: "name",
  имя: "name",
  phone: "phone",
  tel: "phone",
  телефон: "phone",
  email: "email",
  mail: "email",
  company: "company",
  компания: "company",
};
/** Ids a messenger channel records for the CRM itself; the card links the chat instead of showing them. */
const INTERNAL_KEYS = new Set(["integrationId", "conversationId", "contactId"]);
const UTM_ORDER = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"];
const MAX_EXTRA = 8;

const scalar = (v: unknown): string | null => {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
};

const normKey = (key: string) =>
  key
    .toLowerCase()
    .replace(/[-\s]+/g, "_")
    .replace(/^utm([a-z])/, "utm_$1");

/** The UTM tags of a payload: flat `utm_*` keys (any spelling) or a nested `utm` object. */
function utmOf(payload: Record<string, unknown>): [string, string][] {
  const found = new Map<string, string>();
  const nested = payload.utm;
  if (nested && typeof nested === "object" && !Array.isArray(nested)) {
    for (const [k, v] of Object.entries(nested as Record<string, unknown>)) {
      const value = scalar(v);
      const key = normKey(k.startsWith("utm") ? k : `utm_${k}`);
      if (value) found.set(key, value);
    }
  }
  for (const [k, v] of Object.entries(payload)) {
    const key = normKey(k);
    const value = scalar(v);
    if (key.startsWith("utm_") && value) found.set(key, value);
  }
  const rank = (k: string) => {
    const i = UTM_ORDER.indexOf(k);
    return i < 0 ? UTM_ORDER.length : i;
  };
  return [...found.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

export function leadSummary(lead: { contact: LeadContact; payload: Record<string, unknown> }): LeadSummary {
  const { contact, payload } = lead;
  const fromPayload: Partial<Record<keyof LeadContact, string>> = {};
  let message: string | null = null;
  const extra: [string, string][] = [];
  for (const [k, v] of Object.entries(payload)) {
    const key = normKey(k);
    // A chat's first message is an object: {text, media, sentAt…}.
    const value = scalar(v) ?? (v && typeof v === "object" ? scalar((v as { text?: unknown }).text) : null);
    if (!value || INTERNAL_KEYS.has(k) || key === "utm" || key.startsWith("utm_")) continue;
    const contactKey = CONTACT_KEYS[key];
    if (contactKey) fromPayload[contactKey] ??= value;
    else if (MESSAGE_KEYS.includes(key)) message ??= value;
    else if (extra.length < MAX_EXTRA) extra.push([k, value]);
  }
  const telegram = contact.telegramUsername ? `@${contact.telegramUsername}` : (contact.telegramId ?? null);
  return {
    name: contact.name || fromPayload.name || null,
    phone: contact.phone || fromPayload.phone || null,
    email: contact.email || fromPayload.email || null,
    company: contact.company || fromPayload.company || null,
    telegram,
    whatsapp: contact.whatsappId ?? null,
    message,
    conversationId: scalar(payload.conversationId),
    utm: utmOf(payload),
    extra,
  };
}

/** Channels and sources with pending leads, most first (for the counters above the inbox). */
export function countsList(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
