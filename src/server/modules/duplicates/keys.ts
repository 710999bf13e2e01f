import { and, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import type { Email, Phone } from "../../db/schema/index.ts";
import { companies, contacts, type RecordKeyKind, recordKeys } from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";

type KeyedType = "contact" | "company";

export interface KeySource {
  phones?: Phone[] | null;
  emails?: Email[] | null;
  inn?: string | null;
  /** Contacts: full name; companies: name. Joined with a company to make the weak name + company key. */
  name?: string | null;
  companyName?: string | null;
}

/** The normalised identifying values of a record: phones (E.164), e-mails (lower case), INN, name + company. */
export function keysOf(source: KeySource): { kind: RecordKeyKind; value: string }[] {
  const keys: { kind: RecordKeyKind; value: string }[] = [];
  for (const p of source.phones ?? []) keys.push({ kind: "phone", value: p.number });
  for (const e of source.emails ?? []) keys.push({ kind: "email", value: e.email.toLowerCase() });
  if (source.inn) keys.push({ kind: "inn", value: source.inn });
  const name = source.name?.trim().toLowerCase().replace(/\s+/g, " ");
  const company = source.companyName?.trim().toLowerCase().replace(/\s+/g, " ");
  if (name && company) keys.push({ kind: "name_company", value: `${name}|${company}` });
  return [...new Map(keys.map((k) => [`${k.kind}:${k.value}`, k])).values()];
}

/** Replaces a record's keys; call it in the transaction that writes the record. */
export async function syncRecordKeys(
  executor: Executor,
  actor: Actor,
  type: KeyedType,
  recordId: string,
  source: KeySource,
) {
  await executor
    .delete(recordKeys)
    .where(
      and(
        eq(recordKeys.workspaceId, actor.workspaceId),
        eq(recordKeys.recordType, type),
        eq(recordKeys.recordId, recordId),
      ),
    );
  const keys = keysOf(source);
  if (keys.length > 0) {
    await executor
      .insert(recordKeys)
      .values(keys.map((k) => ({ ...k, workspaceId: actor.workspaceId, recordType: type, recordId })))
      .onConflictDoNothing();
  }
}

/** Records of the workspace that share a key with `source`: likely duplicates, strongest reason first. */
export async function findDuplicates(
  executor: Executor,
  actor: Actor,
  type: KeyedType,
  source: KeySource,
  exceptId?: string,
) {
  const keys = keysOf(source);
  if (keys.length === 0) return [];
  const rows = await executor
    .select({ recordId: recordKeys.recordId, kind: recordKeys.kind, value: recordKeys.value })
    .from(recordKeys)
    .where(
      and(
        eq(recordKeys.workspaceId, actor.workspaceId),
        eq(recordKeys.recordType, type),
        // A row comparison, so the primary key (workspace, type, kind, value, …) serves the lookup.
        sql`(${recordKeys.kind}, ${recordKeys.value}) in (${sql.join(
          keys.map((k) => sql`(${k.kind}::record_key_kind, ${k.value})`),
          sql`, `,
        )})`,
        ...(exceptId ? [ne(recordKeys.recordId, exceptId)] : []),
      ),
    );
  const byRecord = new Map<string, { recordId: string; reasons: { kind: RecordKeyKind; value: string }[] }>();
  for (const r of rows) {
    const entry = byRecord.get(r.recordId) ?? { recordId: r.recordId, reasons: [] };
    entry.reasons.push({ kind: r.kind, value: r.value });
    byRecord.set(r.recordId, entry);
  }
  return [...byRecord.values()];
}

/** Recomputes a contact's keys from what is stored (phones, e-mails, name + its first company). */
export async function refreshContactKeys(executor: Executor, actor: Actor, contactId: string) {
  const [row] = await executor
    .select({
      phones: contacts.phones,
      emails: contacts.emails,
      name: sql<string>`trim(coalesce(${contacts.lastName}, '') || ' ' || coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.middleName}, ''))`,
      companyName: sql<string | null>`(select c.name from contact_companies cc join companies c
        on c.workspace_id = cc.workspace_id and c.id = cc.company_id
        where cc.workspace_id = contacts.workspace_id and cc.contact_id = contacts.id order by c.name limit 1)`,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, contactId)));
  if (row) await syncRecordKeys(executor, actor, "contact", contactId, row);
  return row ? findDuplicates(executor, actor, "contact", row, contactId) : [];
}

/** Recomputes a company's keys from what is stored (phones, e-mails, INN). */
export async function refreshCompanyKeys(executor: Executor, actor: Actor, companyId: string) {
  const [row] = await executor
    .select({ phones: companies.phones, emails: companies.emails, inn: companies.inn })
    .from(companies)
    .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, companyId)));
  if (row) await syncRecordKeys(executor, actor, "company", companyId, row);
  return row ? findDuplicates(executor, actor, "company", row, companyId) : [];
}
