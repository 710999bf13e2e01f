// Imports as the API sees them: upload and preview, mapping, start, progress, cancel, error report.
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Multipart } from "@fastify/multipart";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { importMappings, imports } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Platform } from "../../platform/platform.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { emit } from "../records/records.ts";
import { byHeader, detectFile, headerNames, readRows, type StoredMeta, unprocessable } from "./detect.ts";
import { guessMapping, type ImportEntity, mappingProblems, mapRow } from "./fields.ts";
import { importJob } from "./import.job.ts";
import type { DuplicatePolicy } from "./import.writer.ts";

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
const ENTITIES = ["contact", "company", "deal"] as const;

type ImportRow = typeof imports.$inferSelect;

export function importView(row: ImportRow) {
  const { workspaceId: _w, filePath: _f, createdBy: _c, ...rest } = row;
  const percent = row.totalRows
    ? Math.min(100, Math.floor((row.processedRows / row.totalRows) * 100))
    : row.status === "done"
      ? 100
      : 0;
  return { ...rest, percent };
}

/** The first rows with the mapping applied: what the person checks before starting. */
async function preview(row: Pick<ImportRow, "filePath" | "entity" | "mapping"> & StoredMeta) {
  const rows: { rowNumber: number; values: Record<string, string>; errors: string[] }[] = [];
  let headers: string[] | null = null;
  for await (const r of readRows(row.filePath, row)) {
    if (!headers) {
      headers = headerNames(r.cells);
      continue;
    }
    const values = byHeader(headers, r.cells);
    const mapped = mapRow(row.entity, row.mapping, values);
    rows.push({ rowNumber: r.rowNumber, values, errors: mapped.ok ? [] : mapped.errors });
    if (rows.length === 10) break;
  }
  return { headers: headers ?? [], rows };
}

/** Streams the multipart upload to disk and reads what it is; refuses files that are not tables. */
export async function uploadImport(platform: Platform, actor: Actor, parts: AsyncIterable<Multipart>) {
  authorize(actor, "records.create");
  const id = newId();
  const dir = path.resolve(platform.config.dataDir, "imports", actor.workspaceId);
  const filePath = path.join(dir, id);
  let entity: string | null = null;
  let fileName: string | null = null;
  try {
    for await (const part of parts) {
      if (part.type === "field") {
        if (part.fieldname === "entity") entity = String(part.value);
      } else if (part.fieldname === "file" && fileName === null) {
        await mkdir(dir, { recursive: true });
        fileName = part.filename || "import";
        await pipeline(part.file, createWriteStream(filePath));
      } else {
        part.file.resume();
      }
    }
    if (!fileName) throw new AppError("validation_failed", "Send the file in the field `file`");
    if (!ENTITIES.includes(entity as ImportEntity)) {
      throw new AppError("validation_failed", "`entity` must be contact, company or deal");
    }
    const meta = await detectFile(filePath);
    const { headers, rows } = await preview({
      filePath,
      entity: entity as ImportEntity,
      mapping: {},
      ...meta,
    });
    if (headers.length === 0) throw unprocessable("The file is empty");
    if (rows.length === 0) throw unprocessable("The file has a header row but no data rows");
    const mapping = guessMapping(entity as ImportEntity, headers);
    const [row] = await platform.database.db
      .insert(imports)
      .values({
        workspaceId: actor.workspaceId,
        id,
        entity: entity as ImportEntity,
        fileName,
        filePath,
        fileSize: (await stat(filePath)).size,
        ...meta,
        headers,
        mapping,
        createdBy: actor.personId,
      })
      .returning();
    if (!row) throw new Error("import insert returned nothing");
    return { ...importView(row), guessedMapping: mapping, preview: (await preview(row)).rows };
  } catch (err) {
    await rm(filePath, { force: true });
    const code = (err as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") {
      throw new AppError("payload_too_large", "The file is larger than 100 MB");
    }
    if (code === "FST_INVALID_MULTIPART_CONTENT_TYPE") {
      throw new AppError("unsupported_media_type", "Send the file as multipart/form-data");
    }
    throw err;
  }
}

