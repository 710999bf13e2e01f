// The unsorted inbox over the API: leads by status, pending counts, and accept / decline / link.
import { type QueryClient, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { get, post } from "../../../lib/api.ts";
import type { LeadContact } from "../summary.ts";

export type LeadStatus = "pending" | "accepted" | "declined" | "linked";
export const CHANNELS = [
  "telegram",
  "whatsapp",
  "avito",
  "form",
  "api",
  "manual",
  "phone",
  "yandex_direct",
  "other",
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Lead {
  id: string;
  channel: Channel;
  sourceId: string | null;
  title: string;
  contact: LeadContact;
  payload: Record<string, unknown>;
  status: LeadStatus;
  declineReason: string | null;
  contactId: string | null;
  dealId: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface LeadCounts {
  total: number;
  byChannel: Record<string, number>;
  bySource: Record<string, number>;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LeadFilter {
  status: LeadStatus;
  channel?: Channel | undefined;
  sourceId?: string | undefined;
}

/** Everything here lives under ["unsorted"], which the navigation's badge also refreshes by. */
export const unsortedKeys = {
  all: ["unsorted"] as const,
  counts: ["unsorted", "counts"] as const,
  list: (f: LeadFilter) => ["unsorted", "list", f] as const,
};

export function useLeads(f: LeadFilter) {
  return useInfiniteQuery({
    queryKey: unsortedKeys.list(f),
    queryFn: ({ pageParam }) => get<Page<Lead>>("/api/unsorted", { ...f, limit: 30, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useLeadCounts = () =>
  useQuery({
    queryKey: unsortedKeys.counts,
    queryFn: () => get<LeadCounts>("/api/unsorted/counts"),
    staleTime: 30_000,
  });

export interface AcceptBody {
  pipelineId?: string;
  stageId?: string;
  ownerId?: string | null;
  title?: string;
}

export const acceptLead = (id: string, body: AcceptBody) => post<Lead>(`/api/unsorted/${id}/accept`, body);
export const declineLead = (id: string, reason: string) =>
  post<Lead>(`/api/unsorted/${id}/decline`, { reason });
export const linkLead = (id: string, body: { contactId?: string; dealId?: string }) =>
  post<Lead>(`/api/unsorted/${id}/link`, body);

export const refreshUnsorted = (client: QueryClient) =>
  client.invalidateQueries({ queryKey: unsortedKeys.all });

/** A contact or deal found by text, for linking a lead to it. */
export interface Found {
  id: string;
  label: string;
  hint: string | null;
  /** A deal's amount, formatted by the list in the person's language. */
  money?: { amountMinor: number; currency: string };
}

interface ContactRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  phones: { number: string }[];
  emails: { email: string }[];
}
interface DealRow {
  id: string;
  title: string;
  amountMinor: number;
  currency: string;
}

export async function searchContacts(q: string): Promise<Found[]> {
  const page = await get<Page<ContactRow>>("/api/contacts", { q, limit: 10 });
  return page.items.map((c) => ({
    id: c.id,
    label: [c.lastName, c.firstName, c.middleName].filter(Boolean).join(" ") || c.phones[0]?.number || c.id,
    hint: c.phones[0]?.number ?? c.emails[0]?.email ?? null,
  }));
}

export async function searchDeals(q: string): Promise<Found[]> {
  const page = await get<Page<DealRow>>("/api/deals", { q, limit: 10 });
  return page.items.map((d) => ({
    id: d.id,
    label: d.title,
    hint: null,
    money: { amountMinor: d.amountMinor, currency: d.currency },
  }));
}
