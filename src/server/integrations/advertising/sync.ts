// An advertising sync run: the days to read (a backfill on the first run, then from the last imported day
// to yesterday, re-reading a few recent days the platforms still correct), read in chunks. Each chunk's
// campaigns and daily spend are stored in one transaction that replaces the chunk's days and moves
// `syncedThrough`, so a run that dies resumes at the next chunk and nothing is counted twice.
// Refusals only the user can fix (a revoked token) stop the integration with status "error"; a platform
// that is busy or out of units makes the job fail and pg-boss retry it later; a report of another shape
// fails the run with the reason in the log.

import { and, asc, between, eq, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import type { Executor } from "../../db/client.ts";
import { adCampaigns, adSpend, leadSources } from "../../db/schema/index.ts";
import { ProviderError } from "../../platform/http-client.ts";
import { defineJob } from "../../platform/jobs.ts";
import type { Platform } from "../../platform/platform.ts";
import { directSettings } from "./advertising.schemas.ts";
import { avitoFetcher } from "./avito/import.ts";
import { todayFor } from "./clients.ts";
import {
  findRun,
  finishRun,
  type IntegrationRow,
  loadIntegration,
  markError,
  platformName,
  type RunRow,
  runningRun,
  saveRun,
  startRun,
  updateIntegration,
} from "./store.ts";
import { directFetcher } from "./yandex-direct/import.ts";
import { ReportFormatError } from "./yandex-direct/tsv.ts";

/** One day of one campaign or listing. */
export interface SpendRow {
  externalId: string;
  day: string;
  costMinor: number;
  impressions?: number;
  clicks?: number;
  views?: number;
  contacts?: number;
  favorites?: number;
}

/** What one chunk of days brought: the campaigns seen (with their names) and their daily rows. */
export interface Chunk {
  campaigns: { externalId: string; name: string }[];
  rows: SpendRow[];
}

/** A platform's side of the sync. */
export interface Fetcher {
  /** Days per request: Direct builds smaller reports faster; Avito's spend allows one call a minute. */
  chunkDays: number;
  fetch(from: string, to: string): Promise<Chunk>;
  /** `utm_campaign` a new campaign gets: Direct's campaign id, Avito's listing id. */
  defaultUtm(externalId: string): string | null;
}

export const syncPayload = z.object({
  workspaceId: z.string(),
  integrationId: z.string(),
  runId: z.string(),
});
const dailyPayload = z.object({ workspaceId: z.string(), integrationId: z.string() });

/** 152 (no units) refills within the hour: 2, 4, 8… minutes, about two hours in all. */
const RETRIES = 6;
export const MAX_BACKFILL_DAYS = 90;
/** The daily sync starts at 04:00 Moscow (01:00 UTC), when yesterday's statistics have settled. */
const DAILY_HOUR_UTC = 1;

export function advertisingSyncJob(platform: Platform) {
  return defineJob({
    name: "advertising.sync",
    schema: syncPayload,
    retry: { limit: RETRIES, delaySeconds: 120 },
    // A Direct report may wait in the offline queue for a while: 30 polls of up to a few minutes.
    expireInSeconds: 3 * 60 * 60,
    handler: (payload, { log, attempt }) => runSync(platform, payload, log, attempt >= RETRIES),
  });
}

/** Once a day per integration: starts a sync, whose end schedules the next day's. */
export function advertisingDailyJob(platform: Platform) {
  return defineJob({
    name: "advertising.daily",
    schema: dailyPayload,
    retry: { limit: 3, delaySeconds: 60 },
    handler: async (payload) => {
      const row = await loadIntegration(platform.database.db, payload.workspaceId, payload.integrationId);
      if (row?.status === "active") await requestSync(platform, row);
    },
  });
}

/** Starts a sync unless one is running (then that one is the answer). */
export async function requestSync(platform: Platform, row: IntegrationRow) {
  return platform.database.db.transaction(async (tx) => {
    const running = await runningRun(tx, row);
    if (running) return running;
    const run = await startRun(tx, row);
    await platform.jobs.enqueue(tx, advertisingSyncJob(platform), {
      workspaceId: row.workspaceId,
      integrationId: row.id,
      runId: run.id,
    });
    return run;
  });
}

/** The next daily sync; one a day per integration however many runs ask (pg-boss singleton slot). */
async function scheduleDaily(platform: Platform, row: IntegrationRow) {
  const now = new Date();
  const next = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, DAILY_HOUR_UTC),
  );
  await platform.jobs.enqueue(
    platform.database.db,
    advertisingDailyJob(platform),
    { workspaceId: row.workspaceId, integrationId: row.id },
    { startAfter: next, singletonKey: row.id, singletonSeconds: 24 * 60 * 60 },
  );
}

