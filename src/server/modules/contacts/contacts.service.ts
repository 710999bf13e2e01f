import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import {
  companies,
  contactCompanies,
  contacts,
  contactTags,
  leadSources,
  recordKeys,
} from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import { customFieldFilters, customFieldSort, range } from "../../platform/filters.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page, type SortKey } from "../../platform/pagination.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { validateCustomFields } from "../custom-fields/custom-fields.service.ts";
import { findDuplicates, keysOf, refreshContactKeys } from "../duplicates/keys.ts";
import { detachConversations } from "../records/conversation-links.ts";
import {
  addTags,
  type Deps,
  diff,
  emit,
  memberRef,
  requireReferencesAndDefinitions,
  rowsRef,
  setTags,
  surelyVisible,
  tagsOf,
  uniqueIds,
  withTx,
} from "../records/records.ts";
import { searchFilter } from "../search/search.ts";
import type { ContactInput, ContactListQuery } from "./contacts.schemas.ts";

type ContactRow = typeof contacts.$inferSelect;

async function withLinks(executor: Executor, actor: Actor, rows: ContactRow[]) {
  const ids = rows.map((r) => r.id);
  const [tagIds, links] = await Promise.all([
    tagsOf(executor, actor, "contact", ids),
    ids.length
      ? executor
          .select()
          .from(contactCompanies)
          .where(
            and(
              eq(contactCompanies.workspaceId, actor.workspaceId),
              inArray(contactCompanies.contactId, ids),
            ),
          )
      : [],
  ]);
  return rows.map((r) => ({
    ...r,
    companyIds: links.filter((l) => l.contactId === r.id).map((l) => l.companyId),
    tagIds: tagIds.get(r.id) ?? [],
  }));
}

