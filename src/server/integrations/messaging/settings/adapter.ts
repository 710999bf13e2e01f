// What differs between Telegram, WhatsApp and Avito when a channel is connected, updated, shown and
// disconnected. The service (settings.service.ts) holds the rules; an adapter only talks to its provider.
import type { Config } from "../../../config.ts";
import type { Credentials, IntegrationRow, Platform } from "../channels.ts";
import type { IntegrationBase } from "./settings.schemas.ts";

export type Delivery = IntegrationRow["delivery"];
export type ProviderConfig = Pick<Config, "providers" | "publicUrl">;

/** The account behind credentials, as the provider described it. */
export interface VerifiedAccount {
  /** Stored in `account` and shown: nothing secret. */
  account: Record<string, string>;
  /** The provider's id of the account (bot id, phone number id, Avito user id). */
  key: string;
  /** The channel's name when the caller gives none. */
  defaultName: string;
}

export interface HookContext<P extends Platform> {
  config: ProviderConfig;
  integrationId: string;
  credentials: Credentials<P>;
  /** The webhook secret in clear (Telegram secret_token, Avito URL secret, WhatsApp verify token). */
  secret: string;
  delivery: Delivery;
}

export interface ChannelAdapter<P extends Platform, View, Created = View> {
  platform: P;
  /** What the account is called in messages: "bot", "phone number", "account". */
  noun: string;
  /** The `account` field holding VerifiedAccount.key: the same key means the same bot, number or account. */
  accountKey: string;
  delivery(config: ProviderConfig): Delivery;
  newSecret(): string;
  /** Asks the provider who the credentials belong to; a ProviderError when it refuses or is down. */
  verify(config: ProviderConfig, credentials: Credentials<P>): Promise<VerifiedAccount>;
  /** The provider checks our URL as soon as it is registered, so the row must be committed first. */
  registerAfterCommit: boolean;
  /** Points the provider at our receiver (or prepares polling). */
  register(ctx: HookContext<P>): Promise<void>;
  /** Stops the provider's deliveries; failures are logged by the caller and do not block a disconnect. */
  unregister(ctx: HookContext<P>): Promise<void>;
  /** `credentials` is null when they cannot be decrypted: the page still shows the channel. */
  present(
    base: IntegrationBase,
    row: IntegrationRow,
    credentials: Credentials<P> | null,
    config: ProviderConfig,
  ): View;
  /** The answer to connect: the view, plus what is shown only once (WhatsApp's verify token). */
  created(view: View, secret: string): Created;
}

/** Where a provider delivers this integration's events (the receivers under /api/hooks). */
export const hookUrl = (config: ProviderConfig, platform: Platform, integrationId: string) =>
  `${config.publicUrl}/api/hooks/${platform}/${encodeURIComponent(integrationId)}`;

export function baseView(row: IntegrationRow): IntegrationBase {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    delivery: row.delivery,
    autoCreateContact: row.autoCreateContact,
    autoCreateDeal: row.autoCreateDeal,
    unsortedForNewChats: row.unsortedForNewChats,
    defaultSourceId: row.defaultSourceId,
    defaultPipelineId: row.defaultPipelineId,
    defaultAssigneeId: row.defaultAssigneeId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
