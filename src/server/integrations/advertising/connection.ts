// Connecting Yandex Direct and Avito: the credentials proven against the platform before anything is
// stored (Direct: a one-day report; Avito: a token and the account behind it), sealed, and the first sync
// (the backfill) started. Disconnecting forgets the credentials and keeps campaigns and spend, so the
// reports keep their history and a reconnect continues where it stopped.
import { AppError } from "../../platform/errors.ts";
import { ProviderError } from "../../platform/http-client.ts";
import type { Platform } from "../../platform/platform.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import {
  type AvitoConnect,
  avitoSettings,
  type DirectConnect,
  directSettings,
} from "./advertising.schemas.ts";
import { AVITO_CREDENTIALS, avitoClients, DIRECT_CREDENTIALS, directClient, todayFor } from "./clients.ts";
import {
  type AdPlatform,
  findIntegration,
  type IntegrationRow,
  platformName,
  requireConnected,
  runningRun,
  runView,
  saveIntegration,
  updateIntegration,
} from "./store.ts";
import { addDays, requestSync } from "./sync.ts";

/** A platform's refusal as the 422 the form shows (its message in details); it being down as 503. */
function asInputError(platform: AdPlatform) {
  return (err: unknown): never => {
    const name = platformName(platform);
    if (err instanceof ProviderError) {
      if (err.permanent) {
        throw new AppError("validation_failed", `${name} refused: ${err.message}`, [
          { field: "body", message: err.message },
        ]);
      }
      throw new AppError("unavailable", `${name} is not answering: ${err.message}`);
    }
    throw err;
  };
}

export async function connectDirect(platform: Platform, actor: Actor, input: DirectConnect) {
  authorize(actor, "integrations.manage");
  const credentials = { token: input.token, clientLogin: input.clientLogin ?? null };
  // One day of the report proves the token, the Client-Login and the app's access to the Reports API.
  const yesterday = addDays(todayFor(platform), -1);
  await directClient(platform, credentials)
    .campaignReport(yesterday, yesterday)
    .catch(asInputError("yandex_direct"));
  const { db } = platform.database;
  const before = await findIntegration(db, actor.workspaceId, "yandex_direct");
  const row = await saveIntegration(db, actor, "yandex_direct", before, {
    credentials: platform.secrets.seal(JSON.stringify(credentials), DIRECT_CREDENTIALS),
    account: credentials.clientLogin ? { clientLogin: credentials.clientLogin } : {},
    settings: directSettings.parse({ ...(before?.settings ?? {}), ...(input.settings ?? {}) }),
    status: "active",
    lastError: null,
    lastErrorAt: null,
  });
  await requestSync(platform, row);
  return integrationView(platform, row);
}

export async function connectAvito(platform: Platform, actor: Actor, input: AvitoConnect) {
  authorize(actor, "integrations.manage");
  const credentials = { clientId: input.clientId, clientSecret: input.clientSecret };
  // A token, and the account it belongs to (its id is in every stats path).
  const self = await avitoClients(platform, credentials).core.getSelf().catch(asInputError("avito"));
  const { db } = platform.database;
  const before = await findIntegration(db, actor.workspaceId, "avito");
  const row = await saveIntegration(db, actor, "avito", before, {
    credentials: platform.secrets.seal(JSON.stringify(credentials), AVITO_CREDENTIALS),
    account: { accountId: String(self.id), ...(self.name ? { name: self.name } : {}) },
    settings: avitoSettings.parse({ ...(before?.settings ?? {}), ...(input.settings ?? {}) }),
    status: "active",
    lastError: null,
    lastErrorAt: null,
  });
  await requestSync(platform, row);
  return integrationView(platform, row);
}

export async function updateSettings(
  platform: Platform,
  actor: Actor,
  which: AdPlatform,
  patch: Record<string, unknown>,
) {
  authorize(actor, "integrations.manage");
  const { db } = platform.database;
  const row = await requireConnected(db, actor.workspaceId, which);
  const schema = which === "yandex_direct" ? directSettings : avitoSettings;
  const settings = schema.parse({ ...row.settings, ...patch });
  return integrationView(platform, await updateIntegration(db, row, { settings }));
}

export async function disconnect(platform: Platform, actor: Actor, which: AdPlatform) {
  authorize(actor, "integrations.manage");
  const { db } = platform.database;
  const row = await requireConnected(db, actor.workspaceId, which);
  await updateIntegration(db, row, {
    status: "disconnected",
    credentials: platform.secrets.seal(
      "{}",
      which === "yandex_direct" ? DIRECT_CREDENTIALS : AVITO_CREDENTIALS,
    ),
  });
}

/** Sync now: only an active integration (one in error needs reconnecting first). */
export async function syncNow(platform: Platform, actor: Actor, which: AdPlatform) {
  authorize(actor, "integrations.manage");
  const row = await requireConnected(platform.database.db, actor.workspaceId, which);
  if (row.status !== "active") {
    throw new AppError(
      "conflict",
      `${platformName(which)} refused the credentials; connect it again: ${row.lastError ?? ""}`.trim(),
    );
  }
  return runView(await requestSync(platform, row));
}

export async function integrationView(platform: Platform, row: IntegrationRow) {
  const running = await runningRun(platform.database.db, row);
  const common = {
    connected: true as const,
    id: row.id,
    status: row.status,
    syncedThrough: row.syncedThrough,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    running: running ? runView(running) : null,
  };
  if (row.platform === "yandex_direct") {
    return {
      ...common,
      platform: "yandex_direct" as const,
      account: row.account.clientLogin ? { clientLogin: row.account.clientLogin } : {},
      settings: directSettings.parse(row.settings),
    };
  }
  return {
    ...common,
    platform: "avito" as const,
    account: {
      ...(row.account.accountId ? { accountId: row.account.accountId } : {}),
      ...(row.account.name ? { name: row.account.name } : {}),
    },
    settings: avitoSettings.parse(row.settings),
  };
}
