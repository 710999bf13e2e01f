// One outbound message through its platform's client: what each provider needs and which id it answers.
import type { Config } from "../../../config.ts";
import type { conversations, messages } from "../../../db/schema/index.ts";
import type { SecretBox } from "../../../platform/crypto.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { clientsFor, type IntegrationRow, openCredentials } from "../channels.ts";

export interface Outgoing {
  message: typeof messages.$inferSelect;
  conversation: typeof conversations.$inferSelect;
  integration: IntegrationRow;
  /** A WhatsApp template instead of the message's text. */
  template?: { name: string; language: string };
}

const refused = (provider: string, reason: string) =>
  new ProviderError(provider, reason, { status: 0, permanent: true });

/**
 * Sends and answers the provider's id of the sent message, as `messages.external_id` stores it
 * (Telegram `<chat id>:<message id>`, WhatsApp wamid, Avito id). Throws ProviderError.
 */
export async function deliver(
  deps: { config: Pick<Config, "providers">; secrets: SecretBox },
  out: Outgoing,
): Promise<string> {
  const { integration, conversation } = out;
  const clients = clientsFor(deps.config);
  const text = out.message.text;
  const chat = conversation.externalChatId;
  const platform = integration.platform;
  if (!text && !(platform === "whatsapp" && out.template)) throw refused(platform, "The message has no text");
  switch (platform) {
    case "telegram": {
      const client = clients.telegram(openCredentials(deps.secrets, "telegram", integration));
      const sent = await client.sendMessage({ chatId: chat, text: text ?? "" });
      return `${sent.chat.id}:${sent.message_id}`;
    }
    case "whatsapp": {
      const client = clients.whatsapp(openCredentials(deps.secrets, "whatsapp", integration));
      const sent = out.template
        ? await client.sendTemplate({ to: chat, ...out.template })
        : await client.sendText({ to: chat, text: text ?? "" });
      return sent.messageId;
    }
    case "avito": {
      const accountId = integration.account.accountId;
      if (!accountId) throw refused("avito", "The Avito channel has no account id; connect it again");
      const client = clients.avito(openCredentials(deps.secrets, "avito", integration));
      const sent = await client.sendText({ accountId, chatId: chat, text: text ?? "" });
      return sent.id;
    }
    default: {
      const never: never = platform;
      throw new Error(`unknown platform ${String(never)}`);
    }
  }
}
