import { z } from "zod";
import { duplicatePolicy, importEntity, importStatus } from "../../db/schema/index.ts";

const entity = z.enum(importEntity.enumValues);
const mapping = z.record(z.string(), z.string()).describe("File column → field of the entity");

export const importSchema = z
  .object({
    id: z.string(),
    entity,
    status: z.enum(importStatus.enumValues),
    fileName: z.string(),
    fileSize: z.number().int().describe("Bytes"),
    format: z.string().describe("`csv` or `xlsx`"),
    encoding: z.string().nullable().describe("CSV only: `utf-8` or `windows-1251`"),
    delimiter: z.string().nullable().describe("CSV only"),
    headers: z.array(z.string()).describe("The file's header row"),
    mapping,
    duplicatePolicy: z.enum(duplicatePolicy.enumValues),
    totalRows: z.number().int().nullable().describe("Known once the import has counted the file"),
    processedRows: z.number().int(),
    createdCount: z.number().int(),
    updatedCount: z.number().int(),
    skippedCount: z.number().int(),
    errorCount: z.number().int().describe("Rows refused; `GET /api/imports/{id}/errors.csv` lists them"),
    error: z.string().nullable().describe("Why the whole import failed"),
    createdAt: z.date(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    percent: z.number().int().min(0).max(100),
  })
  .meta({ id: "Import", description: "An import of a CSV or XLSX file: its settings and progress" });

const previewRows = z
  .array(
    z.object({
      rowNumber: z.number().int().describe("As a spreadsheet numbers it (the header is row 1)"),
      values: z.record(z.string(), z.string()).describe("Header → cell"),
      errors: z.array(z.string()).describe("What the current mapping makes of the row"),
    }),
  )
  .describe("The first 10 data rows with the mapping applied");

export const uploadedImportSchema = importSchema.extend({
  guessedMapping: mapping.describe("The mapping guessed from the headers (also stored as `mapping`)"),
  preview: previewRows,
});
export const configuredImportSchema = importSchema.extend({ preview: previewRows });

export const importMappingSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    entity,
    mapping,
    createdAt: z.date(),
  })
  .meta({ id: "ImportMapping", description: "A column mapping saved to reuse for files of the same kind" });
