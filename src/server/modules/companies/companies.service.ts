import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import { companies, companyTags, contactCompanies, deals } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { customFieldFilters, customFieldSort, range } from "../../platform/filters.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page, type SortKey } from "../../platform/pagination.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { validateCustomFields } from "../custom-fields/custom-fields.service.ts";
import { refreshCompanyKeys } from "../duplicates/keys.ts";
import { type Deps, diff, emit, requireMember, setTags, tagsOf } from "../records/records.ts";
import { searchFilter } from "../search/search.ts";
import {
  type CompanyCreateInput,
  type CompanyInput,
  type CompanyListQuery,
  type Requisites,
  requisiteConflicts,
} from "./companies.schemas.ts";

type CompanyRow = typeof companies.$inferSelect;

async function withLinks(executor: Executor, actor: Actor, rows: CompanyRow[]) {
  const ids = rows.map((r) => r.id);
  const [tagIds, links] = await Promise.all([
    tagsOf(executor, actor, "company", ids),
    ids.length
      ? executor
          .select()
          .from(contactCompanies)
          .where(
            and(
              eq(contactCompanies.workspaceId, actor.workspaceId),
              inArray(contactCompanies.companyId, ids),
            ),
          )
      : [],
  ]);
  return rows.map((r) => ({
    ...r,
    contactIds: links.filter((l) => l.companyId === r.id).map((l) => l.contactId),
    tagIds: tagIds.get(r.id) ?? [],
  }));
}

