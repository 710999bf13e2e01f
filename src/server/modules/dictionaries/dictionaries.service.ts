import { and, asc, eq } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { leadSources, lossReasons, tags } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";

type Dictionary = PgTable & { workspaceId: PgColumn; id: PgColumn; name: PgColumn };

/** Lead sources, loss reasons and tags: small per-workspace lists that settings manage and records use. */
export const dictionaries = {
  sources: { table: leadSources, what: "Source" },
  lossReasons: { table: lossReasons, what: "Loss reason" },
  tags: { table: tags, what: "Tag" },
} as const;
export type DictionaryName = keyof typeof dictionaries;

export async function listEntries(db: Db, actor: Actor, name: DictionaryName) {
  const table = dictionaries[name].table as Dictionary;
  const rows = await db.select().from(table).where(inWorkspace(actor, table)).orderBy(asc(table.name));
  return { items: rows as Record<string, unknown>[] };
}

export async function createEntry(
  db: Db,
  actor: Actor,
  name: DictionaryName,
  values: Record<string, unknown>,
) {
  // Tags are made while working; sources and loss reasons are settings.
  authorize(actor, name === "tags" ? "records.update" : "workspace.settings");
  const table = dictionaries[name].table as Dictionary;
  const [row] = await db
    .insert(table)
    .values({ ...values, workspaceId: actor.workspaceId, id: newId() })
    .returning();
  return row as Record<string, unknown>;
}

export async function updateEntry(
  db: Db,
  actor: Actor,
  name: DictionaryName,
  id: string,
  values: Record<string, unknown>,
) {
  authorize(actor, name === "tags" ? "records.update" : "workspace.settings");
  const { table, what } = dictionaries[name];
  const t = table as Dictionary;
  const where = and(inWorkspace(actor, t), eq(t.id, id));
  // An empty change is a no-op answering the entry (an UPDATE with nothing to set is an SQL error).
  const rows =
    Object.keys(values).length === 0
      ? await db.select().from(t).where(where)
      : await db.update(t).set(values).where(where).returning();
  if (rows.length === 0) throw notFound(what);
  return rows[0] as Record<string, unknown>;
}

/** Deleting an entry in use is refused with 409 by the foreign keys (tags are simply unlinked). */
export async function deleteEntry(db: Db, actor: Actor, name: DictionaryName, id: string) {
  authorize(actor, "workspace.settings");
  const { table, what } = dictionaries[name];
  const t = table as Dictionary;
  const rows = await db
    .delete(t)
    .where(and(inWorkspace(actor, t), eq(t.id, id)))
    .returning({ id: t.id });
  if (rows.length === 0) throw notFound(what);
}
