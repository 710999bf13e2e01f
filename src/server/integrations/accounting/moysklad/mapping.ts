// MoySklad's entities ↔ our records, as plain data: no database, no HTTP. Inputs are validated by the
// same schemas as the API's, so a counterparty with a broken INN becomes a company without that INN
// (and a note in the log) rather than no company at all.
import type { z } from "zod";
import { companyCreateInput } from "../../../../common/companies.ts";
import { contactInput } from "../../../../common/contacts.ts";
import type { Entity } from "./client.ts";

type Json = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

/**
 * Parses `input` with `schema`; fields the schema refuses are dropped (and named in `dropped`) and the
 * rest parsed again. Null when even that fails (no name, say).
 */
export function lenientParse<S extends z.ZodType>(
  schema: S,
  input: Json,
): { value: z.output<S> | null; dropped: string[] } {
  const first = schema.safeParse(input);
  if (first.success) return { value: first.data, dropped: [] };
  const dropped = [...new Set(first.error.issues.map((i) => String(i.path[0] ?? "")))].filter(Boolean);
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !dropped.includes(key)));
  const second = schema.safeParse(rest);
  return { value: second.success ? second.data : null, dropped };
}

/** MoySklad keeps one phone and one email field, each possibly listing several ("a, b"). */
const phonesOf = (value: unknown) =>
  (text(value) ?? "")
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((number) => ({ number, type: "work" as const }));
const emailsOf = (value: unknown) =>
  (text(value) ?? "")
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter((e) => e.includes("@"))
    .map((email) => ({ email, type: "work" as const }));

/** A counterparty is a company unless MoySklad says it is an individual (`companyType: individual`). */
export const isPerson = (counterparty: Entity) => counterparty.companyType === "individual";

/** "Смирнова Ольга Петровна" → last, first, middle name: the order Russian documents use. */
export function splitPersonName(name: string) {
  const [lastName = null, firstName = null, ...rest] = name.trim().split(/\s+/);
  return { lastName, firstName, middleName: rest.length ? rest.join(" ") : null };
}

export function companyFromCounterparty(c: Entity) {
  return lenientParse(companyCreateInput, {
    name: text(c.name) ?? text(c.legalTitle) ?? "—",
    legalName: text(c.legalTitle),
    legalForm: c.companyType === "entrepreneur" ? "ИП" : undefined,
    inn: text(c.inn),
    kpp: text(c.kpp),
    ogrn: text(c.ogrn) ?? text(c.ogrnip),
    legalAddress: text(c.legalAddress),
    actualAddress: text(c.actualAddress),
    phones: phonesOf(c.phone),
    emails: emailsOf(c.email),
  });
}

export function contactFromPerson(p: Json, companyId?: string) {
  return lenientParse(contactInput, {
    ...splitPersonName(text(p.name) ?? ""),
    position: text(p.position),
    phones: phonesOf(p.phone),
    emails: emailsOf(p.email),
    ...(companyId ? { companyIds: [companyId] } : {}),
  });
}

/** Our company or contact as a counterparty body (for POST and PUT). */
export function counterpartyFromCompany(company: {
  name: string;
  legalName: string | null;
  legalForm: string | null;
  inn: string | null;
  kpp: string | null;
  actualAddress: string | null;
  legalAddress: string | null;
  phones: { number: string }[];
  emails: { email: string }[];
}) {
  return {
    name: company.name,
    companyType: company.legalForm === "ИП" || company.inn?.length === 12 ? "entrepreneur" : "legal",
    ...(company.legalName ? { legalTitle: company.legalName } : {}),
    ...(company.inn ? { inn: company.inn } : {}),
    ...(company.kpp ? { kpp: company.kpp } : {}),
    ...(company.actualAddress ? { actualAddress: company.actualAddress } : {}),
    ...(company.legalAddress ? { legalAddress: company.legalAddress } : {}),
    ...(company.phones[0] ? { phone: company.phones.map((p) => p.number).join(", ") } : {}),
    ...(company.emails[0] ? { email: company.emails[0].email } : {}),
  };
}

export function counterpartyFromContact(contact: {
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  phones: { number: string }[];
  emails: { email: string }[];
}) {
  const name = [contact.lastName, contact.firstName, contact.middleName].filter(Boolean).join(" ");
  return {
    name: name || contact.phones[0]?.number || contact.emails[0]?.email || "—",
    companyType: "individual",
    ...(contact.phones[0] ? { phone: contact.phones.map((p) => p.number).join(", ") } : {}),
    ...(contact.emails[0] ? { email: contact.emails[0].email } : {}),
  };
}

/** A reference to another entity, as MoySklad writes it in a body. */
export const metaRef = (href: string, type: string) => ({
  meta: { href, type, mediaType: "application/json" },
});
