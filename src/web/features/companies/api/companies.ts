// Companies through the API: the record's shape, the list's filters, the card's query and the writes.
import { useQuery } from "@tanstack/react-query";
import type { BulkAction } from "../../../components/records/BulkBar.tsx";
import type { PossibleDuplicate } from "../../../components/records/DuplicatesNotice.tsx";
import type { ListSpec } from "../../../components/records/listQuery.ts";
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

export interface SavedCompany extends Company {
  possibleDuplicates: PossibleDuplicate[];
}

/** What the companies list filters and sorts by (companyListQuery in the API). */
export const COMPANY_LIST: ListSpec = {
  filters: ["ownerId", "tagId", "inn", "createdFrom", "createdTo", "updatedFrom", "updatedTo"],
  sorts: ["createdAt", "updatedAt", "name"],
  defaultSort: "createdAt",
  defaultOrder: "desc",
};

/** Query keys: everything under "companies", so one invalidation refreshes lists and cards. */
export const companyKeys = {
  all: ["companies"] as const,
  list: ["companies", "list"] as const,
  detail: (id: string) => ["companies", "detail", id] as const,
};

export const fetchCompany = (id: string) => get<Company>(`/api/companies/${encodeURIComponent(id)}`);

export const useCompany = (id: string) =>
  useQuery({ queryKey: companyKeys.detail(id), queryFn: () => fetchCompany(id) });

export const createCompany = (body: CompanyBody) => post<SavedCompany>("/api/companies", body);
export const updateCompany = (id: string, body: CompanyBody) =>
  patch<SavedCompany>(`/api/companies/${encodeURIComponent(id)}`, body);
export const deleteCompany = (id: string) => del(`/api/companies/${encodeURIComponent(id)}`);

export const bulkCompanies = (
  target: { ids: string[] } | { filter: Record<string, string> },
  action: BulkAction,
) => post<{ affected: number }>("/api/companies/bulk", { ...target, action });

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
