// Messaging channels (Telegram bots, WhatsApp numbers, Avito accounts), their conversations and
// messages. Credentials and webhook secrets are sealed (platform/crypto.ts): the columns hold ciphertext.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { contacts, deals, leadSources, pipelines } from "./crm.ts";
import { workspaces } from "./identity.ts";

export const messagingPlatform = pgEnum("messaging_platform", ["telegram", "whatsapp", "avito"]);
/** `active`: receiving; `error`: the provider refused us lately (see last_error); `disconnected`: off. */
export const integrationStatus = pgEnum("integration_status", ["active", "error", "disconnected"]);
/** How a Telegram bot gets its updates: a webhook (public https) or long polling (any installation). */
export const updateDelivery = pgEnum("update_delivery", ["webhook", "polling"]);
export const messageDirection = pgEnum("message_direction", ["inbound", "outbound"]);
/** Inbound messages are `received`; outbound ones move queued → sent → delivered → read, or failed. */
export const messageStatus = pgEnum("message_status", [
  "received",
  "queued",
  "sent",
  "delivered",
  "read",
  "failed",
]);

const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const messagingIntegrations = pgTable(
  "messaging_integrations",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    platform: messagingPlatform("platform").notNull(),
    name: text("name").notNull(),
    /** Sealed JSON of the platform's credentials (bot token; access token, app secret…; client secret…). */
    credentials: text("credentials").notNull(),
    /** What identifies the account and may be shown: bot username, phone number id, WABA id, Avito account id. */
    account: jsonb("account").$type<Record<string, string>>().notNull().default({}),
    /** Sealed: Telegram's secret_token, the secret in Avito's webhook URL, WhatsApp's verify token. */
    webhookSecret: text("webhook_secret").notNull(),
    delivery: updateDelivery("delivery").notNull().default("webhook"),
    /** Telegram long polling: the next getUpdates offset. */
    pollingOffset: bigint("polling_offset", { mode: "number" }),
    /** Telegram long polling: the node that polls this bot, until its lease runs out (one poller per bot). */
    pollingNode: text("polling_node"),
    pollingLeaseUntil: at("polling_lease_until"),
    status: integrationStatus("status").notNull().default("active"),
    lastError: text("last_error"),
    lastErrorAt: at("last_error_at"),
    autoCreateContact: boolean("auto_create_contact").notNull().default(true),
    autoCreateDeal: boolean("auto_create_deal").notNull().default(false),
    /** A new chat that does not become a deal waits in the Unsorted inbox (else it is only a conversation). */
    unsortedForNewChats: boolean("unsorted_for_new_chats").notNull().default(true),
    defaultSourceId: text("default_source_id"),
    defaultPipelineId: text("default_pipeline_id"),
    /** A member; checked by the service, like every owner and assignee. */
    defaultAssigneeId: text("default_assignee_id"),
    createdBy: text("created_by"),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "messaging_integrations_pkey", columns: [t.workspaceId, t.id] }),
    index("messaging_integrations_platform_idx").on(t.workspaceId, t.platform),
    foreignKey({
      name: "messaging_integrations_source_fk",
      columns: [t.workspaceId, t.defaultSourceId],
      foreignColumns: [leadSources.workspaceId, leadSources.id],
    }),
    foreignKey({
      name: "messaging_integrations_pipeline_fk",
      columns: [t.workspaceId, t.defaultPipelineId],
      foreignColumns: [pipelines.workspaceId, pipelines.id],
    }),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    integrationId: text("integration_id").notNull(),
    /** The provider's chat: Telegram chat id, WhatsApp wa_id, Avito chat id. */
    externalChatId: text("external_chat_id").notNull(),
    title: text("title").notNull(),
    contactId: text("contact_id"),
    dealId: text("deal_id"),
    assigneeId: text("assignee_id"),
    /** Avito: the listing (item) the chat is about. */
    listingId: text("listing_id"),
    unreadCount: integer("unread_count").notNull().default(0),
    lastMessageAt: at("last_message_at"),
    /** The client's last message, for WhatsApp's 24-hour window and "unanswered" flags. */
    lastInboundAt: at("last_inbound_at"),
    lastOutboundAt: at("last_outbound_at"),
    firstInboundAt: at("first_inbound_at"),
    /** Response time: the first reply after the first inbound message. */
    firstResponseAt: at("first_response_at"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "conversations_pkey", columns: [t.workspaceId, t.id] }),
    unique("conversations_chat_key").on(t.workspaceId, t.integrationId, t.externalChatId),
    index("conversations_inbox_idx").on(t.workspaceId, t.lastMessageAt, t.id),
    index("conversations_contact_idx").on(t.workspaceId, t.contactId),
    index("conversations_deal_idx").on(t.workspaceId, t.dealId),
    foreignKey({
      name: "conversations_integration_fk",
      columns: [t.workspaceId, t.integrationId],
      foreignColumns: [messagingIntegrations.workspaceId, messagingIntegrations.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "conversations_contact_fk",
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({
      name: "conversations_deal_fk",
      columns: [t.workspaceId, t.dealId],
      foreignColumns: [deals.workspaceId, deals.id],
    }),
  ],
);

export interface MessageMedia {
  kind: "photo" | "document" | "audio" | "voice" | "video" | "sticker" | "other";
  /** The provider's file id (downloaded on demand and proxied through the CRM). */
  fileId: string;
  fileName?: string;
  mimeType?: string;
  /** An outbound file: its bytes in `message_files` (the provider's fileId is known once it is sent). */
  storedFileId?: string;
}

/** A WhatsApp template sent outside the 24-hour window: its name, language and body parameters. */
export interface MessageTemplate {
  name: string;
  language: string;
  params: string[];
}

export const messages = pgTable(
  "messages",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    conversationId: text("conversation_id").notNull(),
    integrationId: text("integration_id").notNull(),
    direction: messageDirection("direction").notNull(),
    /** The provider's id of the message (Telegram `<chat>:<message_id>`, WhatsApp wamid, Avito id): dedupe key. */
    externalId: text("external_id"),
    text: text("text"),
    media: jsonb("media").$type<MessageMedia[]>().notNull().default([]),
    template: jsonb("template").$type<MessageTemplate>(),
    status: messageStatus("status").notNull(),
    error: text("error"),
    /** Who wrote an outbound message; null for inbound ones and automatic replies. */
    authorId: text("author_id"),
    createdAt: at("created_at").notNull().defaultNow(),
    sentAt: at("sent_at"),
    deliveredAt: at("delivered_at"),
    readAt: at("read_at"),
  },
  (t) => [
    primaryKey({ name: "messages_pkey", columns: [t.workspaceId, t.id] }),
    // A provider delivering the same message twice stores it once.
    unique("messages_external_key").on(t.workspaceId, t.integrationId, t.externalId),
    index("messages_thread_idx").on(t.workspaceId, t.conversationId, t.createdAt, t.id),
    index("messages_queued_idx").on(t.workspaceId, t.createdAt).where(sql`${t.status} = 'queued'`),
    foreignKey({
      name: "messages_conversation_fk",
      columns: [t.workspaceId, t.conversationId],
      foreignColumns: [conversations.workspaceId, conversations.id],
    }).onDelete("cascade"),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** Files a manager attaches to a reply: kept so a retried send can upload them again, and shown in the thread. */
export const messageFiles = pgTable(
  "message_files",
  {
    workspaceId: workspaceId(),
    id: text("id").notNull(),
    conversationId: text("conversation_id").notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    content: bytea("content").notNull(),
    createdBy: text("created_by"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "message_files_pkey", columns: [t.workspaceId, t.id] }),
    foreignKey({
      name: "message_files_conversation_fk",
      columns: [t.workspaceId, t.conversationId],
      foreignColumns: [conversations.workspaceId, conversations.id],
    }).onDelete("cascade"),
  ],
);
