// Contacts through the API: the record's shape, its query keys, the endpoints.
import type { RecordApi, Saved } from "../../../components/records/recordKind.ts";
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

/** Query keys: everything under "contacts", so one invalidation refreshes lists and cards. */
export const contactKeys = {
  all: ["contacts"] as const,
  list: ["contacts", "list"] as const,
  detail: (id: string) => ["contacts", "detail", id] as const,
};

const one = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;

export const fetchContact = (id: string) => get<Contact>(one(id));

export const contactApi: RecordApi<Contact, ContactBody> = {
  list: "/api/contacts",
  export: "/api/export/contacts",
  // contactListQuery in the API.
  spec: {
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
  },
  fetch: fetchContact,
  create: (body) => post<Saved<Contact>>("/api/contacts", body),
  update: (id, body) => patch<Saved<Contact>>(one(id), body),
  remove: (id) => del(one(id)),
  bulk: (target, action) => post<{ affected: number }>("/api/contacts/bulk", { ...target, action }),
};

/** The companies a contact belongs to are looked up one by one (a contact has few). */
export interface CompanyRef {
  id: string;
  name: string;
}
export const companyKey = (id: string) => ["companies", "detail", id] as const;
export const fetchCompany = (id: string) => get<CompanyRef>(`/api/companies/${encodeURIComponent(id)}`);
