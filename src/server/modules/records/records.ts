// What contacts, companies and deals share: phone and e-mail inputs, reference checks, tags, diffs, events.
import { and, asc, eq, inArray, is, type SQL, sql } from "drizzle-orm";
import { type PgColumn, type PgTable, PgTransaction } from "drizzle-orm/pg-core";
import type { Executor, Tx } from "../../db/client.ts";
import {
  companyTags,
  contactTags,
  customFieldDefinitions,
  dealTags,
  members,
  type RecordType,
  tags,
} from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import type { Outbox } from "../../platform/outbox.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";

/** What record services need. `db` may be an open transaction, so one use case can combine several. */
export interface Deps {
  db: Executor;
  outbox: Outbox;
}

/**
 * Runs `fn` in a transaction: the caller's own when `executor` already is one, else a new one.
 * No savepoint in the first case: every caller that passes its transaction lets an error end the
 * whole unit of work (nothing catches it and carries on), so a savepoint would only cost two round
 * trips. A caller that wants to survive a failure inside must open its own savepoint.
 */
export function withTx<T>(executor: Executor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return is(executor, PgTransaction) ? fn(executor as Tx) : executor.transaction(fn);
}

/**
 * Whether `visibleTo` surely lets the actor see a record with this owner, without asking the database:
 * the actor sees everything, or the record is unowned or the actor's own. Teammates need the database.
 */
export function surelyVisible(actor: Actor, ownerId: string | null): boolean {
  return actor.visibility === "all" || ownerId === null || (!!actor.personId && ownerId === actor.personId);
}

/** Ids without repeats, first occurrence first: the link rows a list of ids makes. */
export function uniqueIds(ids: string[] | undefined): string[] {
  return [...new Set(ids ?? [])];
}

export { emailInput, idList, optionalText, phoneInput } from "../../../common/inputs.ts";

/** 404 unless the person is a member of the actor's workspace (owners and assignees must be). */
export async function requireMember(
  executor: Executor,
  actor: Actor,
  userId: string | null | undefined,
  what = "Member",
) {
  if (!userId) return;
  const [row] = await executor
    .select({ userId: members.userId })
    .from(members)
    .where(and(eq(members.workspaceId, actor.workspaceId), eq(members.userId, userId)));
  if (!row) throw notFound(what);
}

/** 404 unless every id names a row the actor may see (`scope` from platform/scope.ts). */
export async function requireRows(
  executor: Executor,
  table: PgTable & { id: PgColumn },
  scope: SQL,
  ids: (string | null | undefined)[],
  what: string,
) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return;
  const found = await executor
    .select({ id: table.id })
    .from(table as PgTable)
    .where(and(scope, inArray(table.id, wanted)));
  if (found.length !== wanted.length) throw notFound(what);
}

/** One reference a write names: `ids` must all be rows of `table` (by `column`) within `scope`. */
export interface Reference {
  table: PgTable;
  column: PgColumn;
  scope: SQL;
  ids: (string | null | undefined)[];
  what: string;
}

/** The owner or assignee a write names must be a member of the actor's workspace (see `requireMember`). */
export function memberRef(actor: Actor, userId: string | null | undefined, what = "Member"): Reference {
  return { table: members, column: members.userId, scope: inWorkspace(actor, members), ids: [userId], what };
}

/** The rows a write names must be ones the actor may see (see `requireRows`). */
export function rowsRef(
  table: PgTable & { id: PgColumn },
  scope: SQL,
  ids: (string | null | undefined)[],
  what: string,
): Reference {
  return { table, column: table.id, scope, ids, what };
}

/** The references that name something, each id once. */
function wantedOf(references: Reference[]) {
  return references
    .map((r) => ({ ...r, ids: [...new Set(r.ids.filter((id): id is string => Boolean(id)))] }))
    .filter((r) => r.ids.length > 0);
}

/** How many of each reference's ids are rows the actor may see, as one `int[]` expression. */
function foundOf(wanted: Reference[]) {
  const counts = wanted.map(
    (r) => sql`(select count(*)::int from ${r.table} where ${and(r.scope, inArray(r.column, r.ids))})`,
  );
  return sql<number[]>`array[${sql.join(counts, sql`, `)}]::int[]`;
}

function throwMissing(wanted: Reference[], found: number[] | null | undefined) {
  const missing = wanted.find((r, i) => found?.[i] !== r.ids.length);
  if (missing) throw notFound(missing.what);
}