// ---- days

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The days a run reads: a backfill of `backfillDays` before today on the first run; later, from the day
 * after `syncedThrough` (or `refreshDays` back, whichever is earlier), never more than 90 days; always up
 * to yesterday. Null when there is nothing to read.
 */
export function syncWindow(
  syncedThrough: string | null,
  settings: { backfillDays: number; refreshDays: number },
  today: string,
) {
  const to = addDays(today, -1);
  const oldest = addDays(to, -(MAX_BACKFILL_DAYS - 1));
  let from = syncedThrough
    ? [addDays(syncedThrough, 1), addDays(to, -(settings.refreshDays - 1))].sort()[0]!
    : addDays(to, -(settings.backfillDays - 1));
  if (from < oldest) from = oldest;
  return from > to ? null : { from, to };
}

export function chunks(from: string, to: string, days: number) {
  const out: { from: string; to: string }[] = [];
  for (let start = from; start <= to; start = addDays(start, days)) {
    const end = addDays(start, days - 1);
    out.push({ from: start, to: end < to ? end : to });
  }
  return out;
}

// ---- the run

function fetcherFor(platform: Platform, row: IntegrationRow): Fetcher {
  return row.platform === "yandex_direct" ? directFetcher(platform, row) : avitoFetcher(platform, row);
}

export async function runSync(
  platform: Platform,
  target: z.infer<typeof syncPayload>,
  log: FastifyBaseLogger,
  lastTry = true,
) {
  const { db } = platform.database;
  const row = await loadIntegration(db, target.workspaceId, target.integrationId);
  const run = await findRun(db, target.workspaceId, target.runId);
  if (run?.status !== "running") return;
  const counts: Record<string, number> = { ...run.counts };
  if (row?.status !== "active") {
    const state = row?.status === "error" ? "refusing the credentials" : "not connected";
    await finishRun(db, run, counts, `${platformName(row?.platform ?? "yandex_direct")} is ${state}`);
    return;
  }
  // The first attempt fixes the days; a retry reads the same ones, from the first chunk not stored.
  let window = run.dateFrom && run.dateTo ? { from: run.dateFrom, to: run.dateTo } : null;
  if (!window) {
    window = syncWindow(row.syncedThrough, directSettings.parse(row.settings), todayFor(platform));
    if (window) await saveRun(db, run, { dateFrom: window.from, dateTo: window.to });
  }
  try {
    if (window) {
      const fetcher = fetcherFor(platform, row);
      const parts = chunks(window.from, window.to, fetcher.chunkDays);
      for (let i = counts.chunksDone ?? 0; i < parts.length; i++) {
        const part = parts[i]!;
        const chunk = await fetcher.fetch(part.from, part.to);
        await db.transaction(async (tx) => {
          await storeChunk(tx, row, fetcher, part, chunk);
          const through = row.syncedThrough && row.syncedThrough > part.to ? row.syncedThrough : part.to;
          row.syncedThrough = through;
          await updateIntegration(tx, row, { syncedThrough: through });
          counts.chunksDone = i + 1;
          await saveRun(tx, run, { counts });
        });
      }
      Object.assign(counts, await countsOf(db, row, window));
    }
    await db.transaction(async (tx) => {
      await updateIntegration(tx, row, { lastSyncAt: new Date(), lastError: null, lastErrorAt: null });
      await finishRun(tx, run, counts);
    });
  } catch (err) {
    const permanent = err instanceof ProviderError && err.permanent;
    const malformed = err instanceof ReportFormatError;
    if (!permanent && !malformed && !lastTry) {
      log.warn({ err, run: run.id }, "the advertising sync stopped; the job retries it later");
      throw err;
    }
    const message = malformed
      ? `${platformName(row.platform)} sent a report we cannot read, nothing of it was stored: ${err.message}`
      : err instanceof Error
        ? err.message
        : String(err);
    await finishRun(db, run, counts, message);
    if (permanent) {
      await markError(db, row, message);
      return;
    }
    await updateIntegration(db, row, { lastError: message, lastErrorAt: new Date() });
  }
  await scheduleDaily(platform, row).catch((err: unknown) =>
    log.error({ err, integration: row.id }, "could not schedule the daily advertising sync"),
  );
}

