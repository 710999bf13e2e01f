// The rules of the channel settings endpoints, the same for every platform: who may change a channel,
// that the provider accepts the credentials before anything is stored, that routing settings point at
// the workspace's own records, and that a disconnect always succeeds here even when the provider fails.
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../../db/client.ts";
import { messagingIntegrations } from "../../../db/schema/index.ts";
import { auditActor } from "../../../platform/audit.ts";
import type { SecretBox } from "../../../platform/crypto.ts";
import { AppError, notFound } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { type Actor, authorize } from "../../../platform/policy.ts";
import {
  type Credentials,
  credentialSchemas,
  type IntegrationRow,
  openCredentials,
  openWebhookSecret,
  type Platform,
  sealCredentials,
  WEBHOOK_SECRET_CONTEXT,
} from "../channels.ts";
import { baseView, type ChannelAdapter, type ProviderConfig } from "./adapter.ts";
import { describeFailure, providerFailure, withProvider } from "./failures.ts";
import {
  channelsOf,
  checkRouting,
  findChannel,
  markDisconnected,
  routingValues,
  scoped,
} from "./settings.queries.ts";
import type { ConnectInput, UpdateInput } from "./settings.schemas.ts";

export interface SettingsDeps {
  db: Db;
  secrets: SecretBox;
  config: ProviderConfig;
  log: FastifyBaseLogger;
}

/** The workspace's channels of one platform, oldest first. Every member may see them: secrets are masked. */
export async function listChannels<P extends Platform, V, C>(
  deps: SettingsDeps,
  actor: Actor,
  adapter: ChannelAdapter<P, V, C>,
): Promise<V[]> {
  const rows = await channelsOf(deps.db, actor, adapter.platform);
  return rows.map((row) => present(deps, adapter, row));
}

/**
 * Connects a bot, number or account: the provider vouches for the credentials, the webhook is registered,
 * and the row is stored with its secrets sealed. Connecting an account whose channel was disconnected
 * brings that channel (and its conversations) back.
 */
export async function connectChannel<P extends Platform, V, C>(
  deps: SettingsDeps,
  actor: Actor,
  adapter: ChannelAdapter<P, V, C>,
  input: ConnectInput<P>,
): Promise<C> {
  authorize(actor, "integrations.manage");
  await checkRouting(deps.db, actor, input);
  const verified = await withProvider("the credentials", () =>
    adapter.verify(deps.config, input.credentials),
  );
  const siblings = await channelsOf(deps.db, actor, adapter.platform);
  const previous = siblings.find((row) => row.account[adapter.accountKey] === verified.key);
  if (previous && previous.status !== "disconnected") {
    throw new AppError("conflict", `This ${adapter.noun} is already connected as "${previous.name}"`, {
      integrationId: previous.id,
    });
  }

  const hook = {
    config: deps.config,
    integrationId: previous?.id ?? newId(),
    credentials: input.credentials,
    secret: adapter.newSecret(),
    delivery: adapter.delivery(deps.config),
  };
  if (!adapter.registerAfterCommit) await withProvider("the webhook", () => adapter.register(hook));
  const values = {
    ...routingValues(input),
    name: input.name ?? previous?.name ?? verified.defaultName,
    credentials: sealCredentials(deps.secrets, adapter.platform, input.credentials),
    account: verified.account,
    webhookSecret: deps.secrets.seal(hook.secret, WEBHOOK_SECRET_CONTEXT),
    delivery: hook.delivery,
    status: "active" as const,
    lastError: null,
    lastErrorAt: null,
  };
  const [row] = previous
    ? await deps.db
        .update(messagingIntegrations)
        .set({ ...values, updatedAt: new Date() })
        .where(scoped(actor, previous.id))
        .returning()
    : await deps.db
        .insert(messagingIntegrations)
        .values({
          ...values,
          workspaceId: actor.workspaceId,
          id: hook.integrationId,
          platform: adapter.platform,
          createdBy: actor.personId,
        })
        .returning();
  if (!row) throw new Error("the integration was not stored");

  if (adapter.registerAfterCommit) {
    try {
      await adapter.register(hook);
    } catch (err) {
      // Leave things as they were: a new channel goes, a revived one is disconnected again.
      if (previous) await markDisconnected(deps.db, actor, row.id);
      else await deps.db.delete(messagingIntegrations).where(scoped(actor, row.id));
      throw providerFailure(err, "the webhook");
    }
  }
  await auditActor(deps.db, actor, "messaging.connected", row.id, {
    platform: adapter.platform,
    name: row.name,
    account: verified.account,
  });
  return adapter.created(present(deps, adapter, row), hook.secret);
}

