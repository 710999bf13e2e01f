// Connecting MoySklad: the credentials checked against the API (a login and password are exchanged for a
// token first), the order states, organisations and stores read for the settings page, and webhooks
// registered with a secret in their URL. Disconnecting removes the webhooks and keeps the links, so a
// reconnect continues where it stopped instead of duplicating.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { AppError } from "../../../platform/errors.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import type { Platform } from "../../../platform/platform.ts";
import { type Actor, authorize } from "../../../platform/policy.ts";
import { type MoyskladConnect, type MoyskladSettings, moyskladSettings } from "../accounting.schemas.ts";
import {
  findIntegration,
  type IntegrationRow,
  requireConnected,
  runningRun,
  runView,
  saveIntegration,
  startRun,
  updateIntegration,
} from "../store.ts";
import {
  createMoySkladClient,
  type Entity,
  issueToken,
  type MoySkladClient,
  type MoySkladOptions,
} from "./client.ts";
import { pipelineOf } from "./import.ts";
import { moyskladSyncJob } from "./sync.ts";

const CREDENTIALS = "accounting.moysklad.credentials";
const WEBHOOK_SECRET = "accounting.moysklad.webhook";
/** What MoySklad tells us about: each (entityType, action) is one webhook. */
const HOOKED = ["counterparty", "customerorder", "product"].flatMap((entityType) =>
  ["CREATE", "UPDATE"].map((action) => ({ entityType, action })),
);

const tuning = new WeakMap<Platform, Pick<MoySkladOptions, "attempts" | "backoffMs" | "timeoutMs">>();

/** Shortens the client's retries for one platform (tests: seconds of backoff in milliseconds). */
export function configureMoySklad(
  platform: Platform,
  options: Pick<MoySkladOptions, "attempts" | "backoffMs" | "timeoutMs">,
) {
  tuning.set(platform, options);
}

export function clientFor(platform: Platform, row: IntegrationRow): MoySkladClient {
  const { token } = JSON.parse(platform.secrets.open(row.credentials, CREDENTIALS)) as { token: string };
  return createMoySkladClient({
    baseUrl: platform.config.providers.moysklad,
    auth: { token },
    ownUrlPrefix: platform.config.publicUrl,
    ...tuning.get(platform),
  });
}

export const hookUrl = (platform: Platform, row: IntegrationRow, secret: string) =>
  `${platform.config.publicUrl}/api/hooks/moysklad/${row.id}?k=${secret}`;

/** Whether `given` is the integration's webhook secret (constant time). */
export function webhookSecretMatches(platform: Platform, row: IntegrationRow, given: string): boolean {
  if (!row.webhookSecret) return false;
  const secret = Buffer.from(platform.secrets.open(row.webhookSecret, WEBHOOK_SECRET));
  const candidate = Buffer.from(given);
  return secret.length === candidate.length && timingSafeEqual(secret, candidate);
}

/** A provider's refusal as the 422 the form shows; MoySklad being down as 503. */
function asInputError(err: unknown): never {
  if (err instanceof ProviderError) {
    if (err.permanent) {
      throw new AppError("validation_failed", `MoySklad refused: ${err.message}`, [
        { field: "body", message: err.message },
      ]);
    }
    throw new AppError("unavailable", `MoySklad is not answering: ${err.message}`);
  }
  throw err;
}

/** The states, organisations and stores to map in the settings; also proves the token works. */
async function readRemote(client: MoySkladClient) {
  const named = (rows: Entity[]) => rows.map((r) => ({ id: r.id, name: String(r.name ?? r.id) }));
  const [metadata, organizations, stores] = await Promise.all([
    client.get<{ states?: Entity[] }>("/entity/customerorder/metadata"),
    client.list("/entity/organization", { order: undefined }),
    client.list("/entity/store", { order: undefined }),
  ]);
  return {
    states: (metadata.states ?? []).map((s) => ({
      id: s.id,
      name: String(s.name),
      ...(typeof s.color === "number" ? { color: s.color } : {}),
      ...(typeof s.stateType === "string" ? { stateType: s.stateType } : {}),
    })),
    organizations: named(organizations.rows),
    stores: named(stores.rows),
  };
}

/** Registers our webhooks (idempotent: existing ones with our URL are kept); false when MoySklad refuses. */
async function registerWebhooks(client: MoySkladClient, url: string, log: FastifyBaseLogger) {
  try {
    const existing = await client.list("/entity/webhook", { order: undefined });
    const ours = existing.rows.filter((w) => String(w.url).split("?")[0] === url.split("?")[0]);
    for (const hook of ours) {
      if (hook.url !== url) await client.delete(`/entity/webhook/${hook.id}`);
    }
    for (const { entityType, action } of HOOKED) {
      if (ours.some((w) => w.url === url && w.entityType === entityType && w.action === action)) continue;
      await client.post("/entity/webhook", { url, action, entityType });
    }
    return true;
  } catch (err) {
    // Webhooks need a paid plan and admin rights; without them the sync still works, only later.
    log.warn({ err }, "MoySklad refused our webhooks; changes arrive with each sync");
    return false;
  }
}

async function removeWebhooks(client: MoySkladClient, prefix: string, log: FastifyBaseLogger) {
  try {
    const existing = await client.list("/entity/webhook", { order: undefined });
    for (const hook of existing.rows) {
      if (String(hook.url).startsWith(prefix)) await client.delete(`/entity/webhook/${hook.id}`);
    }
  } catch (err) {
    log.warn({ err }, "could not remove the MoySklad webhooks");
  }
}

