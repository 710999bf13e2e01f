import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db, Executor } from "../../db/client.ts";
import { companies, contacts, deals, notes } from "../../db/schema/index.ts";
import { forbidden, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page } from "../../platform/pagination.ts";
import { type Actor, authorize, can } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { type Deps, diff, emit, requireRows } from "../records/records.ts";
import type { NoteInput, NoteListQuery, NotePatch } from "./notes.schemas.ts";

type NoteRow = typeof notes.$inferSelect;
type Target = Pick<NoteInput, "contactId" | "companyId" | "dealId">;

/** Notes the actor may see: those whose record the actor may see. */
export function noteVisibleTo(actor: Actor): SQL {
  const on = (table: typeof contacts | typeof companies | typeof deals, column: PgColumn) =>
    sql`exists (select 1 from ${table} where ${and(visibleTo(actor, table), eq(table.id, column))})`;
  return and(
    inWorkspace(actor, notes),
    or(on(contacts, notes.contactId), on(companies, notes.companyId), on(deals, notes.dealId)),
  ) as SQL;
}

/** The record a note belongs to: every event carries it, so the timeline can file it there. */
const targetOf = (row: NoteRow) => ({
  contactId: row.contactId,
  companyId: row.companyId,
  dealId: row.dealId,
});

/** 404 unless the named record (exactly one, as the schema checks) is one the actor may see. */
async function requireTarget(executor: Executor, actor: Actor, t: Target) {
  await requireRows(executor, contacts, visibleTo(actor, contacts), [t.contactId], "Contact");
  await requireRows(executor, companies, visibleTo(actor, companies), [t.companyId], "Company");
  await requireRows(executor, deals, visibleTo(actor, deals), [t.dealId], "Deal");
}

/** The note if the actor may see it, else 404 (another workspace's or an invisible one alike). */
export async function findNote(executor: Executor, actor: Actor, id: string, lock = false) {
  const query = executor
    .select()
    .from(notes)
    .where(and(noteVisibleTo(actor), eq(notes.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Note");
  return row;
}

export function getNote(db: Db, actor: Actor, id: string) {
  return findNote(db, actor, id);
}

/** Its author may change or delete a note, and so may a role that may delete records; others 403. */
function requireEditor(actor: Actor, note: NoteRow) {
  const isAuthor = actor.personId !== null && note.createdBy === actor.personId;
  if (!isAuthor && !can(actor, "records.delete")) {
    throw forbidden("Only its author or a role that may delete records may change a note");
  }
}

export async function createNote({ db, outbox }: Deps, actor: Actor, input: NoteInput) {
  authorize(actor, "records.create");
  return db.transaction(async (tx) => {
    await requireTarget(tx, actor, input);
    const id = newId();
    const [row] = await tx
      .insert(notes)
      .values({
        workspaceId: actor.workspaceId,
        id,
        body: input.body,
        contactId: input.contactId ?? null,
        companyId: input.companyId ?? null,
        dealId: input.dealId ?? null,
        createdBy: actor.personId,
      })
      .returning();
    if (!row) throw notFound("Note");
    await emit(tx, outbox, actor, "note.created", { id, ...targetOf(row), record: row });
    return row;
  });
}

export async function updateNote({ db, outbox }: Deps, actor: Actor, id: string, input: NotePatch) {
  authorize(actor, "records.update");
  return db.transaction(async (tx) => {
    const before = await findNote(tx, actor, id, true);
    requireEditor(actor, before);
    if (before.body === input.body) return before;
    const [after] = await tx
      .update(notes)
      .set({ body: input.body, updatedAt: new Date() })
      .where(and(inWorkspace(actor, notes), eq(notes.id, id)))
      .returning();
    if (!after) throw notFound("Note");
    await emit(tx, outbox, actor, "note.updated", { id, ...targetOf(after), changes: diff(before, after) });
    return after;
  });
}

export async function deleteNote({ db, outbox }: Deps, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const row = await findNote(tx, actor, id, true);
    requireEditor(actor, row);
    await tx.delete(notes).where(and(inWorkspace(actor, notes), eq(notes.id, id)));
    await emit(tx, outbox, actor, "note.deleted", { id, ...targetOf(row), record: row });
  });
}

/** The notes of one record the actor may see, newest first; 404 when the record is not visible. */
export async function listNotes(db: Db, actor: Actor, q: NoteListQuery) {
  await requireTarget(db, actor, q);
  const { where, orderBy, sortValue } = keyset(
    { expr: notes.createdAt, cast: "timestamptz" },
    notes.id,
    q.order,
    q.cursor,
  );
  const rows = await db
    .select({ note: notes, sortValue })
    .from(notes)
    .where(
      and(
        noteVisibleTo(actor),
        q.contactId ? eq(notes.contactId, q.contactId) : undefined,
        q.companyId ? eq(notes.companyId, q.companyId) : undefined,
        q.dealId ? eq(notes.dealId, q.dealId) : undefined,
        where,
      ),
    )
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  return page(
    rows.map((r) => ({ ...r.note, sortValue: r.sortValue })),
    q.limit,
  );
}
