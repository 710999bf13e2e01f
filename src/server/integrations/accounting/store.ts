// The accounting tables as the rest of the module uses them: the integration row, its runs (the log and
// the progress bar) and the links between our records and the accounting system's.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import {
  type accountingEntity,
  accountingIntegrations,
  accountingLinks,
  accountingRuns,
} from "../../db/schema/index.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page } from "../../platform/pagination.ts";
import type { RunView } from "./accounting.schemas.ts";

export type IntegrationRow = typeof accountingIntegrations.$inferSelect;
export type RunRow = typeof accountingRuns.$inferSelect;
export type Entity = (typeof accountingEntity.enumValues)[number];
export type AccountingPlatform = IntegrationRow["platform"];

/** The workspace's connection to `platform`, connected or not; null if it never was. */
export async function findIntegration(db: Executor, workspaceId: string, platform: AccountingPlatform) {
  const [row] = await db
    .select()
    .from(accountingIntegrations)
    .where(
      and(eq(accountingIntegrations.workspaceId, workspaceId), eq(accountingIntegrations.platform, platform)),
    );
  return row ?? null;
}

export async function requireConnected(db: Executor, workspaceId: string, platform: AccountingPlatform) {
  const row = await findIntegration(db, workspaceId, platform);
  if (!row || row.status === "disconnected") {
    throw new AppError("not_found", `${platform === "moysklad" ? "MoySklad" : "1C"} is not connected`);
  }
  return row;
}

export async function loadIntegration(db: Executor, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(accountingIntegrations)
    .where(and(eq(accountingIntegrations.workspaceId, workspaceId), eq(accountingIntegrations.id, id)));
  return row ?? null;
}

/** Connects (or reconnects, keeping the row and its links) the workspace's integration of `platform`. */
export async function saveIntegration(
  db: Executor,
  actor: { workspaceId: string; personId: string | null },
  platform: AccountingPlatform,
  before: IntegrationRow | null,
  values: Omit<typeof accountingIntegrations.$inferInsert, "workspaceId" | "id" | "platform">,
) {
  if (before) return updateIntegration(db, before, values);
  const [row] = await db
    .insert(accountingIntegrations)
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
    .update(accountingIntegrations)
    .set({ ...changes, updatedAt: new Date() })
    .where(
      and(eq(accountingIntegrations.workspaceId, row.workspaceId), eq(accountingIntegrations.id, row.id)),
    )
    .returning();
  return updated!;
}

/** Records a failure the user must act on (credentials refused, a setting missing). */
export const markError = (db: Executor, row: IntegrationRow, message: string) =>
  updateIntegration(db, row, { status: "error", lastError: message, lastErrorAt: new Date() });

// ---- runs

export async function startRun(
  db: Executor,
  row: Pick<IntegrationRow, "workspaceId" | "id">,
  kind: string,
  extra: { sessionId?: string; filename?: string } = {},
) {
  const [run] = await db
    .insert(accountingRuns)
    .values({ workspaceId: row.workspaceId, id: newId(), integrationId: row.id, kind, ...extra })
    .returning();
  return run!;
}

export async function runningRun(
  db: Executor,
  row: Pick<IntegrationRow, "workspaceId" | "id">,
  kind?: string,
) {
  const [run] = await db
    .select()
    .from(accountingRuns)
    .where(
      and(
        eq(accountingRuns.workspaceId, row.workspaceId),
        eq(accountingRuns.integrationId, row.id),
        eq(accountingRuns.status, "running"),
        kind ? eq(accountingRuns.kind, kind) : undefined,
      ),
    )
    .orderBy(desc(accountingRuns.startedAt))
    .limit(1);
  return run ?? null;
}

export async function findRun(db: Executor, workspaceId: string, id: string) {
  const [run] = await db
    .select()
    .from(accountingRuns)
    .where(and(eq(accountingRuns.workspaceId, workspaceId), eq(accountingRuns.id, id)));
  return run ?? null;
}

/** Counts and messages a run gathers as it goes; saved with its progress. */
export class Tally {
  counts: Record<string, number> = {};
  messages: string[] = [];

