import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor, Tx } from "../../db/client.ts";
import {
  companies,
  contacts,
  deals,
  notes,
  recordKeys,
  tasks,
  timelineEvents,
  unsortedLeads,
} from "../../db/schema/index.ts";
import { auditActor } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { visibleTo } from "../../platform/scope.ts";
import { findCompany } from "../companies/companies.service.ts";
import { findContact } from "../contacts/contacts.service.ts";
import { moveContactConversations } from "../records/conversation-links.ts";
import { type Deps, emit } from "../records/records.ts";
import { refreshCompanyKeys, refreshContactKeys } from "./keys.ts";

type Kind = "contact" | "company";
const STRENGTH = sql`max(case a.kind when 'name_company' then 1 else 2 end)`;

/**
 * Suspected duplicate pairs among the records the caller may see, strongest first (a shared phone,
 * e-mail or INN before a shared name + company), with every reason.
 */
export async function listDuplicatePairs(db: Executor, actor: Actor, kind: Kind, limit: number) {
  const pairs = (await db.execute(sql`
    select a.record_id as "aId", b.record_id as "bId",
           json_agg(json_build_object('kind', a.kind, 'value', a.value)) as reasons, ${STRENGTH} as strength
      from ${recordKeys} a
      join ${recordKeys} b on b.workspace_id = a.workspace_id and b.record_type = a.record_type
                          and b.kind = a.kind and b.value = a.value and b.record_id > a.record_id
     where a.workspace_id = ${actor.workspaceId} and a.record_type = ${kind}
     group by a.record_id, b.record_id
     order by strength desc, a.record_id, b.record_id
     limit ${limit * 4}`)) as unknown as {
    rows: { aId: string; bId: string; reasons: { kind: string; value: string }[]; strength: number }[];
  };
  const ids = [...new Set(pairs.rows.flatMap((p) => [p.aId, p.bId]))];
  if (ids.length === 0) return [];
  const table = kind === "contact" ? contacts : companies;
  const visible = new Set(
    (
      await db
        .select({ id: table.id })
        .from(table)
        .where(and(visibleTo(actor, table), inArray(table.id, ids)))
    ).map((r) => r.id),
  );
  return pairs.rows
    .filter((p) => visible.has(p.aId) && visible.has(p.bId))
    .slice(0, limit)
    .map((p) => ({ ids: [p.aId, p.bId], reasons: p.reasons }));
}

const CONTACT_FIELDS = [
  "firstName",
  "lastName",
  "middleName",
  "position",
  "telegramUsername",
  "telegramId",
  "whatsappId",
  "avitoUserId",
  "sourceId",
  "ownerId",
] as const;
const COMPANY_FIELDS = [
  "name",
  "legalName",
  "legalForm",
  "inn",
  "kpp",
  "ogrn",
  "legalAddress",
  "actualAddress",
  "bik",
  "bankName",
  "settlementAccount",
  "correspondentAccount",
  "website",
  "ownerId",
] as const;

export interface MergeInput {
  survivorId: string;
  mergedId: string;
  /** Fields whose value is taken from the merged record; everything else keeps the survivor's (or fills its gaps). */
  takeFromMerged?: string[];
}

/** Survivor's values, the merged record's where chosen or where the survivor has none; lists are united. */
function mergedValues<T extends Record<string, unknown>>(
  survivor: T,
  merged: T,
  fields: readonly string[],
  take: string[],
) {
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    values[f] =
      take.includes(f) || survivor[f] == null || survivor[f] === ""
        ? (merged[f] ?? survivor[f])
        : survivor[f];
  }
  const unite = <V>(a: V[], b: V[], key: (v: V) => string) => [
    ...new Map([...a, ...b].map((v) => [key(v), v])).values(),
  ];
  values.phones = unite(
    survivor.phones as { number: string }[],
    merged.phones as { number: string }[],
    (p) => p.number,
  );
  values.emails = unite(
    survivor.emails as { email: string }[],
    merged.emails as { email: string }[],
    (e) => e.email,
  );
  values.customFields = { ...(merged.customFields as object), ...(survivor.customFields as object) };
  for (const f of take.filter((t) => t.startsWith("customFields."))) {
    (values.customFields as Record<string, unknown>)[f.slice(13)] = (
      merged.customFields as Record<string, unknown>
    )[f.slice(13)];
  }
  return values;
}

