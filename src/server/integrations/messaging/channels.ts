// What every messaging piece needs about a connected channel: its platform's credentials (sealed in
// the database), and a provider client pointed at the configured API.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Config } from "../../config.ts";
import type { messagingIntegrations } from "../../db/schema/index.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import { type AvitoTokenCache, createAvitoClient, memoryTokenCache } from "./avito/client.ts";
import { createTelegramClient } from "./telegram/client.ts";
import { createWhatsAppClient } from "./whatsapp/client.ts";

export type Platform = "telegram" | "whatsapp" | "avito";
export type IntegrationRow = typeof messagingIntegrations.$inferSelect;

/** The authenticated-data names sealed values are bound to (see platform/crypto.ts). */
export const CREDENTIALS_CONTEXT = "messaging.credentials";
export const WEBHOOK_SECRET_CONTEXT = "messaging.webhookSecret";

export const credentialSchemas = {
  telegram: z.object({ token: z.string().min(1) }),
  whatsapp: z.object({
    accessToken: z.string().min(1),
    appSecret: z.string().min(1),
    phoneNumberId: z.string().min(1),
    wabaId: z.string().min(1).optional(),
    graphVersion: z.string().optional(),
  }),
  avito: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
};
export type Credentials<P extends Platform> = z.infer<(typeof credentialSchemas)[P]>;

export function sealCredentials<P extends Platform>(
  secrets: SecretBox,
  platform: P,
  credentials: Credentials<P>,
) {
  return secrets.seal(JSON.stringify(credentialSchemas[platform].parse(credentials)), CREDENTIALS_CONTEXT);
}

/** The channel's credentials, opened and checked against its platform's shape. */
export function openCredentials<P extends Platform>(secrets: SecretBox, platform: P, row: IntegrationRow) {
  if (row.platform !== platform) throw new Error(`integration ${row.id} is ${row.platform}, not ${platform}`);
  return credentialSchemas[platform].parse(
    JSON.parse(secrets.open(row.credentials, CREDENTIALS_CONTEXT)),
  ) as Credentials<P>;
}

export const openWebhookSecret = (secrets: SecretBox, row: IntegrationRow) =>
  secrets.open(row.webhookSecret, WEBHOOK_SECRET_CONTEXT);

// One Avito token cache per account and process, shared by every client of it. Keyed by the secret too:
// a token cached for the right secret must never make a wrong one look valid.
const avitoTokens = new Map<string, AvitoTokenCache>();
function avitoTokenCache(c: Credentials<"avito">): AvitoTokenCache {
  const key = createHash("sha256").update(`${c.clientId}\0${c.clientSecret}`).digest("hex");
  let cache = avitoTokens.get(key);
  if (!cache) {
    cache = memoryTokenCache();
    avitoTokens.set(key, cache);
  }
  return cache;
}

/** Provider clients for credentials, pointed at the configured API (the fakes in tests). */
export function clientsFor(config: Pick<Config, "providers">) {
  return {
    telegram: (c: Credentials<"telegram">) =>
      createTelegramClient({ baseUrl: config.providers.telegram, token: c.token }),
    whatsapp: (c: Credentials<"whatsapp">) =>
      createWhatsAppClient({
        baseUrl: config.providers.whatsapp,
        accessToken: c.accessToken,
        phoneNumberId: c.phoneNumberId,
        wabaId: c.wabaId,
        graphVersion: c.graphVersion,
      }),
    avito: (c: Credentials<"avito">) =>
      createAvitoClient({
        baseUrl: config.providers.avito,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        tokenCache: avitoTokenCache(c),
      }),
  };
}