/** A new campaign's lead source: the workspace's first source of the platform's kind, if any. */
async function defaultSource(tx: Executor, row: IntegrationRow) {
  const [source] = await tx
    .select({ id: leadSources.id })
    .from(leadSources)
    .where(and(eq(leadSources.workspaceId, row.workspaceId), eq(leadSources.kind, row.platform)))
    .orderBy(asc(leadSources.createdAt), asc(leadSources.id))
    .limit(1);
  return source?.id ?? null;
}

/** The chunk's campaigns upserted (names refreshed, mapping kept) and its days replaced. */
async function storeChunk(
  tx: Executor,
  row: IntegrationRow,
  fetcher: Fetcher,
  part: { from: string; to: string },
  chunk: Chunk,
) {
  const names = new Map<string, string>();
  for (const c of chunk.campaigns) if (c.name || !names.has(c.externalId)) names.set(c.externalId, c.name);
  for (const r of chunk.rows) if (!names.has(r.externalId)) names.set(r.externalId, "");
  if (names.size > 0) {
    const sourceId = await defaultSource(tx, row);
    const now = new Date();
    await tx
      .insert(adCampaigns)
      .values(
        [...names].map(([externalId, name]) => ({
          workspaceId: row.workspaceId,
          integrationId: row.id,
          externalId,
          name: name || externalId,
          utmCampaign: fetcher.defaultUtm(externalId),
          sourceId,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [adCampaigns.workspaceId, adCampaigns.integrationId, adCampaigns.externalId],
        // A campaign renamed in the platform is renamed here; an empty name keeps the one we have.
        set: {
          name: sql`case when excluded.name = excluded.external_id then ${adCampaigns.name} else excluded.name end`,
          updatedAt: now,
        },
      });
  }
  await tx
    .delete(adSpend)
    .where(
      and(
        eq(adSpend.workspaceId, row.workspaceId),
        eq(adSpend.integrationId, row.id),
        between(adSpend.day, part.from, part.to),
      ),
    );
  // One row per campaign and day: the platform's rows for the same key are added up.
  const merged = new Map<string, Required<SpendRow>>();
  for (const r of chunk.rows) {
    const key = `${r.externalId}\u0000${r.day}`;
    const into = merged.get(key) ?? {
      externalId: r.externalId,
      day: r.day,
      costMinor: 0,
      impressions: 0,
      clicks: 0,
      views: 0,
      contacts: 0,
      favorites: 0,
    };
    into.costMinor += r.costMinor;
    into.impressions += r.impressions ?? 0;
    into.clicks += r.clicks ?? 0;
    into.views += r.views ?? 0;
    into.contacts += r.contacts ?? 0;
    into.favorites += r.favorites ?? 0;
    merged.set(key, into);
  }
  const values = [...merged.values()].map((r) => ({
    workspaceId: row.workspaceId,
    integrationId: row.id,
    ...r,
  }));
  for (let i = 0; i < values.length; i += 1000) await tx.insert(adSpend).values(values.slice(i, i + 1000));
}

/** `{campaigns, days, rows}` of the run's days as stored. */
async function countsOf(db: Executor, row: IntegrationRow, window: { from: string; to: string }) {
  const [counts] = await db
    .select({
      campaigns: sql<number>`count(distinct ${adSpend.externalId})::int`,
      days: sql<number>`count(distinct ${adSpend.day})::int`,
      rows: sql<number>`count(*)::int`,
    })
    .from(adSpend)
    .where(
      and(
        eq(adSpend.workspaceId, row.workspaceId),
        eq(adSpend.integrationId, row.id),
        between(adSpend.day, window.from, window.to),
      ),
    );
  return counts ?? { campaigns: 0, days: 0, rows: 0 };
}

export type { RunRow };
