// The request and response contracts of the channel settings endpoints (/api/messaging/*). Credentials
// come in whole on connect and partly on update; they go out only masked.
import { z } from "zod";
import { integrationStatus, updateDelivery } from "../../../db/schema/index.ts";
import type { Credentials, Platform } from "../channels.ts";
import { isValidBotToken } from "../telegram/secrets.ts";

const id = z.string().min(1).max(64);
const secret = z.string().trim().min(1).max(1024);
const graphId = z.string().regex(/^\d{1,32}$/, { error: "a numeric Meta id" });

/** How a channel's new chats become contacts, deals or Unsorted leads (docs/messaging.md). */
export const routingInput = z.object({
  autoCreateContact: z.boolean().optional(),
  autoCreateDeal: z.boolean().optional(),
  /** A new chat that does not become a deal waits in Unsorted (else it is only a conversation). */
  unsortedForNewChats: z.boolean().optional(),
  /** A lead source of the workspace; null clears it. */
  defaultSourceId: id.nullable().optional(),
  /** A pipeline of the workspace; null means the workspace's default pipeline. */
  defaultPipelineId: id.nullable().optional(),
  /** A member of the workspace; null lets processing pick one. */
  defaultAssigneeId: id.nullable().optional(),
});
export type RoutingInput = z.infer<typeof routingInput>;

/** What connect accepts per platform; stricter than the stored shape (channels.ts `credentialSchemas`). */
export const credentialInputs = {
  telegram: z.object({
    token: z
      .string()
      .trim()
      .refine(isValidBotToken, { error: "is not a bot token from @BotFather (<bot id>:<secret>)" }),
  }),
  whatsapp: z.object({
    accessToken: secret,
    appSecret: secret,
    phoneNumberId: graphId,
    /** The WhatsApp Business Account: given, connect subscribes our Meta app to its webhooks. */
    wabaId: graphId.optional(),
    graphVersion: z
      .string()
      .regex(/^v\d{1,3}\.\d{1,3}$/, { error: 'a Graph version like "v21.0"' })
      .optional(),
  }),
  avito: z.object({ clientId: secret, clientSecret: secret }),
} satisfies { [P in Platform]: z.ZodType<Credentials<P>> };

const name = z.string().trim().min(1).max(200);

export interface ConnectInput<P extends Platform> extends RoutingInput {
  name?: string;
  credentials: Credentials<P>;
}
export interface UpdateInput<P extends Platform> extends RoutingInput {
  name?: string;
  /** Only the fields that change; merged with the stored ones and checked with the provider again. */
  credentials?: Partial<Credentials<P>>;
}

function bodiesFor<S extends z.ZodObject>(credentials: S) {
  return {
    connect: routingInput.extend({ name: name.optional(), credentials }),
    update: routingInput.extend({ name: name.optional(), credentials: credentials.partial().optional() }),
  };
}

/** Connect and update bodies per platform. */
export const channelBodies = {
  telegram: bodiesFor(credentialInputs.telegram),
  whatsapp: bodiesFor(credentialInputs.whatsapp),
  avito: bodiesFor(credentialInputs.avito),
};

/** The fields every platform's integration shows. */
const integrationFields = {
  id: z.string(),
  name: z.string(),
  status: z.enum(integrationStatus.enumValues),
  /** The provider's last refusal (bad token, webhook error); cleared by a successful reconnect. */
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
  /** `polling` only for Telegram without a public https URL. */
  delivery: z.enum(updateDelivery.enumValues),
  autoCreateContact: z.boolean(),
  autoCreateDeal: z.boolean(),
  unsortedForNewChats: z.boolean(),
  defaultSourceId: z.string().nullable(),
  defaultPipelineId: z.string().nullable(),
  defaultAssigneeId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
};
export type IntegrationBase = {
  [K in keyof typeof integrationFields]: z.infer<(typeof integrationFields)[K]>;
};

const masked = z.string().describe("masked: the first and last 4 characters");

export const telegramIntegration = z
  .object({
    ...integrationFields,
    platform: z.literal("telegram"),
    account: z.object({ botId: z.string(), username: z.string(), firstName: z.string() }),
    /** Null when the stored credentials cannot be decrypted (the encryption key changed). */
    credentials: z.object({ token: masked }).nullable(),
  })
  .meta({ id: "TelegramIntegration" });

export const whatsappIntegration = z
  .object({
    ...integrationFields,
    platform: z.literal("whatsapp"),
    account: z.object({
      phoneNumberId: z.string(),
      displayPhoneNumber: z.string(),
      verifiedName: z.string(),
      wabaId: z.string().nullable(),
    }),
    credentials: z
      .object({
        accessToken: masked,
        appSecret: masked,
        phoneNumberId: z.string(),
        wabaId: z.string().nullable(),
        graphVersion: z.string().nullable(),
      })
      .nullable(),
    /** Paste into the Meta app's WhatsApp webhook settings, with the verify token shown at connect. */
    callbackUrl: z.string(),
  })
  .meta({ id: "WhatsAppIntegration" });

/** The answer to a WhatsApp connect: the only time the verify token is shown. */
export const whatsappConnected = whatsappIntegration
  .extend({ verifyToken: z.string() })
  .meta({ id: "WhatsAppConnected" });

export const avitoIntegration = z
  .object({
    ...integrationFields,
    platform: z.literal("avito"),
    account: z.object({ accountId: z.string(), name: z.string() }),
    credentials: z.object({ clientId: masked, clientSecret: masked }).nullable(),
  })
  .meta({ id: "AvitoIntegration" });

export type TelegramIntegration = z.infer<typeof telegramIntegration>;
export type WhatsAppIntegration = z.infer<typeof whatsappIntegration>;
export type WhatsAppConnected = z.infer<typeof whatsappConnected>;
export type AvitoIntegration = z.infer<typeof avitoIntegration>;

export const integrationParams = z.object({ id });
