// What contacts, companies and deals share: phone and e-mail inputs, reference checks, tags, diffs, events.
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor, Tx } from "../../db/client.ts";
import { companyTags, contactTags, dealTags, members, tags } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import type { Outbox } from "../../platform/outbox.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";

/** What record services need. `db` may be an open transaction, so one use case can combine several. */
export interface Deps {
  db: Executor;
  outbox: Outbox;
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
  if (tagIds.length > 0) {
    await tx
      .insert(link)
      .values([...new Set(tagIds)].map((tagId) => ({ workspaceId: actor.workspaceId, recordId, tagId })));
  }
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
      actor: { userId: actor.userId, apiKeyId: actor.apiKeyId },
      occurredAt: new Date().toISOString(),
    },
  });
}
