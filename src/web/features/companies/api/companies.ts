// Companies through the API: the record's shape, its query keys, the endpoints.
import type { RecordApi, Saved } from "../../../components/records/recordKind.ts";
import { del, get, patch, post } from "../../../lib/api.ts";
import type { CompanyBody } from "../companyForm.ts";

export interface Company {
  id: string;
  name: string;
  legalName: string | null;
  legalForm: string | null;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  legalAddress: string | null;
  actualAddress: string | null;
  bik: string | null;
  bankName: string | null;
  settlementAccount: string | null;
  correspondentAccount: string | null;
  phones: { number: string; type: string }[];
  emails: { email: string; type: string }[];
  website: string | null;
  ownerId: string | null;
  customFields: Record<string, unknown>;
  contactIds: string[];
  tagIds: string[];
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Query keys: everything under "companies", so one invalidation refreshes lists and cards. */
export const companyKeys = {
  all: ["companies"] as const,
  list: ["companies", "list"] as const,
  detail: (id: string) => ["companies", "detail", id] as const,
};

const one = (id: string) => `/api/companies/${encodeURIComponent(id)}`;

export const fetchCompany = (id: string) => get<Company>(one(id));

export const companyApi: RecordApi<Company, CompanyBody> = {
  list: "/api/companies",
  export: "/api/export/companies",
  // companyListQuery in the API.
  spec: {
    filters: ["ownerId", "tagId", "inn", "createdFrom", "createdTo", "updatedFrom", "updatedTo"],
    sorts: ["createdAt", "updatedAt", "name"],
    defaultSort: "createdAt",
    defaultOrder: "desc",
  },
  fetch: fetchCompany,
  create: (body) => post<Saved<Company>>("/api/companies", body),
  update: (id, body) => patch<Saved<Company>>(one(id), body),
  remove: (id) => del(one(id)),
  bulk: (target, action) => post<{ affected: number }>("/api/companies/bulk", { ...target, action }),
};

/** A company's people: the contacts list filtered by the company (same keys prefix as the contacts pages). */
export interface CompanyContact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  position: string | null;
  phones: { number: string; type: string }[];
  emails: { email: string; type: string }[];
  companyIds: string[];
}
export const companyContactsKey = (companyId: string) => ["contacts", "of-company", companyId] as const;

/** Links a contact to the company, or unlinks it: a contact's companies are set on the contact. */
export const setContactCompanies = (contactId: string, companyIds: string[]) =>
  patch<CompanyContact>(`/api/contacts/${encodeURIComponent(contactId)}`, { companyIds });