  add(what: "created" | "updated" | "skipped" | "conflicts" | "failed" | "deleted", n = 1) {
    this.counts[what] = (this.counts[what] ?? 0) + n;
  }
  /** Keeps the first 100 messages: the log shows what went wrong, not every row of a bad file. */
  note(message: string) {
    if (this.messages.length < 100) this.messages.push(message);
  }
}

export async function saveProgress(
  db: Executor,
  run: RunRow,
  progress: { phase: string; done: number; total: number | null },
  tally: Tally,
) {
  await db
    .update(accountingRuns)
    .set({ progress, counts: tally.counts, messages: tally.messages })
    .where(and(eq(accountingRuns.workspaceId, run.workspaceId), eq(accountingRuns.id, run.id)));
}

export async function finishRun(db: Executor, run: RunRow, tally: Tally, error: string | null = null) {
  const [done] = await db
    .update(accountingRuns)
    .set({
      status: error ? "failed" : "succeeded",
      counts: tally.counts,
      messages: tally.messages,
      error,
      finishedAt: new Date(),
    })
    .where(and(eq(accountingRuns.workspaceId, run.workspaceId), eq(accountingRuns.id, run.id)))
    .returning();
  return done!;
}

export function runView(run: RunRow): RunView {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    progress: run.progress ?? null,
    counts: run.counts,
    messages: run.messages,
    error: run.error,
    filename: run.filename,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** The log, newest first, keyset-paginated (platform/pagination.ts). */
export async function listRuns(db: Executor, row: IntegrationRow, limit: number, cursor?: string) {
  const { where, orderBy, sortValue } = keyset(
    { expr: accountingRuns.startedAt, cast: "timestamptz" },
    accountingRuns.id,
    "desc",
    cursor,
  );
  const rows = await db
    .select({ run: accountingRuns, sortValue })
    .from(accountingRuns)
    .where(
      and(eq(accountingRuns.workspaceId, row.workspaceId), eq(accountingRuns.integrationId, row.id), where),
    )
    .orderBy(...orderBy)
    .limit(limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ id: r.run.id, sortValue: r.sortValue, run: r.run })),
    limit,
  );
  return { items: items.map((i) => runView(i.run)), nextCursor };
}

// ---- links

export type LinkRow = typeof accountingLinks.$inferSelect;

/** The link of their record `externalId`, or of our record `{recordId}`. */
export async function linkOf(
  db: Executor,
  row: IntegrationRow,
  entity: Entity,
  by: string | { recordId: string },
) {
  const [link] = await db
    .select()
    .from(accountingLinks)
    .where(
      and(
        eq(accountingLinks.workspaceId, row.workspaceId),
        eq(accountingLinks.integrationId, row.id),
        eq(accountingLinks.entity, entity),
        typeof by === "string"
          ? eq(accountingLinks.externalId, by)
          : eq(accountingLinks.recordId, by.recordId),
      ),
    );
  return link ?? null;
}

/** Creates or refreshes the link of `externalId` (a record is linked once per integration and entity). */
export async function saveLink(
  db: Executor,
  row: IntegrationRow,
  link: {
    entity: Entity;
    externalId: string;
    recordId: string;
    externalUpdatedAt?: Date | null;
    data?: Record<string, unknown>;
  },
) {
  const values = {
    workspaceId: row.workspaceId,
    integrationId: row.id,
    syncedAt: new Date(),
    externalUpdatedAt: link.externalUpdatedAt ?? null,
    ...link,
    data: link.data ?? {},
  };
  await db
    .insert(accountingLinks)
    .values(values)
    .onConflictDoUpdate({
      target: [
        accountingLinks.workspaceId,
        accountingLinks.integrationId,
        accountingLinks.entity,
        accountingLinks.externalId,
      ],
      set: {
        recordId: values.recordId,
        externalUpdatedAt: values.externalUpdatedAt,
        syncedAt: values.syncedAt,
        data: sql`${accountingLinks.data} || ${JSON.stringify(values.data)}::jsonb`,
      },
    });
}