/** Re-points a link table's rows from one record to another, skipping links the survivor already has. */
async function moveLinks(
  tx: Tx,
  actor: Actor,
  table: string,
  column: string,
  other: string,
  from: string,
  to: string,
) {
  const [t, c, o] = [sql.identifier(table), sql.identifier(column), sql.identifier(other)];
  await tx.execute(sql`
    insert into ${t} (workspace_id, ${c}, ${o})
    select workspace_id, ${to}, ${o} from ${t} where workspace_id = ${actor.workspaceId} and ${c} = ${from}
    on conflict do nothing`);
  await tx.execute(sql`delete from ${t} where workspace_id = ${actor.workspaceId} and ${c} = ${from}`);
}

/**
 * Merges two contacts or two companies of the workspace: the survivor takes the chosen values, and
 * deals, tasks, notes, links, tags, leads, conversations and the timeline move to it. The merged record is removed;
 * its full data is kept in the audit log, so the merge can be undone by hand. In one transaction.
 */
export async function merge(deps: Deps, actor: Actor, kind: Kind, input: MergeInput) {
  authorize(actor, "records.delete");
  if (input.survivorId === input.mergedId)
    throw new AppError("validation_failed", "A record cannot be merged with itself");
  const take = input.takeFromMerged ?? [];
  return deps.db.transaction(async (tx) => {
    const find = kind === "contact" ? findContact : findCompany;
    const survivor = await find(tx, actor, input.survivorId, true);
    const merged = await find(tx, actor, input.mergedId, true);
    const table = kind === "contact" ? contacts : companies;
    const values = mergedValues(survivor, merged, kind === "contact" ? CONTACT_FIELDS : COMPANY_FIELDS, take);
    const from = input.mergedId;
    const to = input.survivorId;
    if (kind === "contact") {
      await moveLinks(tx, actor, "deal_contacts", "contact_id", "deal_id", from, to);
      await moveLinks(tx, actor, "contact_companies", "contact_id", "company_id", from, to);
      await moveLinks(tx, actor, "contact_tags", "record_id", "tag_id", from, to);
      await tx
        .update(tasks)
        .set({ contactId: to })
        .where(and(eq(tasks.workspaceId, actor.workspaceId), eq(tasks.contactId, from)));
      await tx
        .update(notes)
        .set({ contactId: to })
        .where(and(eq(notes.workspaceId, actor.workspaceId), eq(notes.contactId, from)));
      await tx
        .update(unsortedLeads)
        .set({ contactId: to })
        .where(and(eq(unsortedLeads.workspaceId, actor.workspaceId), eq(unsortedLeads.contactId, from)));
      await moveContactConversations(tx, actor, from, to);
    } else {
      await tx
        .update(deals)
        .set({ companyId: to })
        .where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.companyId, from)));
      await moveLinks(tx, actor, "contact_companies", "company_id", "contact_id", from, to);
      await moveLinks(tx, actor, "company_tags", "record_id", "tag_id", from, to);
      await tx
        .update(tasks)
        .set({ companyId: to })
        .where(and(eq(tasks.workspaceId, actor.workspaceId), eq(tasks.companyId, from)));
      await tx
        .update(notes)
        .set({ companyId: to })
        .where(and(eq(notes.workspaceId, actor.workspaceId), eq(notes.companyId, from)));
    }
    await tx
      .update(timelineEvents)
      .set({ recordId: to })
      .where(
        and(
          eq(timelineEvents.workspaceId, actor.workspaceId),
          eq(timelineEvents.recordType, kind),
          eq(timelineEvents.recordId, from),
        ),
      );
    await tx.delete(table).where(and(eq(table.workspaceId, actor.workspaceId), eq(table.id, from)));
    await tx
      .delete(recordKeys)
      .where(
        and(
          eq(recordKeys.workspaceId, actor.workspaceId),
          eq(recordKeys.recordType, kind),
          eq(recordKeys.recordId, from),
        ),
      );
    await tx
      .update(table)
      .set({ ...values, updatedBy: actor.personId, updatedAt: new Date() })
      .where(and(eq(table.workspaceId, actor.workspaceId), eq(table.id, to)));
    await (kind === "contact" ? refreshContactKeys(tx, actor, to) : refreshCompanyKeys(tx, actor, to));
    const { searchText: _t, searchVector: _v, ...mergedRecord } = merged;
    await auditActor(tx, actor, `${kind}.merged`, to, {
      mergedId: from,
      merged: mergedRecord,
      takeFromMerged: take,
    });
    await emit(tx, deps.outbox, actor, `${kind}.merged`, { id: to, mergedId: from });
    await emit(tx, deps.outbox, actor, `${kind}.deleted`, { id: from, mergedInto: to });
    return { survivorId: to };
  });
}
