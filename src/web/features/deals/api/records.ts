// Contacts and companies a deal links to: their names, and a search to link more.
import { useQueries, useQuery } from "@tanstack/react-query";
import { get, post } from "../../../lib/api.ts";
import { dealKeys } from "./keys.ts";
import type { CompanySummary, ContactSummary, Page } from "./types.ts";

export function useContacts(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: dealKeys.contact(id),
      queryFn: () => get<ContactSummary>(`/api/contacts/${id}`),
      staleTime: 30_000,
    })),
  });
}

export const useCompany = (id: string | null) =>
  useQuery({
    queryKey: dealKeys.company(id ?? ""),
    queryFn: () => get<CompanySummary>(`/api/companies/${id}`),
    enabled: Boolean(id),
    staleTime: 30_000,
  });

/** Contacts or companies whose name, phone, e-mail (or INN) match `q`. */
export function useRecordSearch(what: "contacts" | "companies", q: string, enabled = true) {
  return useQuery({
    queryKey: dealKeys.search(what, q),
    enabled,
    queryFn: () =>
      get<Page<ContactSummary & CompanySummary>>(`/api/${what}`, { q: q || undefined, limit: 10 }),
    staleTime: 10_000,
  });
}

/** A contact from the quick-create form: the name as typed, the phone when given. */
export const createContact = (name: string, phone: string) =>
  post<ContactSummary>("/api/contacts", {
    firstName: name || undefined,
    ...(phone ? { phones: [{ number: phone, type: "mobile" }] } : {}),
  });
