import {
  bigint,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { workspaces } from "./identity.ts";

export const importEntity = pgEnum("import_entity", ["contact", "company", "deal"]);
export const importStatus = pgEnum("import_status", ["uploaded", "running", "done", "failed", "cancelled"]);
export const duplicatePolicy = pgEnum("duplicate_policy", ["skip", "update", "create"]);

/** One import of a CSV or XLSX file: its settings, and progress that the API and events report. */
export const imports = pgTable(
  "imports",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    entity: importEntity("entity").notNull(),
    status: importStatus("status").notNull().default("uploaded"),
    fileName: text("file_name").notNull(),
    /** Where the upload is kept (under FLAME_DATA_DIR/imports). */
    filePath: text("file_path").notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull(),
    format: text("format").notNull(),
    encoding: text("encoding"),
    delimiter: text("delimiter"),
    headers: jsonb("headers").$type<string[]>().notNull().default([]),
    /** File column → record field. */
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull().default({}),
    duplicatePolicy: duplicatePolicy("duplicate_policy").notNull().default("skip"),
    totalRows: integer("total_rows"),
    processedRows: integer("processed_rows").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    skippedCount: integer("skipped_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    error: text("error"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "imports_pkey", columns: [t.workspaceId, t.id] }),
    index("imports_created_idx").on(t.workspaceId, t.createdAt),
  ],
);

/** Rows an import could not take, with the reason: the downloadable error report. */
export const importErrors = pgTable(
  "import_errors",
  {
    workspaceId: text("workspace_id").notNull(),
    importId: text("import_id").notNull(),
    rowNumber: integer("row_number").notNull(),
    message: text("message").notNull(),
    row: jsonb("row").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ name: "import_errors_pkey", columns: [t.workspaceId, t.importId, t.rowNumber] }),
    foreignKey({
      name: "import_errors_import_fk",
      columns: [t.workspaceId, t.importId],
      foreignColumns: [imports.workspaceId, imports.id],
    }).onDelete("cascade"),
  ],
);

/** Column mappings people saved to reuse for files from the same source. */
export const importMappings = pgTable(
  "import_mappings",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    entity: importEntity("entity").notNull(),
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "import_mappings_pkey", columns: [t.workspaceId, t.id] })],
);
