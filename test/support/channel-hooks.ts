// Shared by the WhatsApp and Avito receiver tests: the Telegram hook kit (the real app on a port,
// workspaces, row counts) plus the provider's fake and channels connected the way the settings
// endpoints connect them (sealed credentials and webhook secret, the account in `account`).
import { randomBytes } from "node:crypto";
import { messagingIntegrations } from "../../src/server/db/schema/index.ts";
import { createAvitoClient } from "../../src/server/integrations/messaging/avito/client.ts";
import {
  newWebhookSecret,
  webhookUrlWithSecret,
} from "../../src/server/integrations/messaging/avito/webhook.ts";
import {
  type Credentials,
  type Platform,
  sealCredentials,
  WEBHOOK_SECRET_CONTEXT,
} from "../../src/server/integrations/messaging/channels.ts";
import { newId } from "../../src/server/platform/ids.ts";
import { type AvitoFake, startAvitoFake } from "../fakes/avito.ts";
import { startWhatsAppFake, type WhatsAppFake } from "../fakes/whatsapp.ts";
import { type ChannelSettings, type HookKit, startHookKit } from "./telegram-hooks.ts";

export const WHATSAPP = {
  accessToken: "EAAG-test-access-token",
  appSecret: "0123456789abcdef0123456789abcdef",
  phoneNumberId: "106540352242922",
  wabaId: "102290129340398",
} as const;
export const AVITO = { clientId: "avito-client", clientSecret: "avito-secret", accountId: 94235311 } as const;

async function insertChannel<P extends Platform>(
  k: HookKit,
  row: {
    workspaceId: string;
    platform: P;
    credentials: Credentials<P>;
    secret: string;
    account: Record<string, string>;
    settings: ChannelSettings;
  },
) {
  const id = newId();
  const secrets = k.t.platform.secrets;
  await k.t.database.db.insert(messagingIntegrations).values({
    workspaceId: row.workspaceId,
    id,
    platform: row.platform,
    name: `${row.platform} channel`,
    credentials: sealCredentials(secrets, row.platform, row.credentials),
    webhookSecret: secrets.seal(row.secret, WEBHOOK_SECRET_CONTEXT),
    account: row.account,
    ...row.settings,
  });
  return id;
}

export interface WhatsAppKit extends HookKit {
  wa: WhatsAppFake;
  /** A WhatsApp number connected to the workspace; `hookUrl` is what would be pasted into Meta. */
  connectWhatsApp(
    workspaceId: string,
    settings?: ChannelSettings,
  ): Promise<{ id: string; verifyToken: string; hookUrl: string }>;
}

export async function startWhatsAppKit(): Promise<WhatsAppKit> {
  const k = await startHookKit();
  const wa = await startWhatsAppFake({ ...WHATSAPP });
  return {
    ...k,
    wa,
    async connectWhatsApp(workspaceId, settings = {}) {
      const verifyToken = randomBytes(24).toString("base64url");
      const id = await insertChannel(k, {
        workspaceId,
        platform: "whatsapp",
        credentials: { ...WHATSAPP },
        secret: verifyToken,
        account: { phoneNumberId: WHATSAPP.phoneNumberId, wabaId: WHATSAPP.wabaId },
        settings,
      });
      return { id, verifyToken, hookUrl: `${k.appUrl}/api/hooks/whatsapp/${id}` };
    },
    async close() {
      await wa.close();
      await k.close();
    },
  };
}

export interface AvitoKit extends HookKit {
  avito: AvitoFake;
  /** An Avito account connected to the workspace, its secret URL the fake's only subscription. */
  connectAvito(
    workspaceId: string,
    settings?: ChannelSettings,
  ): Promise<{ id: string; secret: string; hookUrl: string }>;
  /** Removes the fake's subscriptions, so the next channel is the only one pushed to. */
  unsubscribeAll(): Promise<void>;
}

export async function startAvitoKit(): Promise<AvitoKit> {
  const avito = await startAvitoFake({ ...AVITO, deliveryAttempts: 1 });
  // The app calls Avito too (the chat's details after a first message).
  const k = await startHookKit({ env: { FLAME_AVITO_API_URL: avito.url } });
  const client = createAvitoClient({ baseUrl: avito.url, ...AVITO });
  const unsubscribeAll = async () => {
    for (const url of [...avito.subscriptions]) await client.unsubscribeWebhook(url);
  };
  return {
    ...k,
    avito,
    async connectAvito(workspaceId, settings = {}) {
      const secret = newWebhookSecret();
      const id = await insertChannel(k, {
        workspaceId,
        platform: "avito",
        credentials: { clientId: AVITO.clientId, clientSecret: AVITO.clientSecret },
        secret,
        account: { accountId: String(AVITO.accountId), name: "Flame Shop" },
        settings,
      });
      const hookUrl = webhookUrlWithSecret(`${k.appUrl}/api/hooks/avito/${id}`, secret);
      await unsubscribeAll();
      await client.subscribeWebhook(hookUrl);
      return { id, secret, hookUrl };
    },
    unsubscribeAll,
    async close() {
      await avito.close();
      await k.close();
    },
  };
}