export async function connectMoySklad(
  platform: Platform,
  actor: Actor,
  input: MoyskladConnect,
  log: FastifyBaseLogger,
) {
  authorize(actor, "integrations.manage");
  const base = platform.config.providers.moysklad;
  const token =
    "token" in input ? input.token : await issueToken(base, input.login, input.password).catch(asInputError);
  const client = createMoySkladClient({
    baseUrl: base,
    auth: { token },
    ownUrlPrefix: platform.config.publicUrl,
    attempts: 2,
  });
  const remote = await readRemote(client).catch(asInputError);
  const { db } = platform.database;
  const before = await findIntegration(db, actor.workspaceId, "moysklad");
  const settings = moyskladSettings.parse({ ...(before?.settings ?? {}), ...(input.settings ?? {}) });
  const secret = randomBytes(24).toString("base64url");
  const values = {
    credentials: platform.secrets.seal(JSON.stringify({ token }), CREDENTIALS),
    account: ("login" in input ? { login: input.login } : {}) as Record<string, string>,
    settings: withDefaults(settings, remote),
    remote,
    webhookSecret: platform.secrets.seal(secret, WEBHOOK_SECRET),
    status: "active" as const,
    lastError: null,
    lastErrorAt: null,
  };
  const row = await saveIntegration(db, actor, "moysklad", before, values);
  const webhooks = await registerWebhooks(client, hookUrl(platform, row, secret), log);
  const saved = await updateIntegration(db, row, { remote: { ...remote, webhooks } });
  // The first sync starts at once: the page shows its progress.
  await requestSync(platform, saved);
  return moyskladView(platform, saved);
}

/** New orders go to MoySklad's first organisation and store unless the settings say otherwise. */
function withDefaults(
  settings: MoyskladSettings,
  remote: Awaited<ReturnType<typeof readRemote>>,
): MoyskladSettings {
  return {
    ...settings,
    organizationId: settings.organizationId ?? remote.organizations[0]?.id ?? null,
    storeId: settings.storeId ?? remote.stores[0]?.id ?? null,
  };
}

export async function updateMoySkladSettings(
  platform: Platform,
  actor: Actor,
  patch: Partial<MoyskladSettings>,
) {
  authorize(actor, "integrations.manage");
  const { db } = platform.database;
  const row = await requireConnected(db, actor.workspaceId, "moysklad");
  const settings = moyskladSettings.parse({ ...row.settings, ...patch });
  await checkStageMap(platform, actor, settings);
  return moyskladView(platform, await updateIntegration(db, row, { settings }));
}

/** The stage map may only name stages of the chosen pipeline. */
async function checkStageMap(platform: Platform, actor: Actor, settings: MoyskladSettings) {
  const pipeline = await platform.database.db.transaction((tx) =>
    pipelineOf(tx, actor.workspaceId, settings.pipelineId),
  );
  if (!pipeline) {
    throw new AppError("validation_failed", "No such pipeline", [
      { field: "body.pipelineId", message: "not found" },
    ]);
  }
  const stageIds = new Set(pipeline.stages.map((s) => s.id));
  const wrong = Object.entries(settings.stateMap).filter(([, stageId]) => !stageIds.has(stageId));
  if (wrong.length) {
    throw new AppError(
      "validation_failed",
      "The state map names stages outside the pipeline",
      wrong.map(([state]) => ({
        field: `body.stateMap.${state}`,
        message: "is not a stage of the pipeline",
      })),
    );
  }
}

export async function disconnectMoySklad(platform: Platform, actor: Actor, log: FastifyBaseLogger) {
  authorize(actor, "integrations.manage");
  const { db } = platform.database;
  const row = await requireConnected(db, actor.workspaceId, "moysklad");
  await removeWebhooks(
    clientFor(platform, row),
    `${platform.config.publicUrl}/api/hooks/moysklad/${row.id}`,
    log,
  );
  await updateIntegration(db, row, {
    status: "disconnected",
    credentials: platform.secrets.seal("{}", CREDENTIALS),
    webhookSecret: null,
  });
}

/** Starts a sync unless one is running (then that one is the answer). */
export async function requestSync(platform: Platform, row: IntegrationRow) {
  const { db } = platform.database;
  return db.transaction(async (tx) => {
    const running = await runningRun(tx, row, "sync");
    if (running) return running;
    const run = await startRun(tx, row, "sync");
    await platform.jobs.enqueue(tx, moyskladSyncJob(platform), {
      workspaceId: row.workspaceId,
      integrationId: row.id,
      runId: run.id,
    });
    return run;
  });
}

export async function moyskladView(platform: Platform, row: IntegrationRow) {
  const running = await runningRun(platform.database.db, row);
  const remote = row.remote as {
    states?: { id: string; name: string }[];
    organizations?: { id: string; name: string }[];
    stores?: { id: string; name: string }[];
    webhooks?: boolean;
  };
  return {
    connected: true as const,
    platform: "moysklad" as const,
    id: row.id,
    status: row.status,
    account: row.account,
    settings: moyskladSettings.parse(row.settings),
    remote: {
      states: remote.states ?? [],
      organizations: remote.organizations ?? [],
      stores: remote.stores ?? [],
    },
    webhooks: remote.webhooks === true,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    running: running ? runView(running) : null,
  };
}
