// The import job: streams the file, validates every row before writing it, and writes 500 rows per
// transaction with progress counters and one progress event per batch. A crashed run resumes after
// the last committed batch; a cancelled import stops before its next batch.
import { rm } from "node:fs/promises";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { importErrors, imports } from "../../db/schema/index.ts";
import { AppError, classifyDatabaseError } from "../../platform/errors.ts";
import { defineJob, type JobContext } from "../../platform/jobs.ts";
import type { Platform } from "../../platform/platform.ts";
import { type Actor, can } from "../../platform/policy.ts";
import { emit } from "../records/records.ts";
import { findMembership } from "../workspaces/workspaces.queries.ts";
import { byHeader, type FileRow, headerNames, readRows } from "./detect.ts";
import { type MappedRow, mapRow } from "./fields.ts";
import { createWriter, type Outcome } from "./import.writer.ts";

export const BATCH_SIZE = 500;

const payloadSchema = z.object({ workspaceId: z.string(), importId: z.string() });
type Payload = z.infer<typeof payloadSchema>;
type ImportRow = typeof imports.$inferSelect;

export function importJob(platform: Platform) {
  return defineJob({
    name: "transfer.import",
    schema: payloadSchema,
    retry: { limit: 3, delaySeconds: 10 },
    expireInSeconds: 4 * 3600,
    handler: (payload, ctx) => runImport(platform, payload, ctx),
  });
}

/** Called from createPlatform, before jobs start. */
export function registerImportJob(platform: Platform) {
  platform.jobs.register(importJob(platform));
}

const thisImport = (p: Payload) =>
  and(eq(imports.workspaceId, p.workspaceId), eq(imports.id, p.importId)) as SQL;

/** The person who started the import, acting with their current role in the workspace. */
async function importer(db: Db, row: ImportRow): Promise<Actor> {
  const membership = row.createdBy ? await findMembership(db, row.workspaceId, row.createdBy) : null;
  if (!membership || !can(membership, "records.create")) {
    throw new AppError("forbidden", "The person who started the import may no longer create records");
  }
  return {
    kind: "user",
    userId: row.createdBy,
    apiKeyId: null,
    workspaceId: row.workspaceId,
    role: membership.role,
    visibility: membership.workspace.visibility[membership.role],
    personId: row.createdBy,
  };
}

async function countRows(row: ImportRow) {
  let n = -1; // the header is not a data row
  for await (const _ of readRows(row.filePath, row)) n++;
  return Math.max(n, 0);
}

async function runImport(platform: Platform, payload: Payload, ctx: JobContext) {
  const { db } = ctx;
  const [row] = await db.select().from(imports).where(thisImport(payload));
  if (row?.status !== "running") return;
  let actor: Actor | null = null;
  try {
    actor = await importer(db, row);
    let totalRows = row.totalRows;
    if (totalRows === null) {
      totalRows = await countRows(row);
      await db.update(imports).set({ totalRows }).where(thisImport(payload));
    }
    const writer = createWriter(actor, row.entity, row.duplicatePolicy);
    let headers: string[] | null = null;
    let seen = 0;
    let batch: FileRow[] = [];
    const flush = async () => {
      const ok = await writeBatch(platform, db, actor as Actor, row, headers ?? [], batch, writer, totalRows);
      batch = [];
      return ok;
    };
    for await (const fileRow of readRows(row.filePath, row)) {
      if (!headers) {
        headers = headerNames(fileRow.cells);
        continue;
      }
      if (++seen <= row.processedRows) continue; // committed by an earlier attempt
      batch.push(fileRow);
      if (batch.length >= BATCH_SIZE && !(await flush())) return;
    }
    if (batch.length > 0 && !(await flush())) return;
    await finish(platform, db, actor, payload, { status: "done", error: null });
    await rm(row.filePath, { force: true });
  } catch (err) {
    // A lost database is retried (the next attempt resumes); anything else fails the import.
    if (classifyDatabaseError(err)?.code === "db_unavailable") throw err;
    ctx.log.warn({ err }, "import failed");
    const message = err instanceof Error ? err.message : String(err);
    await finish(platform, db, actor, payload, { status: "failed", error: message });
    await rm(row.filePath, { force: true });
  }
}

