// The company form's values: from a company, empty for a new one, and as the API's body.
import type { z } from "zod";
import type { companyCreateInput } from "../../../common/companies.ts";
import {
  customFieldsBody,
  customFieldsToForm,
  type FieldValue,
} from "../../components/records/customFieldValues.ts";
import { type Prepared, textOrNull } from "../../components/records/formErrors.ts";
import { type PointsValues, pointsBody, pointsToForm } from "../../components/records/points.ts";
import type { CustomField } from "../../lib/session.ts";

export type CompanyBody = z.input<typeof companyCreateInput>;

export const REQUISITES = [
  "inn",
  "kpp",
  "ogrn",
  "bik",
  "bankName",
  "settlementAccount",
  "correspondentAccount",
] as const;

const TEXT_FIELDS = [
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
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export interface CompanyFormValues extends PointsValues, Record<TextField, string> {
  ownerId: string | null;
  tagIds: string[];
  customFields: Record<string, FieldValue>;
}

export const COMPANY_POINTS = { phone: "work", email: "work" } as const;

type CompanyLike = Record<TextField, string | null> & {
  phones: { number: string; type: string }[];
  emails: { email: string; type: string }[];
  ownerId: string | null;
  tagIds: string[];
  customFields: Record<string, unknown>;
};

export function companyToForm(company: CompanyLike, fields: readonly CustomField[]): CompanyFormValues {
  const texts = Object.fromEntries(TEXT_FIELDS.map((f) => [f, company[f] ?? ""])) as Record<
    TextField,
    string
  >;
  return {
    ...texts,
    ...pointsToForm(company, COMPANY_POINTS),
    ownerId: company.ownerId,
    tagIds: [...company.tagIds],
    customFields: customFieldsToForm(fields, company.customFields),
  };
}

export function emptyCompanyForm(ownerId: string | null, fields: readonly CustomField[]): CompanyFormValues {
  const texts = Object.fromEntries(TEXT_FIELDS.map((f) => [f, null])) as Record<TextField, null>;
  return companyToForm({ ...texts, phones: [], emails: [], ownerId, tagIds: [], customFields: {} }, fields);
}

/** "example.ru" is what people type; the API wants a full http(s) address. */
export function normalizeWebsite(text: string): string | null {
  const value = text.trim();
  if (!value) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
}

/** Requisites are digits: spaces people paste from a bank's letter are dropped. KPP may hold letters. */
const compact = (value: string) => textOrNull(value.replace(/\s+/g, ""));

/** The body for POST and PATCH: every field (null clears it), empty rows left out. */
export function companyBody(
  values: CompanyFormValues,
  fields: readonly CustomField[],
): Prepared<CompanyBody> {
  const { phones, emails, rows } = pointsBody(values);
  return {
    body: {
      name: values.name.trim(),
      legalName: textOrNull(values.legalName),
      legalForm: textOrNull(values.legalForm),
      inn: compact(values.inn),
      kpp: compact(values.kpp)?.toUpperCase() ?? null,
      ogrn: compact(values.ogrn),
      legalAddress: textOrNull(values.legalAddress),
      actualAddress: textOrNull(values.actualAddress),
      bik: compact(values.bik),
      bankName: textOrNull(values.bankName),
      settlementAccount: compact(values.settlementAccount),
      correspondentAccount: compact(values.correspondentAccount),
      website: normalizeWebsite(values.website),
      phones,
      emails,
      ownerId: values.ownerId,
      tagIds: values.tagIds,
      customFields: customFieldsBody(fields, values.customFields),
    },
    rows,
  };
}

/** The requisites as lines to paste into a letter or an invoice ("ИНН 7707083893"). */
export function requisitesText(company: CompanyLike, labels: Record<string, string>): string {
  const order: TextField[] = [
    "inn",
    "kpp",
    "ogrn",
    "legalAddress",
    "actualAddress",
    "bankName",
    "bik",
    "settlementAccount",
    "correspondentAccount",
  ];
  const lines = [
    company.legalName || company.name,
    ...order.map((f) => (company[f] ? `${labels[f] ?? f}: ${company[f]}` : null)),
  ];
  return lines.filter((l): l is string => Boolean(l)).join("\n");
}
