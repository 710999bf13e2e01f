// Connecting a Telegram bot: getMe checks the token, then either a webhook with a secret_token (public
// https) or long polling (any other installation).
import { maskSecret } from "../../../platform/crypto.ts";
import { clientsFor } from "../channels.ts";
import { newSecretToken } from "../telegram/secrets.ts";
import { TELEGRAM_ALLOWED_UPDATES } from "../telegram/types.ts";
import { type ChannelAdapter, type Delivery, hookUrl } from "./adapter.ts";
import type { TelegramIntegration } from "./settings.schemas.ts";

// Telegram delivers webhooks only over https and only to these ports ("" is the scheme's default, 443).
const WEBHOOK_PORTS = new Set(["", "443", "80", "88", "8443"]);

/** Webhook when Telegram can reach PUBLIC_URL, else long polling (a LAN or laptop install). */
export function telegramDelivery(publicUrl: string): Delivery {
  const url = new URL(publicUrl);
  return url.protocol === "https:" && WEBHOOK_PORTS.has(url.port) ? "webhook" : "polling";
}

export const telegramAdapter: ChannelAdapter<"telegram", TelegramIntegration> = {
  platform: "telegram",
  noun: "bot",
  accountKey: "botId",
  delivery: (config) => telegramDelivery(config.publicUrl),
  newSecret: newSecretToken,

  async verify(config, credentials) {
    const me = await clientsFor(config).telegram(credentials).getMe();
    const username = me.username ?? "";
    return {
      key: String(me.id),
      account: { botId: String(me.id), username, firstName: me.first_name },
      defaultName: username ? `@${username}` : me.first_name,
    };
  },

  registerAfterCommit: false,
  async register({ config, integrationId, credentials, secret, delivery }) {
    const bot = clientsFor(config).telegram(credentials);
    // A webhook left from elsewhere would make every getUpdates fail with 409.
    if (delivery === "polling") return bot.deleteWebhook();
    await bot.setWebhook({
      url: hookUrl(config, "telegram", integrationId),
      secretToken: secret,
      allowedUpdates: TELEGRAM_ALLOWED_UPDATES,
    });
  },
  async unregister({ config, credentials }) {
    await clientsFor(config).telegram(credentials).deleteWebhook();
  },

  present: (base, row, credentials) => ({
    ...base,
    platform: "telegram",
    account: {
      botId: row.account.botId ?? "",
      username: row.account.username ?? "",
      firstName: row.account.firstName ?? "",
    },
    credentials: credentials && { token: maskSecret(credentials.token) },
  }),
  created: (view) => view,
};
