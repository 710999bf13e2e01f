// The fields a file column can be mapped to, guessing them from header names, and turning a row into
// the entity's input (validated by the same zod schemas the API uses).
import type { z } from "zod";
import {
  IMPORT_FIELDS,
  type ImportEntity,
  type ImportField,
  MULTI_FIELDS,
  REQUIRED_FIELDS,
} from "../../../common/imports.ts";
import type { Email, Phone } from "../../db/schema/index.ts";
import { companyCreateInput } from "../companies/companies.schemas.ts";
import { contactInput } from "../contacts/contacts.schemas.ts";
import { dealCreateInput } from "../deals/deals.schemas.ts";
import type { KeySource } from "../duplicates/keys.ts";

export type { ImportEntity };

/** Field → header names that suggest it (compared in lower case, without punctuation). */
const CATALOGS: { [E in ImportEntity]: Record<ImportField<E>, string[]> } = {
  contact: {
    firstName: ["имя", "first name", "firstname", "name"],
    lastName: ["фамилия", "last name", "lastname", "surname"],
    middleName: ["отчество", "middle name", "patronymic"],
    phone: ["телефон", "тел", "мобильный", "phone", "mobile", "phone number"],
    email: ["email", "e mail", "эл почта", "электронная почта", "почта", "mail"],
    position: ["должность", "position", "job title", "title"],
    telegramUsername: ["telegram", "телеграм"],
    companyName: ["компания", "организация", "company", "organization"],
  },
  company: {
    name: ["название", "наименование", "компания", "name", "company", "company name"],
    legalName: ["юридическое название", "полное наименование", "legal name"],
    legalForm: ["опф", "правовая форма", "legal form"],
    inn: ["инн", "inn", "tax id"],
    kpp: ["кпп", "kpp"],
    ogrn: ["огрн", "огрнип", "ogrn"],
    legalAddress: ["юридический адрес", "юр адрес", "legal address"],
    actualAddress: ["фактический адрес", "адрес", "address"],
    bik: ["бик", "bik"],
    bankName: ["банк", "bank"],
    settlementAccount: ["расчетный счет", "расчётный счёт", "р с", "account"],
    correspondentAccount: ["корреспондентский счет", "корр счет", "к с"],
    phone: ["телефон", "тел", "phone"],
    email: ["email", "e mail", "эл почта", "электронная почта", "почта"],
    website: ["сайт", "website", "web", "url"],
  },
  deal: {
    title: ["название", "сделка", "title", "deal", "name"],
    amount: ["сумма", "бюджет", "amount", "sum", "value"],
    currency: ["валюта", "currency"],
    companyName: ["компания", "организация", "company"],
    expectedCloseDate: ["дата закрытия", "ожидаемая дата закрытия", "close date"],
    utmSource: ["utm source", "utm_source"],
    utmMedium: ["utm medium", "utm_medium"],
    utmCampaign: ["utm campaign", "utm_campaign"],
    utmContent: ["utm content", "utm_content"],
    utmTerm: ["utm term", "utm_term"],
  },
};

export const fieldsOf = (entity: ImportEntity): readonly string[] => IMPORT_FIELDS[entity];

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}_]+/gu, " ")
    .trim();

/** The field each header most likely is; each field is taken once (phones and e-mails may repeat). */
export function guessMapping(entity: ImportEntity, headers: string[]): Record<string, string> {
  const catalog = Object.entries(CATALOGS[entity]);
  const taken = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const header of headers) {
    const h = normalise(header);
    const hit = catalog.find(
      ([field, names]) =>
        (!taken.has(field) || MULTI_FIELDS.has(field)) && names.some((n) => normalise(n) === h),
    );
    if (hit) {
      mapping[header] = hit[0];
      taken.add(hit[0]);
    }
  }
  return mapping;
}