async function finish(
  platform: Platform,
  db: Db,
  actor: Actor | null,
  payload: Payload,
  result: { status: "done" | "failed"; error: string | null },
) {
  await db.transaction(async (tx) => {
    const [after] = await tx
      .update(imports)
      .set({ status: result.status, error: result.error, finishedAt: new Date() })
      .where(and(thisImport(payload), eq(imports.status, "running")))
      .returning();
    if (!after || !actor) return;
    await emit(tx, platform.outbox, actor, "import.finished", {
      id: after.id,
      status: after.status,
      processedRows: after.processedRows,
      totalRows: after.totalRows,
      createdCount: after.createdCount,
      updatedCount: after.updatedCount,
      skippedCount: after.skippedCount,
      errorCount: after.errorCount,
      error: after.error,
    });
  });
}

/** One transaction: every row in a savepoint, refused rows in import_errors, counters, one event. */
async function writeBatch(
  platform: Platform,
  db: Db,
  actor: Actor,
  row: ImportRow,
  headers: string[],
  batch: FileRow[],
  writer: ReturnType<typeof createWriter>,
  totalRows: number,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: imports.status })
      .from(imports)
      .where(and(eq(imports.workspaceId, row.workspaceId), eq(imports.id, row.id)))
      .for("update");
    if (current?.status !== "running") return false; // cancelled
    const errors: (typeof importErrors.$inferInsert)[] = [];
    const refuse = (fileRow: FileRow, values: Record<string, string>, message: string) =>
      errors.push({
        workspaceId: row.workspaceId,
        importId: row.id,
        rowNumber: fileRow.rowNumber,
        message,
        row: values,
      });
    // Validation first: a refused row never reaches the database.
    const valid: { fileRow: FileRow; values: Record<string, string>; mapped: MappedRow }[] = [];
    for (const fileRow of batch) {
      const values = byHeader(headers, fileRow.cells);
      const mapped = mapRow(row.entity, row.mapping, values);
      if (mapped.ok) valid.push({ fileRow, values, mapped: mapped.row });
      else refuse(fileRow, values, mapped.errors.join("; "));
    }
    let counts: Record<Outcome, number> = { created: 0, updated: 0, skipped: 0 };
    await writer.prepare(
      tx,
      valid.map((v) => v.mapped),
    );
    try {
      // The usual case: the whole batch in one savepoint, new records inserted together.
      counts = await tx.transaction(async (savepoint) => {
        const c = { created: 0, updated: 0, skipped: 0 };
        for (const v of valid) c[await writer.write(savepoint, v.mapped)]++;
        await writer.flush(savepoint);
        return c;
      });
    } catch (err) {
      if (classifyDatabaseError(err)?.code === "db_unavailable") throw err;
      // Some row broke a database rule: redo the batch a savepoint per row, refusing only that row.
      writer.discard();
      for (const v of valid) {
        try {
          counts[
            await tx.transaction(async (savepoint) => {
              const outcome = await writer.write(savepoint, v.mapped);
              await writer.flush(savepoint);
              return outcome;
            })
          ]++;
        } catch (rowErr) {
          writer.discard();
          const known = classifyDatabaseError(rowErr);
          if (known?.code === "db_unavailable") throw rowErr;
          const message = rowErr instanceof AppError ? rowErr.message : known?.message;
          refuse(v.fileRow, v.values, message ?? "The row could not be written");
        }
      }
    }
    errors.sort((a, b) => a.rowNumber - b.rowNumber);
    if (errors.length > 0) await tx.insert(importErrors).values(errors).onConflictDoNothing();
    const [after] = await tx
      .update(imports)
      .set({
        processedRows: sql`${imports.processedRows} + ${batch.length}`,
        createdCount: sql`${imports.createdCount} + ${counts.created}`,
        updatedCount: sql`${imports.updatedCount} + ${counts.updated}`,
        skippedCount: sql`${imports.skippedCount} + ${counts.skipped}`,
        errorCount: sql`${imports.errorCount} + ${errors.length}`,
      })
      .where(and(eq(imports.workspaceId, row.workspaceId), eq(imports.id, row.id)))
      .returning({ processedRows: imports.processedRows });
    await emit(tx, platform.outbox, actor, "import.progress", {
      id: row.id,
      processedRows: after?.processedRows ?? 0,
      totalRows,
    });
    return true;
  });
}