/** The company if the actor may see it, else 404 (another workspace's or an invisible one alike). */
export async function findCompany(executor: Executor, actor: Actor, id: string, lock = false) {
  const query = executor
    .select()
    .from(companies)
    .where(and(visibleTo(actor, companies), eq(companies.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Company");
  return row;
}

export async function getCompany(db: Db, actor: Actor, id: string) {
  const [company] = await withLinks(db, actor, [await findCompany(db, actor, id)]);
  if (!company) throw notFound("Company");
  return company;
}

/**
 * A PATCH's requisites against the stored ones: e.g. a KPP sent for a company whose stored INN is 12
 * digits, or a new BIK the stored settlement account does not match. Only conflicts the body touches
 * are refused, so an old inconsistency never blocks an unrelated change.
 */
function checkRequisites(before: CompanyRow, input: CompanyInput) {
  const merged: Requisites = {
    inn: input.inn === undefined ? before.inn : input.inn,
    kpp: input.kpp === undefined ? before.kpp : input.kpp,
    ogrn: input.ogrn === undefined ? before.ogrn : input.ogrn,
    bik: input.bik === undefined ? before.bik : input.bik,
    settlementAccount:
      input.settlementAccount === undefined ? before.settlementAccount : input.settlementAccount,
    correspondentAccount:
      input.correspondentAccount === undefined ? before.correspondentAccount : input.correspondentAccount,
  };
  const problems = requisiteConflicts(merged)
    .filter((c) => c.involves.some((field) => input[field] !== undefined))
    .map((c) => ({ field: `body.${c.field}`, message: c.message }));
  if (problems.length > 0) throw new AppError("validation_failed", "The request is invalid", problems);
}

export async function createCompany({ db, outbox }: Deps, actor: Actor, input: CompanyCreateInput) {
  authorize(actor, "records.create");
  const { id, duplicates } = await db.transaction(async (tx) => {
    await requireMember(tx, actor, input.ownerId, "Owner");
    const { tagIds, customFields, ...fields } = input;
    const id = newId();
    const [row] = await tx
      .insert(companies)
      .values({
        ...fields,
        workspaceId: actor.workspaceId,
        id,
        ownerId: input.ownerId === undefined ? actor.personId : input.ownerId,
        customFields: await validateCustomFields(tx, actor, "company", customFields, null),
        createdBy: actor.personId,
        updatedBy: actor.personId,
      })
      .returning();
    await setTags(tx, actor, "company", id, tagIds ?? []);
    await emit(tx, outbox, actor, "company.created", { id, record: row });
    return { id, duplicates: await refreshCompanyKeys(tx, actor, id) };
  });
  return { ...(await getCompany(db, actor, id)), possibleDuplicates: duplicates };
}

async function tagsBefore(tx: Tx, actor: Actor, id: string, changing: boolean) {
  if (!changing) return [];
  return ((await tagsOf(tx, actor, "company", [id])).get(id) ?? []).sort();
}

export async function updateCompany({ db, outbox }: Deps, actor: Actor, id: string, input: CompanyInput) {
  authorize(actor, "records.update");
  const duplicates = await db.transaction(async (tx) => {
    const before = await findCompany(tx, actor, id, true);
    checkRequisites(before, input);
    await requireMember(tx, actor, input.ownerId, "Owner");
    const { tagIds, customFields, ...fields } = input;
    const oldTags = await tagsBefore(tx, actor, id, tagIds !== undefined);
    const [after] = await tx
      .update(companies)
      .set({
        ...fields,
        customFields: await validateCustomFields(tx, actor, "company", customFields, before.customFields),
        updatedBy: actor.personId,
        updatedAt: new Date(),
      })
      .where(and(inWorkspace(actor, companies), eq(companies.id, id)))
      .returning();
    if (tagIds) await setTags(tx, actor, "company", id, tagIds);
    if (!after) throw notFound("Company");
    const changes = diff(
      { ...before, tagIds: oldTags },
      { ...after, tagIds: tagIds ? [...new Set(tagIds)].sort() : oldTags },
    );
    if (Object.keys(changes).length > 0) await emit(tx, outbox, actor, "company.updated", { id, changes });
    return refreshCompanyKeys(tx, actor, id);
  });
  return { ...(await getCompany(db, actor, id)), possibleDuplicates: duplicates };
}

export async function deleteCompany({ db, outbox }: Deps, actor: Actor, id: string) {
  authorize(actor, "records.delete");
  await db.transaction(async (tx) => {
    const row = await findCompany(tx, actor, id, true);
    // Deals outlive the company they were made with; they just lose the link.
    await tx
      .update(deals)
      .set({ companyId: null, updatedAt: new Date() })
      .where(and(inWorkspace(actor, deals), eq(deals.companyId, id)));
    await tx.delete(companies).where(and(inWorkspace(actor, companies), eq(companies.id, id)));
    await emit(tx, outbox, actor, "company.deleted", { id, record: row });
  });
}

const SORTS: Record<string, SortKey> = {
  createdAt: { expr: companies.createdAt, cast: "timestamptz" },
  updatedAt: { expr: companies.updatedAt, cast: "timestamptz" },
  name: { expr: sql`lower(${companies.name})`, cast: "text" },
};

/** The conditions of a list query: visibility first, then the caller's filters. */
export function companyFilters(
  actor: Actor,
  q: Omit<CompanyListQuery, "limit" | "cursor" | "order" | "sort">,
): SQL[] {
  return [
    visibleTo(actor, companies),
    ...(q.q ? [searchFilter(companies, q.q) ?? sql`true`] : []),
    ...(q.ownerId ? [eq(companies.ownerId, q.ownerId)] : []),
    ...(q.inn ? [eq(companies.inn, q.inn)] : []),
    ...(q.tagId
      ? [
          sql`exists (select 1 from ${companyTags} ct where ct.workspace_id = ${companies.workspaceId}
               and ct.record_id = ${companies.id} and ct.tag_id = ${q.tagId})`,
        ]
      : []),
    ...range(companies.createdAt, q.createdFrom, q.createdTo),
    ...range(companies.updatedAt, q.updatedFrom, q.updatedTo),
    ...customFieldFilters(q, companies.customFields),
  ];
}

export async function listCompanies(db: Db, actor: Actor, q: CompanyListQuery) {
  const key = customFieldSort(q.sort, companies.customFields) ?? SORTS[q.sort] ?? SORTS.createdAt!;
  const { where, orderBy, sortValue } = keyset(key, companies.id, q.order, q.cursor);
  const rows = await db
    .select({ company: companies, sortValue })
    .from(companies)
    .where(and(...companyFilters(actor, q), where))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  const result = page(
    rows.map((r) => ({ ...r.company, sortValue: r.sortValue })),
    q.limit,
  );
  return { items: await withLinks(db, actor, result.items), nextCursor: result.nextCursor };
}
