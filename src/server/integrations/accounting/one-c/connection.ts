// Connecting 1C: the CRM is the exchange's server, so connecting creates the login and password 1C will
// use (the password shown once, kept as a hash) and names the exchange URL to paste into 1C.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { accountingLinks } from "../../../db/schema/index.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Platform } from "../../../platform/platform.ts";
import { type Actor, authorize } from "../../../platform/policy.ts";
import { type OneCSettings, oneCSettings } from "../accounting.schemas.ts";
import { pipelineOf } from "../moysklad/import.ts";
import {
  findIntegration,
  finishRun,
  type IntegrationRow,
  requireConnected,
  runningRun,
  runView,
  saveIntegration,
  startRun,
  Tally,
  updateIntegration,
} from "../store.ts";

const CREDENTIALS = "accounting.one_c.credentials";
const hash = (password: string) => createHash("sha256").update(password).digest("hex");

export const exchangeUrl = (platform: Platform) =>
  `${platform.config.publicUrl}/api/accounting/one-c/exchange`;

/** A new login and password; the password is random enough (144 bits) for a plain hash. */
function newCredentials(platform: Platform) {
  const login = `1c_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(18).toString("base64url");
  return {
    login,
    password,
    sealed: platform.secrets.seal(JSON.stringify({ login, passwordHash: hash(password) }), CREDENTIALS),
  };
}

/** Whether Basic credentials are the integration's (constant time). */
export function credentialsMatch(platform: Platform, row: IntegrationRow, login: string, password: string) {
  const stored = JSON.parse(platform.secrets.open(row.credentials, CREDENTIALS)) as {
    login?: string;
    passwordHash?: string;
  };
  if (!stored.login || !stored.passwordHash || stored.login !== login) return false;
  return timingSafeEqual(Buffer.from(stored.passwordHash, "hex"), Buffer.from(hash(password), "hex"));
}

async function checkSettings(platform: Platform, actor: Actor, settings: OneCSettings) {
  const pipeline = await platform.database.db.transaction((tx) =>
    pipelineOf(tx, actor.workspaceId, settings.pipelineId),
  );
  if (!pipeline) {
    throw new AppError("validation_failed", "No such pipeline", [
      { field: "body.pipelineId", message: "not found" },
    ]);
  }
  const ids = new Set(pipeline.stages.map((s) => s.id));
  const wrong = [
    ...settings.exportStageIds.filter((id) => !ids.has(id)).map(() => "body.exportStageIds"),
    ...Object.entries(settings.statusMap)
      .filter(([, id]) => !ids.has(id))
      .map(([status]) => `body.statusMap.${status}`),
    ...(settings.paidStageId && !ids.has(settings.paidStageId) ? ["body.paidStageId"] : []),
  ];
  if (wrong.length) {
    throw new AppError(
      "validation_failed",
      "The settings name stages outside the pipeline",
      wrong.map((field) => ({ field, message: "is not a stage of the pipeline" })),
    );
  }
}

export async function connectOneC(
  platform: Platform,
  actor: Actor,
  input: { settings?: Partial<OneCSettings> },
) {
  authorize(actor, "integrations.manage");
  const { db } = platform.database;
  const before = await findIntegration(db, actor.workspaceId, "one_c");
  const settings = oneCSettings.parse({ ...(before?.settings ?? {}), ...(input.settings ?? {}) });
  await checkSettings(platform, actor, settings);
  const credentials = newCredentials(platform);
  const values = {
    credentials: credentials.sealed,
    account: { login: credentials.login },
    settings,
    status: "active" as const,
    lastError: null,
    lastErrorAt: null,
  };
  const row = await saveIntegration(db, actor, "one_c", before, values);
  return { ...(await oneCView(platform, row)), password: credentials.password };
}

export async function regeneratePassword(platform: Platform, actor: Actor) {
  authorize(actor, "integrations.manage");
  const row = await requireConnected(platform.database.db, actor.workspaceId, "one_c");
  const credentials = newCredentials(platform);
  const saved = await updateIntegration(platform.database.db, row, {
    credentials: credentials.sealed,
    account: { login: credentials.login },
  });
  return { ...(await oneCView(platform, saved)), password: credentials.password };
}

export async function updateOneCSettings(platform: Platform, actor: Actor, patch: Partial<OneCSettings>) {
  authorize(actor, "integrations.manage");
  const { db } = platform.database;
  const row = await requireConnected(db, actor.workspaceId, "one_c");
  const settings = oneCSettings.parse({ ...row.settings, ...patch });
  await checkSettings(platform, actor, settings);
  return oneCView(platform, await updateIntegration(db, row, { settings }));
}

export async function disconnectOneC(platform: Platform, actor: Actor) {
  authorize(actor, "integrations.manage");
  const row = await requireConnected(platform.database.db, actor.workspaceId, "one_c");
  await updateIntegration(platform.database.db, row, {
    status: "disconnected",
    credentials: platform.secrets.seal("{}", CREDENTIALS),
  });
}

/**
 * "Sync now" for 1C, which calls us on its own schedule: every deal in the export stages is offered
 * again at 1C's next `mode=query`, even those it already confirmed.
 */
export async function resendOrders(platform: Platform, actor: Actor) {
  authorize(actor, "integrations.manage");
  const { db } = platform.database;
  const row = await requireConnected(db, actor.workspaceId, "one_c");
  const run = await startRun(db, row, "resend");
  const cleared = await db
    .update(accountingLinks)
    .set({ data: sql`${accountingLinks.data} - 'exportedUpdatedAt'` })
    .where(
      and(
        eq(accountingLinks.workspaceId, row.workspaceId),
        eq(accountingLinks.integrationId, row.id),
        eq(accountingLinks.entity, "deal"),
      ),
    )
    .returning({ id: accountingLinks.recordId });
  const tally = new Tally();
  tally.note(`${cleared.length} orders will be sent again at 1C's next exchange`);
  return runView(await finishRun(db, run, tally));
}

export async function oneCView(platform: Platform, row: IntegrationRow) {
  const running = await runningRun(platform.database.db, row);
  return {
    connected: true as const,
    platform: "one_c" as const,
    id: row.id,
    status: row.status,
    account: { login: row.account.login ?? "" },
    exchangeUrl: exchangeUrl(platform),
    settings: oneCSettings.parse(row.settings),
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    running: running ? runView(running) : null,
  };
}
