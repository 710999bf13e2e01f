// Platform administration: every account and workspace of the installation (GET /api/admin/users,
// /api/admin/workspaces, page-numbered with a total), and banning accounts.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { get, post } from "../../../lib/api.ts";

/** Rows per page; the API allows up to 200. */
export const PAGE_SIZE = 25;

export interface AdminPage<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  /** better-auth's account role: "admin" is a platform administrator. */
  role: string | null;
  emailVerified: boolean;
  banned: boolean;
  banReason: string | null;
  createdAt: string;
  /** How many workspaces the person is a member of. */
  workspaces: number;
}

export interface AdminWorkspace {
  id: string;
  name: string;
  createdAt: string;
  members: number;
  ownerEmail: string | null;
}

export interface PageQuery {
  q: string;
  page: number;
}

export const adminKeys = {
  all: ["admin"] as const,
  users: (query: PageQuery) => ["admin", "users", query] as const,
  workspaces: (query: PageQuery) => ["admin", "workspaces", query] as const,
};

const pageParams = ({ q, page }: PageQuery) => ({ q: q.trim() || undefined, page, limit: PAGE_SIZE });

export const useAdminUsers = (query: PageQuery) =>
  useQuery({
    queryKey: adminKeys.users(query),
    queryFn: () => get<AdminPage<AdminUser>>("/api/admin/users", pageParams(query)),
    placeholderData: keepPreviousData,
  });

export const useAdminWorkspaces = (query: PageQuery) =>
  useQuery({
    queryKey: adminKeys.workspaces(query),
    queryFn: () => get<AdminPage<AdminWorkspace>>("/api/admin/workspaces", pageParams(query)),
    placeholderData: keepPreviousData,
  });

/** Bans (with an optional reason) or lifts a ban; the lists refresh afterwards. */
export function useSetBanned() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; banned: boolean; reason?: string }) =>
      input.banned
        ? post<void>(`/api/admin/users/${encodeURIComponent(input.userId)}/ban`, {
            reason: input.reason?.trim() || undefined,
          })
        : post<void>(`/api/admin/users/${encodeURIComponent(input.userId)}/unban`),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.all }),
  });
}