/** Problems of a mapping: unknown headers or fields, a field mapped twice, a required field missing. */
export function mappingProblems(entity: ImportEntity, headers: string[], mapping: Record<string, string>) {
  const fields = new Set(fieldsOf(entity));
  const problems: { field: string; message: string }[] = [];
  const used = new Map<string, number>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!headers.includes(header)) problems.push({ field: header, message: `no column "${header}"` });
    if (!fields.has(field)) {
      problems.push({ field, message: `"${field}" is not a field of a ${entity}` });
    }
    used.set(field, (used.get(field) ?? 0) + 1);
  }
  for (const [field, n] of used) {
    if (n > 1 && !MULTI_FIELDS.has(field))
      problems.push({ field, message: `"${field}" is mapped more than once` });
  }
  for (const field of REQUIRED_FIELDS[entity]) {
    if (!used.has(field)) problems.push({ field, message: `"${field}" must be mapped` });
  }
  return problems;
}

/** Rubles as written in a file ("1 500,50", "1500.5", "1 500 ₽") → kopecks; null when it is not money. */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0₽]|руб\.?|RUB/gi, "");
  const m = cleaned.match(/^(\d+)(?:[.,](\d{1,2}))?$/);
  if (!m) return null;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

const SCHEMAS: Record<ImportEntity, z.ZodType> = {
  contact: contactInput,
  company: companyCreateInput,
  deal: dealCreateInput,
};

export interface MappedRow {
  /** The entity's input, validated and normalised (phones in E.164). */
  input: Record<string, unknown>;
  /** A contact's or deal's company, by name. */
  companyName: string | null;
}

/** Builds and validates the entity's input from a row; an error message names every bad field. */
export function mapRow(
  entity: ImportEntity,
  mapping: Record<string, string>,
  values: Record<string, string>,
): { ok: true; row: MappedRow } | { ok: false; errors: string[] } {
  const raw: Record<string, unknown> = {};
  const phones: { number: string }[] = [];
  const emails: { email: string }[] = [];
  const errors: string[] = [];
  let companyName: string | null = null;
  for (const [header, field] of Object.entries(mapping)) {
    const value = values[header]?.trim() ?? "";
    if (value === "") continue;
    if (field === "phone") phones.push(...value.split(/[,;]/).map((n) => ({ number: n.trim() })));
    else if (field === "email") emails.push(...value.split(/[,;\s]+/).map((e) => ({ email: e })));
    else if (field === "companyName") companyName = value;
    else if (field === "amount") {
      const minor = parseAmount(value);
      if (minor === null) errors.push(`amount: "${value}" is not an amount`);
      else raw.amountMinor = minor;
    } else raw[field] = value;
  }
  if (Object.keys(raw).length === 0 && !phones.length && !emails.length && !companyName) {
    return { ok: false, errors: ["the row has no values in the mapped columns"] };
  }
  if (phones.length) raw.phones = phones.filter((p) => p.number !== "");
  if (emails.length) raw.emails = emails.filter((e) => e.email !== "");
  const parsed = SCHEMAS[entity].safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first] = issue.path;
      const field = first === "phones" ? "phone" : first === "emails" ? "email" : String(first ?? "row");
      const value = issue.path.length > 1 ? ` "${String(pick(raw, issue.path))}"` : "";
      errors.push(`${field}${value}: ${issue.message}`);
    }
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, row: { input: parsed.data as Record<string, unknown>, companyName } };
}

function pick(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const key of path) v = (v as Record<PropertyKey, unknown> | undefined)?.[key];
  return v;
}

export const fullName = (r: {
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
}) => [r.lastName, r.firstName, r.middleName].filter(Boolean).join(" ") || null;

/** Phones or e-mails of a record with the new ones added, without repeats. */
export function merge<T>(before: T[], added: T[] | undefined, key: (item: T) => string): T[] {
  const seen = new Set(before.map(key));
  return [...before, ...(added ?? []).filter((item) => !seen.has(key(item)) && seen.add(key(item)))];
}

/** Only the fields the row has: an import never blanks a field with an empty cell. */
export const present = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));

/** The identifying values of a row, as the record will have them. */
export function sourceOf({ input, companyName }: MappedRow): KeySource {
  return {
    phones: (input.phones as Phone[] | undefined) ?? [],
    emails: (input.emails as Email[] | undefined) ?? [],
    inn: (input.inn as string | null | undefined) ?? null,
    name: "name" in input ? (input.name as string) : fullName(input),
    companyName,
  };
}
