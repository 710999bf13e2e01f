// Rows the conversations tests start from: channels connected as the settings endpoints store them, and
// conversations with an inbound message, as the receivers store them.

import { conversations, messages, messagingIntegrations } from "../../src/server/db/schema/index.ts";
import { sealCredentials, WEBHOOK_SECRET_CONTEXT } from "../../src/server/integrations/messaging/channels.ts";
import { newId } from "../../src/server/platform/ids.ts";
import type { TestApp } from "./app.ts";

export const BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
export const WHATSAPP = {
  accessToken: "EAAG-test-token",
  appSecret: "app-secret",
  phoneNumberId: "106540352242922",
  wabaId: "102290129340398",
};
export const AVITO = { clientId: "avito-client", clientSecret: "avito-secret", accountId: "94235311" };

export async function seedChannel(
  t: TestApp,
  workspaceId: string,
  platform: "telegram" | "whatsapp" | "avito" = "telegram",
) {
  const secrets = t.platform.secrets;
  const credentials =
    platform === "telegram"
      ? sealCredentials(secrets, "telegram", { token: BOT_TOKEN })
      : platform === "whatsapp"
        ? sealCredentials(secrets, "whatsapp", WHATSAPP)
        : sealCredentials(secrets, "avito", { clientId: AVITO.clientId, clientSecret: AVITO.clientSecret });
  const id = newId();
  await t.database.db.insert(messagingIntegrations).values({
    workspaceId,
    id,
    platform,
    name: `Канал ${platform}`,
    credentials,
    webhookSecret: secrets.seal("secret", WEBHOOK_SECRET_CONTEXT),
    account: platform === "avito" ? { accountId: AVITO.accountId } : {},
  });
  return id;
}

let chat = 700_000_000;

/** A conversation with one inbound message at `at` (counted unread), linked as given. */
export async function seedConversation(
  t: TestApp,
  workspaceId: string,
  integrationId: string,
  options: {
    at?: Date;
    text?: string;
    externalChatId?: string;
    contactId?: string | null;
    dealId?: string | null;
    assigneeId?: string | null;
  } = {},
) {
  const at = options.at ?? new Date();
  const id = newId();
  const externalChatId = options.externalChatId ?? String(chat++);
  await t.database.db.insert(conversations).values({
    workspaceId,
    id,
    integrationId,
    externalChatId,
    title: "Ольга Смирнова",
    contactId: options.contactId ?? null,
    dealId: options.dealId ?? null,
    assigneeId: options.assigneeId ?? null,
    unreadCount: 1,
    lastMessageAt: at,
    lastInboundAt: at,
    firstInboundAt: at,
  });
  await t.database.db.insert(messages).values({
    workspaceId,
    id: newId(),
    conversationId: id,
    integrationId,
    direction: "inbound",
    externalId: `${externalChatId}:1`,
    text: options.text ?? "Здравствуйте, сколько стоит доставка?",
    status: "received",
    sentAt: at,
    createdAt: at,
  });
  return { id, externalChatId };
}