/**
 * Renames a channel, changes its routing, or replaces its credentials. New credentials must belong to the
 * same bot, number or account (another one is a new channel); a live channel's webhook is registered again.
 */
export async function updateChannel<P extends Platform, V, C>(
  deps: SettingsDeps,
  actor: Actor,
  adapter: ChannelAdapter<P, V, C>,
  id: string,
  input: UpdateInput<P>,
): Promise<V> {
  authorize(actor, "integrations.manage");
  const row = await findChannel(deps.db, actor, adapter.platform, id);
  await checkRouting(deps.db, actor, input);
  const changes: Partial<IntegrationRow> = {
    ...routingValues(input),
    name: input.name,
    updatedAt: new Date(),
  };

  if (input.credentials) {
    const merged = credentialSchemas[adapter.platform].safeParse({
      ...readCredentials(deps, adapter, row),
      ...input.credentials,
    });
    if (!merged.success) {
      throw new AppError("validation_failed", "The stored credentials are unreadable: give all of them", {
        field: "body.credentials",
      });
    }
    const credentials = merged.data as Credentials<P>;
    const verified = await withProvider("the credentials", () => adapter.verify(deps.config, credentials));
    if (verified.key !== row.account[adapter.accountKey]) {
      throw new AppError(
        "validation_failed",
        `These credentials belong to another ${adapter.noun}; connect it as a new channel`,
        { field: "body.credentials" },
      );
    }
    changes.credentials = sealCredentials(deps.secrets, adapter.platform, credentials);
    changes.account = verified.account;
    if (row.status !== "disconnected") {
      const delivery = adapter.delivery(deps.config);
      const secret = openWebhookSecret(deps.secrets, row);
      await withProvider("the webhook", () =>
        adapter.register({ config: deps.config, integrationId: row.id, credentials, secret, delivery }),
      );
      const live: Partial<IntegrationRow> = {
        delivery,
        status: "active",
        lastError: null,
        lastErrorAt: null,
      };
      Object.assign(changes, live);
    }
  }

  const [updated] = await deps.db
    .update(messagingIntegrations)
    .set(changes)
    .where(scoped(actor, row.id))
    .returning();
  if (!updated) throw notFound("Integration");
  if (input.credentials) await auditActor(deps.db, actor, "messaging.credentials_replaced", row.id);
  return present(deps, adapter, updated);
}

/**
 * Stops a channel: the provider stops delivering (best effort: a failure is logged, the channel is
 * disconnected anyway), the row and its conversations stay for history and a later reconnect.
 */
export async function disconnectChannel<P extends Platform, V, C>(
  deps: SettingsDeps,
  actor: Actor,
  adapter: ChannelAdapter<P, V, C>,
  id: string,
): Promise<void> {
  authorize(actor, "integrations.manage");
  const row = await findChannel(deps.db, actor, adapter.platform, id);
  if (row.status === "disconnected") return;
  try {
    await adapter.unregister({
      config: deps.config,
      integrationId: row.id,
      credentials: openCredentials(deps.secrets, adapter.platform, row),
      secret: openWebhookSecret(deps.secrets, row),
      delivery: row.delivery,
    });
  } catch (err) {
    deps.log.warn(
      { integrationId: row.id, platform: row.platform, failure: describeFailure(err) },
      "the provider did not confirm the unsubscription; the channel is disconnected anyway",
    );
  }
  await markDisconnected(deps.db, actor, row.id);
  await auditActor(deps.db, actor, "messaging.disconnected", row.id, {
    platform: row.platform,
    name: row.name,
  });
}

/** The stored credentials, or null when they cannot be decrypted (the key that sealed them is gone). */
function readCredentials<P extends Platform, V, C>(
  deps: SettingsDeps,
  adapter: ChannelAdapter<P, V, C>,
  row: IntegrationRow,
): Credentials<P> | null {
  try {
    return openCredentials(deps.secrets, adapter.platform, row);
  } catch (err) {
    deps.log.warn({ integrationId: row.id, failure: describeFailure(err) }, "channel credentials unreadable");
    return null;
  }
}

// Unreadable credentials must not hide the channel: it is shown, and needs new credentials.
const present = <P extends Platform, V, C>(
  deps: SettingsDeps,
  adapter: ChannelAdapter<P, V, C>,
  row: IntegrationRow,
) => adapter.present(baseView(row), row, readCredentials(deps, adapter, row), deps.config);