/** The contact if the actor may see it, else 404 (another workspace's or an invisible one alike). */
export async function findContact(executor: Executor, actor: Actor, id: string, lock = false) {
  const query = executor
    .select()
    .from(contacts)
    .where(and(visibleTo(actor, contacts), eq(contacts.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Contact");
  return row;
}

export async function getContact(db: Db, actor: Actor, id: string) {
  const [contact] = await withLinks(db, actor, [await findContact(db, actor, id)]);
  if (!contact) throw notFound("Contact");
  return contact;
}

/** 404 for a reference the actor may not use; returns the custom field definitions to validate with. */
function checkReferences(tx: Tx, actor: Actor, input: ContactInput) {
  return requireReferencesAndDefinitions(tx, actor, "contact", [
    memberRef(actor, input.ownerId, "Owner"),
    rowsRef(leadSources, inWorkspace(actor, leadSources), [input.sourceId], "Source"),
    rowsRef(companies, visibleTo(actor, companies), input.companyIds ?? [], "Company"),
  ]);
}

async function setCompanies(tx: Tx, actor: Actor, contactId: string, companyIds: string[]) {
  await tx
    .delete(contactCompanies)
    .where(
      and(eq(contactCompanies.workspaceId, actor.workspaceId), eq(contactCompanies.contactId, contactId)),
    );
  await addCompanies(tx, actor, contactId, companyIds);
}

/** Links a contact to companies; alone (without `setCompanies`'s delete) for a contact just created. */
async function addCompanies(tx: Tx, actor: Actor, contactId: string, companyIds: string[]) {
  if (companyIds.length === 0) return;
  await tx
    .insert(contactCompanies)
    .values(
      uniqueIds(companyIds).map((companyId) => ({ workspaceId: actor.workspaceId, contactId, companyId })),
    );
}

/**
 * A new contact's duplicate keys, as `refreshContactKeys` would make them, from the inserted row:
 * it has no keys to replace and its own fields are at hand, so only the first company's name (when it
 * has companies) is read. Returns its likely duplicates.
 */
async function addContactKeys(tx: Tx, actor: Actor, row: ContactRow, companyIds: string[]) {
  const [company] = companyIds.length
    ? await tx
        .select({ name: companies.name })
        .from(companies)
        .where(and(inWorkspace(actor, companies), inArray(companies.id, companyIds)))
        .orderBy(asc(companies.name))
        .limit(1)
    : [];
  const source = {
    phones: row.phones,
    emails: row.emails,
    name: [row.lastName, row.firstName, row.middleName].map((part) => part ?? "").join(" "),
    companyName: company?.name ?? null,
  };
  const keys = keysOf(source);
  if (keys.length > 0) {
    await tx
      .insert(recordKeys)
      .values(
        keys.map((k) => ({
          ...k,
          workspaceId: actor.workspaceId,
          recordType: "contact" as const,
          recordId: row.id,
        })),
      )
      .onConflictDoNothing();
  }
  return findDuplicates(tx, actor, "contact", source, row.id);
}

/**
 * Creates a contact. Every statement counts here (the inbound receiver makes one per new chat): a new
 * contact has no links to replace, and the answer is built from what was inserted, not read back.
 */
export async function createContact({ db, outbox }: Deps, actor: Actor, input: ContactInput) {
  authorize(actor, "records.create");
  const { companyIds, tagIds, customFields, ...fields } = input;
  const links = { companyIds: uniqueIds(companyIds), tagIds: uniqueIds(tagIds) };
  const { row, duplicates } = await withTx(db, async (tx) => {
    const definitions = await checkReferences(tx, actor, input);
    const [row] = await tx
      .insert(contacts)
      .values({
        ...fields,
        workspaceId: actor.workspaceId,
        id: newId(),
        ownerId: input.ownerId === undefined ? actor.personId : input.ownerId,
        customFields: await validateCustomFields(tx, actor, "contact", customFields, null, definitions),
        createdBy: actor.personId,
        updatedBy: actor.personId,
      })
      .returning();
    if (!row) throw new Error("contact insert returned nothing");
    await addCompanies(tx, actor, row.id, links.companyIds);
    await addTags(tx, actor, "contact", row.id, links.tagIds);
    await emit(tx, outbox, actor, "contact.created", { id: row.id, record: row });
    return { row, duplicates: await addContactKeys(tx, actor, row, links.companyIds) };
  });
  // The answer used to be read back through `visibleTo`: 404 (after the commit) when the actor may not
  // see the new owner's records. Kept; only an actor who sees teammates' records needs the read for it.
  if (!surelyVisible(actor, row.ownerId)) await findContact(db, actor, row.id);
  return { ...row, ...links, possibleDuplicates: duplicates };
}

export async function updateContact({ db, outbox }: Deps, actor: Actor, id: string, input: ContactInput) {
  authorize(actor, "records.update");
  const duplicates = await db.transaction(async (tx) => {
    const before = await findContact(tx, actor, id, true);
    const definitions = await checkReferences(tx, actor, input);
    const { companyIds, tagIds, customFields, ...fields } = input;
    const [after] = await tx
      .update(contacts)
      .set({
        ...fields,
        customFields: await validateCustomFields(
          tx,
          actor,
          "contact",
          customFields,
          before.customFields,
          definitions,
        ),
        updatedBy: actor.personId,
        updatedAt: new Date(),
      })
      .where(and(inWorkspace(actor, contacts), eq(contacts.id, id)))
      .returning();
    if (companyIds) await setCompanies(tx, actor, id, companyIds);
    if (tagIds) await setTags(tx, actor, "contact", id, tagIds);
    if (!after) throw notFound("Contact");
    const changes = diff(before, after);
    if (Object.keys(changes).length > 0) await emit(tx, outbox, actor, "contact.updated", { id, changes });
    return refreshContactKeys(tx, actor, id);
  });
  return { ...(await getContact(db, actor, id)), possibleDuplicates: duplicates };
}

export async function deleteContact({ db, outbox }: Deps, actor: Actor, id: string) {
  authorize(actor, "records.delete");
  await db.transaction(async (tx) => {
    const row = await findContact(tx, actor, id, true);
    await detachConversations(tx, actor, "contact", [id]);
    await tx.delete(contacts).where(and(inWorkspace(actor, contacts), eq(contacts.id, id)));
    await emit(tx, outbox, actor, "contact.deleted", { id, record: row });
  });
}

const SORTS: Record<string, SortKey> = {
  createdAt: { expr: contacts.createdAt, cast: "timestamptz" },
  updatedAt: { expr: contacts.updatedAt, cast: "timestamptz" },
  name: {
    expr: sql`lower(coalesce(${contacts.lastName}, '') || ' ' || coalesce(${contacts.firstName}, ''))`,
    cast: "text",
  },
};

/** The conditions of a list query: visibility first, then the caller's filters. */
export function contactFilters(
  actor: Actor,
  q: Omit<ContactListQuery, "limit" | "cursor" | "order" | "sort">,
): SQL[] {
  return [
    visibleTo(actor, contacts),
    ...(q.q ? [searchFilter(contacts, q.q) ?? sql`true`] : []),
    ...(q.ownerId ? [eq(contacts.ownerId, q.ownerId)] : []),
    ...(q.sourceId ? [eq(contacts.sourceId, q.sourceId)] : []),
    ...(q.tagId
      ? [
          sql`exists (select 1 from ${contactTags} ct where ct.workspace_id = ${contacts.workspaceId}
               and ct.record_id = ${contacts.id} and ct.tag_id = ${q.tagId})`,
        ]
      : []),
    ...(q.companyId
      ? [
          sql`exists (select 1 from ${contactCompanies} cc where cc.workspace_id = ${contacts.workspaceId}
               and cc.contact_id = ${contacts.id} and cc.company_id = ${q.companyId})`,
        ]
      : []),
    ...range(contacts.createdAt, q.createdFrom, q.createdTo),
    ...range(contacts.updatedAt, q.updatedFrom, q.updatedTo),
    ...customFieldFilters(q, contacts.customFields),
  ];
}

export async function listContacts(db: Db, actor: Actor, q: ContactListQuery) {
  const key = customFieldSort(q.sort, contacts.customFields) ?? SORTS[q.sort] ?? SORTS.createdAt!;
  const { where, orderBy, sortValue } = keyset(key, contacts.id, q.order, q.cursor);
  const rows = await db
    .select({ contact: contacts, sortValue })
    .from(contacts)
    .where(and(...contactFilters(actor, q), where))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  const result = page(
    rows.map((r) => ({ ...r.contact, sortValue: r.sortValue })),
    q.limit,
  );
  return { items: await withLinks(db, actor, result.items), nextCursor: result.nextCursor };
}
