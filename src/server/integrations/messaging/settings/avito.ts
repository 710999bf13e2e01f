// Connecting an Avito account: a token and `accounts/self` check the client id and secret, then the v3
// webhook is subscribed with a random secret in its URL (Avito signs nothing we can check).
import { maskSecret } from "../../../platform/crypto.ts";
import { createAvitoClient } from "../avito/client.ts";
import { newWebhookSecret, webhookUrlWithSecret } from "../avito/webhook.ts";
import { clientsFor } from "../channels.ts";
import { type ChannelAdapter, type HookContext, hookUrl } from "./adapter.ts";
import type { AvitoIntegration } from "./settings.schemas.ts";

const subscribedUrl = ({ config, integrationId, secret }: HookContext<"avito">) =>
  webhookUrlWithSecret(hookUrl(config, "avito", integrationId), secret);

export const avitoAdapter: ChannelAdapter<"avito", AvitoIntegration> = {
  platform: "avito",
  noun: "account",
  accountKey: "accountId",
  delivery: () => "webhook",
  newSecret: newWebhookSecret,

  async verify(config, credentials) {
    // A client of its own, with its own token cache: the shared cache is keyed by client id alone, so a
    // token cached for this id would let a wrong secret pass unchecked.
    const client = createAvitoClient({ baseUrl: config.providers.avito, ...credentials });
    const self = await client.getSelf();
    const accountId = String(self.id);
    return {
      key: accountId,
      account: { accountId, name: self.name },
      defaultName: self.name || `Avito ${accountId}`,
    };
  },

  registerAfterCommit: true,
  async register(ctx) {
    await clientsFor(ctx.config).avito(ctx.credentials).subscribeWebhook(subscribedUrl(ctx));
  },
  async unregister(ctx) {
    await clientsFor(ctx.config).avito(ctx.credentials).unsubscribeWebhook(subscribedUrl(ctx));
  },

  present: (base, row, credentials) => ({
    ...base,
    platform: "avito",
    account: { accountId: row.account.accountId ?? "", name: row.account.name ?? "" },
    credentials: credentials && {
      clientId: maskSecret(credentials.clientId),
      clientSecret: maskSecret(credentials.clientSecret),
    },
  }),
  created: (view) => view,
};
