// The messaging channels (Telegram bots, WhatsApp numbers, Avito accounts): the connect and edit forms
// as API bodies, and how a channel's status, account and credentials read (docs/messaging.md).
import { z } from "zod";
import { ApiError } from "../../../lib/api.ts";
import { required, tooLong } from "./forms.ts";

export const PLATFORMS = ["telegram", "whatsapp", "avito"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The API path of a platform's channels. */
export const channelPath = (platform: Platform) =>
  ({
    telegram: "/api/messaging/telegram-bot",
    whatsapp: "/api/messaging/whatsapp",
    avito: "/api/messaging/avito",
  })[platform];

/** The credential fields each platform's connect form asks for, in order; `optional` may stay empty. */
export const CREDENTIAL_FIELDS = {
  telegram: [{ name: "token", secret: true, optional: false }],
  whatsapp: [
    { name: "accessToken", secret: true, optional: false },
    { name: "appSecret", secret: true, optional: false },
    { name: "phoneNumberId", secret: false, optional: false },
    { name: "wabaId", secret: false, optional: true },
  ],
  avito: [
    { name: "clientId", secret: false, optional: false },
    { name: "clientSecret", secret: true, optional: false },
  ],
} as const satisfies Record<Platform, readonly { name: string; secret: boolean; optional: boolean }[]>;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[Platform][number]["name"];

export interface RoutingValues {
  autoCreateContact: boolean;
  autoCreateDeal: boolean;
  unsortedForNewChats: boolean;
  defaultSourceId: string | null;
  defaultPipelineId: string | null;
  defaultAssigneeId: string | null;
}
export interface ChannelFormValues extends RoutingValues {
  name: string;
  credentials: Record<CredentialField, string>;
}

/** The server's defaults for a new channel (the columns' defaults). */
export const emptyChannelForm = (): ChannelFormValues => ({
  name: "",
  credentials: {
    token: "",
    accessToken: "",
    appSecret: "",
    phoneNumberId: "",
    wabaId: "",
    clientId: "",
    clientSecret: "",
  },
  autoCreateContact: true,
  autoCreateDeal: false,
  unsortedForNewChats: true,
  defaultSourceId: null,
  defaultPipelineId: null,
  defaultAssigneeId: null,
});

// The same checks as the server's connect schemas (settings.schemas.ts), with messages of this namespace.
const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{30,64}$/;
const secret = z.string().trim().min(1, { error: required }).max(1024, { error: tooLong });
const graphId = z
  .string()
  .trim()
  .regex(/^\d{1,32}$/, { error: "channels.validation.graphId" });
const credentialSchemas = {
  telegram: z.object({
    token: z.string().trim().regex(BOT_TOKEN, { error: "channels.validation.botToken" }),
  }),
  whatsapp: z.object({
    accessToken: secret,
    appSecret: secret,
    phoneNumberId: graphId,
    wabaId: z.union([z.literal(""), graphId]),
  }),
  avito: z.object({ clientId: secret, clientSecret: secret }),
};

const routingSchema = z.object({
  name: z.string().trim().max(200, { error: tooLong }),
  autoCreateContact: z.boolean(),
  autoCreateDeal: z.boolean(),
  unsortedForNewChats: z.boolean(),
  defaultSourceId: z.string().nullable(),
  defaultPipelineId: z.string().nullable(),
  defaultAssigneeId: z.string().nullable(),
});

/** The connect form's schema: routing plus the platform's credentials. */
export const connectSchema = (platform: Platform) =>
  routingSchema.extend({ credentials: credentialSchemas[platform] });
/** The edit form's schema: name and routing (credentials are not changed there). */
export const editSchema = routingSchema;

function routingBody(values: RoutingValues) {
  return {
    autoCreateContact: values.autoCreateContact,
    autoCreateDeal: values.autoCreateDeal,
    unsortedForNewChats: values.unsortedForNewChats,
    defaultSourceId: values.defaultSourceId || null,
    defaultPipelineId: values.defaultPipelineId || null,
    defaultAssigneeId: values.defaultAssigneeId || null,
  };
}

/** The POST body of a connect: only the platform's credentials, trimmed; empty optional ones left out. */
export function toConnectBody(platform: Platform, values: ChannelFormValues) {
  const credentials: Partial<Record<CredentialField, string>> = {};
  for (const field of CREDENTIAL_FIELDS[platform]) {
    const value = values.credentials[field.name].trim();
    if (value || !field.optional) credentials[field.name] = value;
  }
  const name = values.name.trim();
  return { ...(name ? { name } : {}), credentials, ...routingBody(values) };
}

/** The PATCH body of an edit: the name when given, and every routing setting (null clears a default). */
export function toUpdateBody(values: Omit<ChannelFormValues, "credentials">) {
  const name = values.name.trim();
  return { ...(name ? { name } : {}), ...routingBody(values) };
}

export interface ChannelBase extends RoutingValues {
  id: string;
  name: string;
  status: "active" | "error" | "disconnected";
  lastError: string | null;
  lastErrorAt: string | null;
  delivery: "webhook" | "polling";
  createdAt: string;
  updatedAt: string;
}
export interface TelegramChannel extends ChannelBase {
  platform: "telegram";
  account: { botId: string; username: string; firstName: string };
  credentials: { token: string } | null;
}
export interface WhatsAppChannel extends ChannelBase {
  platform: "whatsapp";
  account: { phoneNumberId: string; displayPhoneNumber: string; verifiedName: string; wabaId: string | null };
  credentials: {
    accessToken: string;
    appSecret: string;
    phoneNumberId: string;
    wabaId: string | null;
    graphVersion: string | null;
  } | null;
  callbackUrl: string;
}
export interface AvitoChannel extends ChannelBase {
  platform: "avito";
  account: { accountId: string; name: string };
  credentials: { clientId: string; clientSecret: string } | null;
}
export type Channel = TelegramChannel | WhatsAppChannel | AvitoChannel;
export type WhatsAppConnected = WhatsAppChannel & { verifyToken: string };

/** The form values of an existing channel, for its edit form. */
export const editValues = (channel: Channel): Omit<ChannelFormValues, "credentials"> => ({
  name: channel.name,
  autoCreateContact: channel.autoCreateContact,
  autoCreateDeal: channel.autoCreateDeal,
  unsortedForNewChats: channel.unsortedForNewChats,
  defaultSourceId: channel.defaultSourceId,
  defaultPipelineId: channel.defaultPipelineId,
  defaultAssigneeId: channel.defaultAssigneeId,
});

/** The status badge: its label key (settings namespace) and color. */
export function statusBadge(status: Channel["status"]): { label: string; color: string } {
  switch (status) {
    case "active":
      return { label: "channels.status.active", color: "teal" };
    case "error":
      return { label: "channels.status.error", color: "red" };
    case "disconnected":
      return { label: "channels.status.disconnected", color: "gray" };
  }
}

/** Who the channel is at the provider: the bot's @username, the phone number, the Avito account. */
export function accountText(channel: Channel): string {
  switch (channel.platform) {
    case "telegram":
      return `@${channel.account.username}`;
    case "whatsapp":
      return [channel.account.displayPhoneNumber, channel.account.verifiedName].filter(Boolean).join(" · ");
    case "avito":
      return channel.account.name || channel.account.accountId;
  }
}

/** The stored credentials as the API shows them (masked), as [field, value] pairs; empty when unreadable. */
export function maskedCredentials(channel: Channel): [CredentialField, string][] {
  const credentials = channel.credentials;
  if (!credentials) return [];
  const out: [CredentialField, string][] = [];
  for (const field of CREDENTIAL_FIELDS[channel.platform]) {
    const value = (credentials as Partial<Record<CredentialField, string | null>>)[field.name];
    if (value) out.push([field.name, value]);
  }
  return out;
}

/** What went wrong with a connect or edit, for the form: the provider's refusal, its outage, or neither. */
export type ChannelFailure =
  | { kind: "refused"; reason: string }
  | { kind: "unavailable"; retryAfterS: number | null }
  | { kind: "conflict" }
  | null;

export function channelFailure(err: unknown): ChannelFailure {
  if (!(err instanceof ApiError)) return null;
  const details = (
    err.details && typeof err.details === "object" && !Array.isArray(err.details) ? err.details : {}
  ) as { reason?: unknown; retryAfterS?: unknown; integrationId?: unknown };
  if (err.status === 422 && typeof details.reason === "string")
    return { kind: "refused", reason: details.reason };
  if (err.status === 503) {
    return {
      kind: "unavailable",
      retryAfterS: typeof details.retryAfterS === "number" ? details.retryAfterS : null,
    };
  }
  if (err.status === 409) return { kind: "conflict" };
  return null;
}