/**
 * `requireMember`/`requireRows` for several references in one statement: 404 naming the first one, in
 * the given order, that names a row the actor may not see. The same statement returns the workspace's
 * custom field definitions of `entity` (in `listDefinitions` order), which a create or update then
 * validates its input against (`validateCustomFields`): one round trip instead of two to six.
 */
export async function requireReferencesAndDefinitions(
  executor: Executor,
  actor: Actor,
  entity: RecordType,
  references: Reference[],
) {
  const wanted = wantedOf(references);
  const found = wanted.length > 0 ? foundOf(wanted) : sql<number[]>`null::int[]`;
  const rows = await executor
    .select({ found: sql<number[] | null>`checked.found`, definition: customFieldDefinitions })
    .from(sql`(select ${found} as found) checked`)
    .leftJoin(
      customFieldDefinitions,
      and(inWorkspace(actor, customFieldDefinitions), eq(customFieldDefinitions.entity, entity)),
    )
    .orderBy(asc(customFieldDefinitions.position));
  throwMissing(wanted, rows[0]?.found);
  return rows.flatMap((r) => (r.definition ? [r.definition] : []));
}

export const tagLinks = { contact: contactTags, company: companyTags, deal: dealTags } as const;

/** Replaces a record's tags; every tag must be the workspace's. */
export async function setTags(
  tx: Tx,
  actor: Actor,
  type: keyof typeof tagLinks,
  recordId: string,
  tagIds: string[],
) {
  const link = tagLinks[type];
  await requireRows(tx, tags, inWorkspace(actor, tags), tagIds, "Tag");
  await tx.delete(link).where(and(eq(link.workspaceId, actor.workspaceId), eq(link.recordId, recordId)));
  await insertTags(tx, actor, type, recordId, tagIds);
}

/** Tags a record that was just created (it has none to replace); every tag must be the workspace's. */
export async function addTags(
  tx: Tx,
  actor: Actor,
  type: keyof typeof tagLinks,
  recordId: string,
  tagIds: string[],
) {
  if (tagIds.length === 0) return;
  await requireRows(tx, tags, inWorkspace(actor, tags), tagIds, "Tag");
  await insertTags(tx, actor, type, recordId, tagIds);
}

async function insertTags(
  tx: Tx,
  actor: Actor,
  type: keyof typeof tagLinks,
  recordId: string,
  tagIds: string[],
) {
  if (tagIds.length === 0) return;
  await tx
    .insert(tagLinks[type])
    .values(uniqueIds(tagIds).map((tagId) => ({ workspaceId: actor.workspaceId, recordId, tagId })));
}

export async function tagsOf(
  executor: Executor,
  actor: Actor,
  type: keyof typeof tagLinks,
  recordIds: string[],
) {
  if (recordIds.length === 0) return new Map<string, string[]>();
  const link = tagLinks[type];
  const rows = await executor
    .select({ recordId: link.recordId, tagId: link.tagId })
    .from(link)
    .where(and(eq(link.workspaceId, actor.workspaceId), inArray(link.recordId, recordIds)));
  const byRecord = new Map<string, string[]>();
  for (const r of rows) byRecord.set(r.recordId, [...(byRecord.get(r.recordId) ?? []), r.tagId]);
  return byRecord;
}

/** Field-by-field changes between two versions of a record, for the timeline and webhooks. */
export function diff<T extends Record<string, unknown>>(before: T, after: T, ignore: string[] = []) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  // Bookkeeping and the generated search columns are not changes anyone made.
  const skip = new Set(["updatedAt", "updatedBy", "searchText", "searchVector", ...ignore]);
  for (const key of Object.keys(after)) {
    if (skip.has(key)) continue;
    const [a, b] = [before[key], after[key]];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = { from: a ?? null, to: b ?? null };
  }
  return changes;
}

/** Writes a domain event to the outbox in the caller's transaction; timeline and webhooks follow from it. */
export function emit(tx: Tx, outbox: Outbox, actor: Actor, topic: string, payload: Record<string, unknown>) {
  // The generated search columns are an index's business, not part of what happened.
  const record = payload.record as Record<string, unknown> | undefined;
  const { searchText: _t, searchVector: _v, ...plain } = record ?? {};
  return outbox.emit(tx, {
    topic,
    workspaceId: actor.workspaceId,
    payload: {
      ...payload,
      ...(record ? { record: plain } : {}),
      actor: { userId: actor.userId, apiKeyId: actor.apiKeyId, ...(actor.via ? { via: actor.via } : {}) },
      occurredAt: new Date().toISOString(),
    },
  });
}