export async function findImport(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(inWorkspace(actor, imports), eq(imports.id, id)));
  if (!row) throw notFound("Import");
  return row;
}

export async function getImport(db: Db, actor: Actor, id: string) {
  return importView(await findImport(db, actor, id));
}

export async function listImports(db: Db, actor: Actor) {
  const rows = await db
    .select()
    .from(imports)
    .where(inWorkspace(actor, imports))
    .orderBy(desc(imports.createdAt))
    .limit(100);
  return { items: rows.map(importView) };
}

export interface ImportSettings {
  mapping: Record<string, string>;
  duplicatePolicy: DuplicatePolicy;
  saveMappingAs?: string | undefined;
}

export async function configureImport(platform: Platform, actor: Actor, id: string, input: ImportSettings) {
  authorize(actor, "records.create");
  const db = platform.database.db;
  const before = await findImport(db, actor, id);
  if (before.status !== "uploaded") throw new AppError("conflict", `The import is already ${before.status}`);
  const problems = mappingProblems(before.entity, before.headers, input.mapping);
  if (problems.length > 0) {
    throw new AppError("validation_failed", problems.map((p) => p.message).join("; "), problems);
  }
  const row = await db.transaction(async (tx) => {
    if (input.saveMappingAs) {
      await tx.insert(importMappings).values({
        workspaceId: actor.workspaceId,
        id: newId(),
        name: input.saveMappingAs,
        entity: before.entity,
        mapping: input.mapping,
      });
    }
    const [after] = await tx
      .update(imports)
      .set({ mapping: input.mapping, duplicatePolicy: input.duplicatePolicy })
      .where(and(inWorkspace(actor, imports), eq(imports.id, id)))
      .returning();
    return after ?? before;
  });
  return { ...importView(row), preview: (await preview(row)).rows };
}

export async function startImport(platform: Platform, actor: Actor, id: string) {
  authorize(actor, "records.create");
  const db = platform.database.db;
  const before = await findImport(db, actor, id);
  const problems = mappingProblems(before.entity, before.headers, before.mapping);
  if (problems.length > 0) {
    throw new AppError("validation_failed", problems.map((p) => p.message).join("; "), problems);
  }
  const row = await db.transaction(async (tx) => {
    const [after] = await tx
      .update(imports)
      .set({ status: "running", startedAt: new Date() })
      .where(and(inWorkspace(actor, imports), eq(imports.id, id), eq(imports.status, "uploaded")))
      .returning();
    if (!after) throw new AppError("conflict", `The import is already ${before.status}`);
    await platform.jobs.enqueue(tx, importJob(platform), { workspaceId: actor.workspaceId, importId: id });
    return after;
  });
  return importView(row);
}

export async function cancelImport(platform: Platform, actor: Actor, id: string) {
  authorize(actor, "records.create");
  const db = platform.database.db;
  const before = await findImport(db, actor, id);
  const row = await db.transaction(async (tx) => {
    const [after] = await tx
      .update(imports)
      .set({ status: "cancelled", finishedAt: new Date() })
      .where(
        and(
          inWorkspace(actor, imports),
          eq(imports.id, id),
          inArray(imports.status, ["uploaded", "running"]),
        ),
      )
      .returning();
    if (!after) throw new AppError("conflict", `The import is already ${before.status}`);
    await emit(tx, platform.outbox, actor, "import.finished", { id, status: "cancelled" });
    return after;
  });
  await rm(row.filePath, { force: true });
  return importView(row);
}

export async function listMappings(db: Db, actor: Actor, entity: ImportEntity | undefined) {
  const rows = await db
    .select()
    .from(importMappings)
    .where(and(inWorkspace(actor, importMappings), entity ? eq(importMappings.entity, entity) : undefined))
    .orderBy(asc(importMappings.name));
  return { items: rows.map(({ workspaceId: _, ...rest }) => rest) };
}
