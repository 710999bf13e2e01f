// What each export holds: its Russian column headers and how one keyset batch of rows becomes cells.
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { companies, contactCompanies, contacts, members, users } from "../../db/schema/index.ts";
import { keyset, page, type SortKey } from "../../platform/pagination.ts";
import type { Actor } from "../../platform/policy.ts";
import { visibleTo } from "../../platform/scope.ts";
import type { CompanyListQuery } from "../companies/companies.schemas.ts";
import { companyFilters } from "../companies/companies.service.ts";
import type { ContactListQuery } from "../contacts/contacts.schemas.ts";
import { contactFilters } from "../contacts/contacts.service.ts";

export const EXPORT_BATCH = 1000;
export type Cell = string | number | null;
export type Fetch = (cursor: string | undefined) => Promise<{ rows: Cell[][]; next: string | null }>;

export const ids = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))];
const phones = (list: { number: string }[]) => list.map((p) => p.number).join(", ");
const emails = (list: { email: string }[]) => list.map((e) => e.email).join(", ");

/** Names of workspace members by user id. */
export async function memberNames(db: Db, actor: Actor, userIds: (string | null)[]) {
  const wanted = ids(userIds);
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, actor.workspaceId), inArray(members.userId, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** One keyset page of a table, in creation order, with its rows' sort values. */
export function batches<T extends { id: string }>(
  load: (where: SQL | undefined, sortValue: SQL.Aliased<string>, orderBy: SQL[]) => Promise<T[]>,
  key: SortKey,
  idColumn: Parameters<typeof keyset>[1],
  toCells: (rows: T[]) => Promise<Cell[][]>,
): Fetch {
  return async (cursor) => {
    const { where, orderBy, sortValue } = keyset(key, idColumn, "asc", cursor);
    const loaded = await load(where, sortValue, orderBy);
    const { items, nextCursor } = page(loaded as (T & { sortValue: string | null })[], EXPORT_BATCH);
    return { rows: await toCells(items as unknown as T[]), next: nextCursor };
  };
}

export type When = (d: Date | null) => string;
export const LIMIT = EXPORT_BATCH + 1;

export function contactsPlan(db: Db, actor: Actor, query: ContactListQuery, when: When) {
  const filters = contactFilters(actor, query);
  const headers = ["ID", "Фамилия", "Имя", "Отчество", "Телефон", "Email", "Должность", "Компании"];
  const fetch = batches(
    async (where, sortValue, orderBy) =>
      (
        await db
          .select({ r: contacts, sortValue })
          .from(contacts)
          .where(and(...filters, where))
          .orderBy(...orderBy)
          .limit(LIMIT)
      ).map((x) => ({ ...x.r, sortValue: x.sortValue })),
    { expr: contacts.createdAt, cast: "timestamptz" },
    contacts.id,
    async (rows) => {
      const links = rows.length
        ? await db
            .select({ contactId: contactCompanies.contactId, name: companies.name })
            .from(contactCompanies)
            .innerJoin(
              companies,
              and(
                eq(companies.workspaceId, contactCompanies.workspaceId),
                eq(companies.id, contactCompanies.companyId),
              ),
            )
            .where(
              and(
                visibleTo(actor, companies),
                inArray(
                  contactCompanies.contactId,
                  rows.map((r) => r.id),
                ),
              ),
            )
        : [];
      const owners = await memberNames(
        db,
        actor,
        rows.map((r) => r.ownerId),
      );
      return rows.map((r) => [
        r.id,
        r.lastName,
        r.firstName,
        r.middleName,
        phones(r.phones),
        emails(r.emails),
        r.position,
        links
          .filter((l) => l.contactId === r.id)
          .map((l) => l.name)
          .join(", "),
        r.telegramUsername,
        owners.get(r.ownerId ?? "") ?? null,
        when(r.createdAt),
      ]);
    },
  );
  return { headers: [...headers, "Telegram", "Ответственный", "Создан"], fetch };
}

export function companiesPlan(db: Db, actor: Actor, query: CompanyListQuery, when: When) {
  const filters = companyFilters(actor, query);
  const headers = ["ID", "Название", "Юридическое название", "ОПФ", "ИНН", "КПП", "ОГРН"];
  const more = ["Юридический адрес", "Фактический адрес", "БИК", "Банк", "Расчётный счёт"];
  const rest = ["Корр. счёт", "Телефон", "Email", "Сайт", "Ответственный", "Создана"];
  const fetch = batches(
    async (where, sortValue, orderBy) =>
      (
        await db
          .select({ r: companies, sortValue })
          .from(companies)
          .where(and(...filters, where))
          .orderBy(...orderBy)
          .limit(LIMIT)
      ).map((x) => ({ ...x.r, sortValue: x.sortValue })),
    { expr: companies.createdAt, cast: "timestamptz" },
    companies.id,
    async (rows) => {
      const owners = await memberNames(
        db,
        actor,
        rows.map((r) => r.ownerId),
      );
      return rows.map((r) => [
        r.id,
        r.name,
        r.legalName,
        r.legalForm,
        r.inn,
        r.kpp,
        r.ogrn,
        r.legalAddress,
        r.actualAddress,
        r.bik,
        r.bankName,
        r.settlementAccount,
        r.correspondentAccount,
        phones(r.phones),
        emails(r.emails),
        r.website,
        owners.get(r.ownerId ?? "") ?? null,
        when(r.createdAt),
      ]);
    },
  );
  return { headers: [...headers, ...more, ...rest], fetch };
}
