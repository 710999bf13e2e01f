// The advertising tables as the rest of the module uses them: the integration row, its runs (the log),
// and the campaigns with their daily spend.
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { advertisingIntegrations, advertisingRuns } from "../../db/schema/index.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page } from "../../platform/pagination.ts";
import type { RunView } from "./advertising.schemas.ts";

export type IntegrationRow = typeof advertisingIntegrations.$inferSelect;
export type RunRow = typeof advertisingRuns.$inferSelect;
export type AdPlatform = IntegrationRow["platform"];

export const platformName = (platform: AdPlatform) =>
  platform === "yandex_direct" ? "Yandex Direct" : "Avito";

/** The workspace's connection to `platform`, connected or not; null if it never was. */
export async function findIntegration(db: Executor, workspaceId: string, platform: AdPlatform) {
  const [row] = await db
    .select()
    .from(advertisingIntegrations)
    .where(
      and(
        eq(advertisingIntegrations.workspaceId, workspaceId),
        eq(advertisingIntegrations.platform, platform),
      ),
    );
  return row ?? null;
}

export async function requireConnected(db: Executor, workspaceId: string, platform: AdPlatform) {
  const row = await findIntegration(db, workspaceId, platform);
  if (!row || row.status === "disconnected") {
    throw new AppError("not_found", `${platformName(platform)} is not connected`);
  }
  return row;
}

export async function loadIntegration(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(advertisingIntegrations)
    .where(and(eq(advertisingIntegrations.workspaceId, workspaceId), eq(advertisingIntegrations.id, id)));
  return row ?? null;
}

/** Connects (or reconnects, keeping the row, its campaigns and spend) the workspace's `platform`. */
export async function saveIntegration(
  db: Executor,
  actor: { workspaceId: string; personId: string | null },
  platform: AdPlatform,
  before: IntegrationRow | null,
  values: Omit<typeof advertisingIntegrations.$inferInsert, "workspaceId" | "id" | "platform">,
) {
  if (before) return updateIntegration(db, before, values);
  const [row] = await db
    .insert(advertisingIntegrations)
    .values({ workspaceId: actor.workspaceId, id: newId(), platform, createdBy: actor.personId, ...values })
    .returning();
  return row!;
}

export async function updateIntegration(
  db: Executor,
  row: Pick<IntegrationRow, "workspaceId" | "id">,
  changes: Partial<IntegrationRow>,
) {
  const [updated] = await db
    .update(advertisingIntegrations)
    .set({ ...changes, updatedAt: new Date() })
    .where(
      and(eq(advertisingIntegrations.workspaceId, row.workspaceId), eq(advertisingIntegrations.id, row.id)),
    )
    .returning();
  return updated!;
}

/** A failure the user must act on (credentials refused): the integration stops until reconnected. */
export const markError = (db: Executor, row: IntegrationRow, message: string) =>
  updateIntegration(db, row, { status: "error", lastError: message, lastErrorAt: new Date() });

// ---- runs

export async function startRun(db: Executor, row: Pick<IntegrationRow, "workspaceId" | "id">) {
  const [run] = await db
    .insert(advertisingRuns)
    .values({ workspaceId: row.workspaceId, id: newId(), integrationId: row.id })
    .returning();
  return run!;
}

export async function runningRun(db: Executor, row: Pick<IntegrationRow, "workspaceId" | "id">) {
  const [run] = await db
    .select()
    .from(advertisingRuns)
    .where(
      and(
        eq(advertisingRuns.workspaceId, row.workspaceId),
        eq(advertisingRuns.integrationId, row.id),
        eq(advertisingRuns.status, "running"),
      ),
    )
    .orderBy(desc(advertisingRuns.startedAt))
    .limit(1);
  return run ?? null;
}

export async function findRun(db: Executor, workspaceId: string, id: string) {
  const [run] = await db
    .select()
    .from(advertisingRuns)
    .where(and(eq(advertisingRuns.workspaceId, workspaceId), eq(advertisingRuns.id, id)));
  return run ?? null;
}

export async function saveRun(
  db: Executor,
  run: Pick<RunRow, "workspaceId" | "id">,
  changes: Partial<Pick<RunRow, "dateFrom" | "dateTo" | "counts">>,
) {
  await db
    .update(advertisingRuns)
    .set(changes)
    .where(and(eq(advertisingRuns.workspaceId, run.workspaceId), eq(advertisingRuns.id, run.id)));
}

export async function finishRun(
  db: Executor,
  run: Pick<RunRow, "workspaceId" | "id">,
  counts: Record<string, number>,
  error: string | null = null,
) {
  const [done] = await db
    .update(advertisingRuns)
    .set({ status: error ? "failed" : "succeeded", counts, error, finishedAt: new Date() })
    .where(and(eq(advertisingRuns.workspaceId, run.workspaceId), eq(advertisingRuns.id, run.id)))
    .returning();
  return done!;
}

export function runView(run: RunRow): RunView {
  return {
    id: run.id,
    status: run.status,
    dateFrom: run.dateFrom,
    dateTo: run.dateTo,
    counts: run.counts,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** The log, newest first, keyset-paginated (platform/pagination.ts). */
export async function listRuns(db: Executor, row: IntegrationRow, limit: number, cursor?: string) {
  const { where, orderBy, sortValue } = keyset(
    { expr: advertisingRuns.startedAt, cast: "timestamptz" },
    advertisingRuns.id,
    "desc",
    cursor,
  );
  const rows = await db
    .select({ run: advertisingRuns, sortValue })
    .from(advertisingRuns)
    .where(
      and(eq(advertisingRuns.workspaceId, row.workspaceId), eq(advertisingRuns.integrationId, row.id), where),
    )
    .orderBy(...orderBy)
    .limit(limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ id: r.run.id, sortValue: r.sortValue, run: r.run })),
    limit,
  );
  return { items: items.map((i) => runView(i.run)), nextCursor };
}
