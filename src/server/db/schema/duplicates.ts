import { index, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { recordType } from "./crm.ts";
import { workspaces } from "./identity.ts";

export const recordKeyKind = pgEnum("record_key_kind", ["phone", "email", "inn", "name_company"]);
export type RecordKeyKind = (typeof recordKeyKind.enumValues)[number];

/**
 * Normalised identifying values of contacts and companies (E.164 phones, lower-case e-mails, INNs, and
 * name + company as a weaker signal). Two records sharing a key are suspected duplicates; the index
 * makes both the check on write and the pair list an index lookup.
 */
export const recordKeys = pgTable(
  "record_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    recordType: recordType("record_type").notNull(),
    kind: recordKeyKind("kind").notNull(),
    value: text("value").notNull(),
    recordId: text("record_id").notNull(),
  },
  (t) => [
    primaryKey({
      name: "record_keys_pkey",
      columns: [t.workspaceId, t.recordType, t.kind, t.value, t.recordId],
    }),
    index("record_keys_record_idx").on(t.workspaceId, t.recordType, t.recordId),
  ],
);
