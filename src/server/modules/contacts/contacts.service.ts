import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/client.ts";
import { companies, contactCompanies, contacts, contactTags, leadSources } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import { customFieldFilters, customFieldSort, range } from "../../platform/filters.ts";
import { newId } from "../../platform/ids.ts";
import { keyset, page, type SortKey } from "../../platform/pagination.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import { validateCustomFields } from "../custom-fields/custom-fields.service.ts";
import { refreshContactKeys } from "../duplicates/keys.ts";
import { detachConversations } from "../records/conversation-links.ts";
import { type Deps, diff, emit, requireMember, requireRows, setTags, tagsOf } from "../records/records.ts";
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

async function checkReferences(tx: Tx, actor: Actor, input: ContactInput) {
  await requireMember(tx, actor, input.ownerId, "Owner");
  await requireRows(tx, leadSources, inWorkspace(actor, leadSources), [input.sourceId], "Source");
  await requireRows(tx, companies, visibleTo(actor, companies), input.companyIds ?? [], "Company");
}

async function setCompanies(tx: Tx, actor: Actor, contactId: string, companyIds: string[]) {
  await tx
    .delete(contactCompanies)
    .where(
      and(eq(contactCompanies.workspaceId, actor.workspaceId), eq(contactCompanies.contactId, contactId)),
    );
  if (companyIds.length > 0) {
    await tx.insert(contactCompanies).values(
      [...new Set(companyIds)].map((companyId) => ({
        workspaceId: actor.workspaceId,
        contactId,
        companyId,
      })),
    );
  }
}

export async function createContact({ db, outbox }: Deps, actor: Actor, input: ContactInput) {
  authorize(actor, "records.create");
  const { id, duplicates } = await db.transaction(async (tx) => {
    await checkReferences(tx, actor, input);
    const { companyIds, tagIds, customFields, ...fields } = input;
    const id = newId();
    const [row] = await tx
      .insert(contacts)
      .values({
        ...fields,
        workspaceId: actor.workspaceId,
        id,
        ownerId: input.ownerId === undefined ? actor.personId : input.ownerId,
        customFields: await validateCustomFields(tx, actor, "contact", customFields, null),
        createdBy: actor.personId,
        updatedBy: actor.personId,
      })
      .returning();
    await setCompanies(tx, actor, id, companyIds ?? []);
    await setTags(tx, actor, "contact", id, tagIds ?? []);
    await emit(tx, outbox, actor, "contact.created", { id, record: row });
    return { id, duplicates: await refreshContactKeys(tx, actor, id) };
  });
  return { ...(await getContact(db, actor, id)), possibleDuplicates: duplicates };
}

export async function updateContact({ db, outbox }: Deps, actor: Actor, id: string, input: ContactInput) {
  authorize(actor, "records.update");
  const duplicates = await db.transaction(async (tx) => {
    const before = await findContact(tx, actor, id, true);
    await checkReferences(tx, actor, input);
    const { companyIds, tagIds, customFields, ...fields } = input;
    const [after] = await tx
      .update(contacts)
      .set({
        ...fields,
        customFields: await validateCustomFields(tx, actor, "contact", customFields, before.customFields),
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
