// Contacts through the API: the record's shape, the list's filters, the card's query and the writes.
import { useQuery } from "@tanstack/react-query";
import type { BulkAction } from "../../../components/records/BulkBar.tsx";
import type { PossibleDuplicate } from "../../../components/records/DuplicatesNotice.tsx";
import type { ListSpec } from "../../../components/records/listQuery.ts";
import { del, get, patch, post } from "../../../lib/api.ts";
import type { ContactBody } from "../contactForm.ts";

export interface Contact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  phones: { number: string; type: string }[];
  emails: { email: string; type: string }[];
  telegramUsername: string | null;
  telegramId: string | null;
  whatsappId: string | null;
  position: string | null;
  sourceId: string | null;
  ownerId: string | null;
  customFields: Record<string, unknown>;
  companyIds: string[];
  tagIds: string[];
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SavedContact extends Contact {
  possibleDuplicates: PossibleDuplicate[];
}

/** What the contacts list filters and sorts by (contactListQuery in the API). */
export const CONTACT_LIST: ListSpec = {
  filters: [
    "ownerId",
    "sourceId",
    "tagId",
    "companyId",
    "createdFrom",
    "createdTo",
    "updatedFrom",
    "updatedTo",
  ],
  sorts: ["createdAt", "updatedAt", "name"],
  defaultSort: "createdAt",
  defaultOrder: "desc",
};

/** Query keys: everything under "contacts", so one invalidation refreshes lists and cards. */
export const contactKeys = {
  all: ["contacts"] as const,
  list: ["contacts", "list"] as const,
  detail: (id: string) => ["contacts", "detail", id] as const,
};

export const useContact = (id: string) =>
  useQuery({
    queryKey: contactKeys.detail(id),
    queryFn: () => get<Contact>(`/api/contacts/${encodeURIComponent(id)}`),
  });

export const createContact = (body: ContactBody) => post<SavedContact>("/api/contacts", body);
export const updateContact = (id: string, body: ContactBody) =>
  patch<SavedContact>(`/api/contacts/${encodeURIComponent(id)}`, body);
export const deleteContact = (id: string) => del(`/api/contacts/${encodeURIComponent(id)}`);

export const bulkContacts = (
  target: { ids: string[] } | { filter: Record<string, string> },
  action: BulkAction,
) => post<{ affected: number }>("/api/contacts/bulk", { ...target, action });

/** The companies a contact belongs to are looked up one by one (a contact has few). */
export interface CompanyRef {
  id: string;
  name: string;
}
export const companyKey = (id: string) => ["companies", "detail", id] as const;
export const fetchCompany = (id: string) => get<CompanyRef>(`/api/companies/${encodeURIComponent(id)}`);
