// Writes validated rows: duplicate check (skip / update the first duplicate / create), the record, its
// company link and its duplicate keys. New records are inserted together by `flush`, in the caller's
// transaction or savepoint; their keys are written at once, so later rows see them as duplicates.
import { and, asc, eq, inArray, min, type SQL, sql } from "drizzle-orm";
import type { Executor, Tx } from "../../db/client.ts";
import {
  companies,
  contactCompanies,
  contacts,
  deals,
  pipelines,
  recordKeys,
  stages,
} from "../../db/schema/index.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { recordStageEntry } from "../deals/stage-history.ts";
import { findDuplicates, type KeySource, keysOf, syncRecordKeys } from "../duplicates/keys.ts";
import { fullName, type ImportEntity, type MappedRow, merge, present, sourceOf } from "./fields.ts";

export type Outcome = "created" | "updated" | "skipped";
export type DuplicatePolicy = "skip" | "update" | "create";

type NewContact = typeof contacts.$inferInsert;
type NewCompany = typeof companies.$inferInsert;
type NewDeal = typeof deals.$inferInsert;

export function createWriter(actor: Actor, entity: ImportEntity, policy: DuplicatePolicy) {
  const companyIds = new Map<string, string | null>();
  let dealStage: { id: string; pipelineId: string; position: number } | null = null;
  let pending = {
    ids: new Set<string>(),
    contacts: [] as NewContact[],
    links: [] as { contactId: string; companyId: string }[],
    companies: [] as NewCompany[],
    deals: [] as NewDeal[],
    keys: [] as (typeof recordKeys.$inferInsert)[],
  };
  /** `kind:value` of the keys in `pending.keys`. */
  let pendingKeys = new Set<string>();
  /** Keys that exist in the workspace or were written in this batch: only rows having one need a lookup. */
  let seen = new Set<string>();
  const keyId = (k: { kind: string; value: string }) => `${k.kind}:${k.value}`;

  /** One query per batch for the keys its rows share with stored records. */
  async function prepare(tx: Executor, rows: MappedRow[]) {
    seen = new Set();
    if (entity === "deal" || policy === "create") return;
    const keys = rows.flatMap((r) => keysOf(sourceOf(r)));
    if (keys.length === 0) return;
    const found = await tx
      .selectDistinct({ kind: recordKeys.kind, value: recordKeys.value })
      .from(recordKeys)
      .where(
        and(
          eq(recordKeys.workspaceId, actor.workspaceId),
          eq(recordKeys.recordType, entity),
          sql`(${recordKeys.kind}, ${recordKeys.value}) in (${sql.join(
            keys.map((k) => sql`(${k.kind}::record_key_kind, ${k.value})`),
            sql`, `,
          )})`,
        ),
      );
    seen = new Set(found.map(keyId));
  }

  /** The first likely duplicate (findDuplicates decides), unless no key of the row is known at all. */
  async function duplicateOf(tx: Tx, type: "contact" | "company", source: KeySource) {
    if (policy === "create") return undefined;
    const keys = keysOf(source).map(keyId);
    if (!keys.some((k) => seen.has(k))) return undefined;
    if (keys.some((k) => pendingKeys.has(k))) await flush(tx); // a record created earlier in this batch
    const [first] = await findDuplicates(tx, actor, type, source);
    return first;
  }

  async function writeKeys(tx: Tx, type: "contact" | "company", id: string, source: KeySource) {
    await syncRecordKeys(tx, actor, type, id, source);
    for (const k of keysOf(source)) seen.add(keyId(k));
  }

  /** A new record's keys are inserted with it by `flush`. */
  function addKeys(type: "contact" | "company", recordId: string, source: KeySource) {
    for (const k of keysOf(source)) {
      pending.keys.push({ ...k, workspaceId: actor.workspaceId, recordType: type, recordId });
      seen.add(keyId(k));
      pendingKeys.add(keyId(k));
    }
  }

  const discard = () => {
    pending = { ids: new Set(), contacts: [], links: [], companies: [], deals: [], keys: [] };
    pendingKeys = new Set();
  };

  /** Inserts the records created since the last flush, a statement per table. */
  async function flush(tx: Tx) {
    const p = pending;
    discard();
    if (p.contacts.length) await tx.insert(contacts).values(p.contacts);
    if (p.links.length) {
      const links = p.links.map((l) => ({ ...l, workspaceId: actor.workspaceId }));
      await tx.insert(contactCompanies).values(links).onConflictDoNothing();
    }
    if (p.companies.length) await tx.insert(companies).values(p.companies);
    if (p.keys.length) await tx.insert(recordKeys).values(p.keys).onConflictDoNothing();
    if (p.deals.length && dealStage) {
      await tx.insert(deals).values(p.deals);
      const ids = p.deals.map((d) => d.id);
      await recordStageEntry(
        tx,
        actor,
        and(inWorkspace(actor, deals), inArray(deals.id, ids)) as SQL,
        dealStage,
      );
    }
  }

  /** An update must see the record it updates: a duplicate created earlier in this batch is written first. */
  async function written(tx: Tx, id: string) {
    if (pending.ids.has(id)) await flush(tx);
  }

  /** A visible company with exactly this name (case-insensitive), cached for the import. */
  async function companyNamed(tx: Executor, name: string | null) {
    if (!name) return null;
    const key = name.toLowerCase();
    if (!companyIds.has(key)) {
      const [row] = await tx
        .select({ id: companies.id })
        .from(companies)
        .where(and(visibleTo(actor, companies), sql`lower(${companies.name}) = ${key}`))
        .orderBy(asc(companies.createdAt))
        .limit(1);
      // Only a found company is cached: one created later in this import is found next time.
      if (!row) return null;
      companyIds.set(key, row.id);
    }
    return companyIds.get(key) ?? null;
  }

  async function linkCompany(tx: Tx, contactId: string, companyId: string | null) {
    if (!companyId) return;
    await tx
      .insert(contactCompanies)
      .values({ workspaceId: actor.workspaceId, contactId, companyId })
      .onConflictDoNothing();
  }

  async function writeContact(tx: Tx, row: MappedRow): Promise<Outcome> {
    const { input, companyName } = row;
    const source = sourceOf(row);
    const phones = source.phones ?? [];
    const emails = source.emails ?? [];
    const companyId = await companyNamed(tx, companyName);
    const duplicate = await duplicateOf(tx, "contact", source);
    if (duplicate && policy === "skip") return "skipped";
    if (duplicate) {
      await written(tx, duplicate.recordId);
      const where = and(visibleTo(actor, contacts), eq(contacts.id, duplicate.recordId)) as SQL;
      const [before] = await tx.select().from(contacts).where(where).for("update");
      if (!before) return "skipped"; // a duplicate the importer may not see is left alone
      const [after] = await tx
        .update(contacts)
        .set({
          ...present(input),
          phones: merge(before.phones, phones, (p) => p.number),
          emails: merge(before.emails, emails, (e) => e.email),
          updatedBy: actor.personId,
          updatedAt: new Date(),
        })
        .where(where)
        .returning();
      if (!after) return "skipped";
      await linkCompany(tx, after.id, companyId);
      await writeKeys(tx, "contact", after.id, { ...after, name: fullName(after), companyName });
      return "updated";
    }
    const id = newId();
    pending.ids.add(id);
    pending.contacts.push({
      ...present(input),
      workspaceId: actor.workspaceId,
      id,
      ownerId: actor.personId,
      createdBy: actor.personId,
      updatedBy: actor.personId,
    });
    if (companyId) pending.links.push({ contactId: id, companyId });
    addKeys("contact", id, source);
    return "created";
  }

  async function writeCompany(tx: Tx, row: MappedRow): Promise<Outcome> {
    const { input } = row;
    const source = sourceOf(row);
    const phones = source.phones ?? [];
    const emails = source.emails ?? [];
    const duplicate = await duplicateOf(tx, "company", source);
    if (duplicate && policy === "skip") return "skipped";
    if (duplicate) {
      await written(tx, duplicate.recordId);
      const where = and(visibleTo(actor, companies), eq(companies.id, duplicate.recordId)) as SQL;
      const [before] = await tx.select().from(companies).where(where).for("update");
      if (!before) return "skipped";
      const [after] = await tx
        .update(companies)
        .set({
          ...present(input),
          phones: merge(before.phones, phones, (p) => p.number),
          emails: merge(before.emails, emails, (e) => e.email),
          updatedBy: actor.personId,
          updatedAt: new Date(),
        })
        .where(where)
        .returning();
      if (!after) return "skipped";
      await writeKeys(tx, "company", after.id, after);
      return "updated";
    }
    const id = newId();
    pending.ids.add(id);
    pending.companies.push({
      ...present(input),
      name: input.name as string,
      workspaceId: actor.workspaceId,
      id,
      ownerId: actor.personId,
      createdBy: actor.personId,
      updatedBy: actor.personId,
    });
    addKeys("company", id, source);
    return "created";
  }

  /** The default pipeline's first open stage, and the next position on top of it. */
  async function firstStage(tx: Tx) {
    if (dealStage) return dealStage;
    const [stage] = await tx
      .select({ id: stages.id, pipelineId: stages.pipelineId })
      .from(stages)
      .innerJoin(
        pipelines,
        and(eq(pipelines.workspaceId, stages.workspaceId), eq(pipelines.id, stages.pipelineId)),
      )
      .where(and(inWorkspace(actor, stages), eq(stages.kind, "open")))
      .orderBy(sql`${pipelines.isDefault} desc`, asc(pipelines.position), asc(stages.position))
      .limit(1);
    if (!stage) throw new AppError("conflict", "The workspace has no pipeline with an open stage");
    const [top] = await tx
      .select({ p: min(deals.position) })
      .from(deals)
      .where(and(inWorkspace(actor, deals), eq(deals.stageId, stage.id)));
    dealStage = { ...stage, position: top?.p == null ? 0 : top.p - 1 };
    return dealStage;
  }

  async function writeDeal(tx: Tx, { input, companyName }: MappedRow): Promise<Outcome> {
    const stage = await firstStage(tx);
    pending.deals.push({
      ...present(input),
      title: input.title as string,
      workspaceId: actor.workspaceId,
      id: newId(),
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      status: "open",
      position: stage.position--,
      companyId: await companyNamed(tx, companyName),
      ownerId: actor.personId,
      createdBy: actor.personId,
      updatedBy: actor.personId,
    });
    return "created";
  }

  const writers = { contact: writeContact, company: writeCompany, deal: writeDeal };
  return { prepare, write: (tx: Tx, row: MappedRow) => writers[entity](tx, row), flush, discard };
}
