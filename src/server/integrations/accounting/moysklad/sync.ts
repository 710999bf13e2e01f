// A MoySklad sync run: products, counterparties, then customer orders, each read from where the last
// run stopped (`updated>=` the newest change it saw) page by page. A page is imported in one
// transaction together with the checkpoint after it, so a run that dies (MoySklad down past the
// client's retries, a restart) resumes at the next page and imports nothing twice.
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import { ProviderError } from "../../../platform/http-client.ts";
import { defineJob } from "../../../platform/jobs.ts";
import type { Platform } from "../../../platform/platform.ts";
import { systemActor } from "../../../platform/policy.ts";
import { imports, type MoyskladSettings, moyskladSettings } from "../accounting.schemas.ts";
import {
  findRun,
  finishRun,
  type IntegrationRow,
  loadIntegration,
  markError,
  type RunRow,
  saveProgress,
  Tally,
  updateIntegration,
} from "../store.ts";
import { type Entity, type MoySkladClient, parseMoscowTime } from "./client.ts";
import { clientFor } from "./connection.ts";
import { createCounterparties, createOrders } from "./first-pass.ts";
import { type ImportContext, importCounterparty, importOrder, importProduct } from "./import.ts";

type Kind = "product" | "counterparty" | "customerorder";
interface Checkpoint {
  /** Rows updated at or after this (Moscow time) are read; null: everything. */
  since: string | null;
  /** Rows of this pass already imported. */
  offset: number;
  /** The newest `updated` seen in this pass: the next pass's `since`. */
  newest: string | null;
}

/** Orders are read with their positions, which MoySklad expands only for pages of at most 100. */
const PAGE: Record<Kind, number> = { product: 1000, counterparty: 1000, customerorder: 100 };

export const syncPayload = z.object({
  workspaceId: z.string(),
  integrationId: z.string(),
  runId: z.string(),
});
const RETRIES = 5;

export function moyskladSyncJob(platform: Platform) {
  return defineJob({
    name: "accounting.moysklad.sync",
    schema: syncPayload,
    // MoySklad down past the client's own retries: the job retries later and resumes at its checkpoint.
    retry: { limit: RETRIES, delaySeconds: 30 },
    expireInSeconds: 6 * 60 * 60,
    handler: (payload, { log, attempt }) => runSync(platform, payload, log, attempt >= RETRIES),
  });
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
  const tally = new Tally();
  tally.counts = { ...run.counts };
  tally.messages = [...run.messages];
  if (!row || row.status === "disconnected") {
    await finishRun(db, run, tally, "MoySklad was disconnected");
    return;
  }
  const client = clientFor(platform, row);
  const settings = moyskladSettings.parse(row.settings);
  try {
    const wanted: Kind[] = [];
    if (settings.directions.products === "import") wanted.push("product");
    if (imports(settings.directions.counterparties)) wanted.push("counterparty");
    if (imports(settings.directions.orders)) wanted.push("customerorder");
    for (const kind of wanted) await syncKind(platform, client, row, run, settings, tally, kind);
    // Together: whoever sees the run finished also sees the integration's last sync.
    await db.transaction(async (tx) => {
      await updateIntegration(tx, row, {
        status: "active",
        lastSyncAt: new Date(),
        lastError: null,
        lastErrorAt: null,
      });
      await finishRun(tx, run, tally);
    });
  } catch (err) {
    await saveProgress(db, run, run.progress ?? { phase: "", done: 0, total: null }, tally);
    const permanent = err instanceof ProviderError && err.permanent;
    if (!permanent && !lastTry) {
      log.warn({ err, run: run.id }, "the MoySklad sync stopped; it resumes from its checkpoint");
      throw err;
    }
    const message = err instanceof Error ? err.message : String(err);
    await finishRun(db, run, tally, message);
    if (permanent) await markError(db, row, message);
    else await updateIntegration(db, row, { lastError: message, lastErrorAt: new Date() });
  }
}

async function syncKind(
  platform: Platform,
  client: MoySkladClient,
  row: IntegrationRow,
  run: RunRow,
  settings: MoyskladSettings,
  tally: Tally,
  kind: Kind,
) {
  const { db } = platform.database;
  const cursor = (row.cursor[kind] as Checkpoint | undefined) ?? { since: null, offset: 0, newest: null };
  const actor = systemActor(row.workspaceId, "accounting");
  const firstPass = cursor.since === null;
  for (;;) {
    const page = await client.list(`/entity/${kind}`, {
      filter: cursor.since ? `updated>=${cursor.since}` : undefined,
      offset: cursor.offset,
      limit: PAGE[kind],
      ...(kind === "customerorder" ? { expand: "positions" } : {}),
    });
    const persons = kind === "counterparty" ? await contactPersons(client, page.rows) : new Map();
    await db.transaction(async (tx) => {
      const ctx: ImportContext = { tx, outbox: platform.outbox, actor, row, settings, tally, memo: {} };
      // The first pass creates the page's new records together; the rest go one by one.
      let rest = page.rows;
      if (firstPass && kind === "counterparty") rest = await createCounterparties(ctx, page.rows, persons);
      if (firstPass && kind === "customerorder") rest = await createOrders(ctx, page.rows);
      for (const entity of rest) {
        try {
          // A savepoint per row: one bad row is logged and skipped, the page goes on.
          await tx.transaction(async (sp) => {
            const one = { ...ctx, tx: sp };
            if (kind === "product") await importProduct(one, entity);
            else if (kind === "counterparty") await importCounterparty(one, entity, persons.get(entity.id));
            else await importOrder(one, entity, (id) => client.get(`/entity/counterparty/${id}`));
          });
        } catch (err) {
          if (err instanceof ProviderError) throw err;
          tally.add("failed");
          tally.note(`${kind} ${entity.id}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      for (const entity of page.rows) {
        const updated = typeof entity.updated === "string" ? entity.updated : null;
        if (updated && (!cursor.newest || parseMoscowTime(updated) > parseMoscowTime(cursor.newest))) {
          cursor.newest = updated;
        }
      }
      cursor.offset += page.rows.length;
      row.cursor = { ...row.cursor, [kind]: { ...cursor } };
      await updateIntegration(tx, row, { cursor: row.cursor });
    });
    const total = page.meta.size ?? cursor.offset;
    await saveProgress(db, run, { phase: kind, done: cursor.offset, total }, tally);
    if (page.rows.length === 0 || cursor.offset >= total) break;
  }
  // The pass is complete: the next one reads what changed since its newest row (`>=`, so a row saved
  // in the same millisecond is not missed; the links skip what was already imported).
  const next: Checkpoint = { since: cursor.newest ?? cursor.since, offset: 0, newest: null };
  row.cursor = { ...row.cursor, [kind]: next };
  await updateIntegration(db, row, { cursor: row.cursor });
}

/** The contact persons of the companies among `rows` (only those that have some). */
export async function contactPersons(client: MoySkladClient, rows: Entity[]) {
  const wanted = rows.filter((c) => {
    if (c.companyType === "individual") return false;
    const size = (c.contactpersons as { meta?: { size?: number } } | undefined)?.meta?.size;
    return size === undefined || size > 0;
  });
  const result = new Map<string, Record<string, unknown>[]>();
  await Promise.all(
    wanted.map(async (c) => {
      const list = await client.list<Record<string, unknown>>(`/entity/counterparty/${c.id}/contactpersons`, {
        order: undefined,
      });
      result.set(c.id, list.rows);
    }),
  );
  return result;
}
