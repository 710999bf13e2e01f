// Members (roles, removal, ownership) and invitations of the workspace.
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { del, get, patch, post } from "../../../lib/api.ts";
import { keys, type Role } from "../../../lib/session.ts";
import type { GrantableRole } from "../logic/sections.ts";
import { useRefreshingMutation } from "./mutations.ts";

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  teamId: string | null;
  status: "pending" | "accepted" | "revoked";
  expiresAt: string;
  createdAt: string;
}

export const inviteSchema = z.object({
  email: z.email({ error: "validation.email" }),
  role: z.enum(["admin", "manager", "member"], { error: "validation.required" }),
});
export type InviteValues = z.infer<typeof inviteSchema>;

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}`;
const invitationsKey = (workspaceId: string) => ["invitations", workspaceId] as const;

export function useChangeRole(workspaceId: string) {
  return useRefreshingMutation(
    ({ userId, role }: { userId: string; role: GrantableRole }) =>
      patch(`${base(workspaceId)}/members/${userId}`, { role }),
    [keys.members(workspaceId)],
  );
}

export function useRemoveMember(workspaceId: string) {
  return useRefreshingMutation(
    (userId: string) => del(`${base(workspaceId)}/members/${userId}`),
    [keys.members(workspaceId), ["teams", workspaceId]],
  );
}

/** The owner hands the workspace over and becomes an admin: permissions change, so /api/me too. */
export function useTransferOwnership(workspaceId: string) {
  return useRefreshingMutation(
    (userId: string) => post(`${base(workspaceId)}/transfer-ownership`, { userId }),
    [keys.members(workspaceId), keys.me],
  );
}

export function useInvitations(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(workspaceId),
    queryFn: async () => (await get<{ items: Invitation[] }>(`${base(workspaceId)}/invitations`)).items,
    enabled,
  });
}

export function useInvite(workspaceId: string) {
  return useRefreshingMutation(
    (body: InviteValues) => post<Invitation>(`${base(workspaceId)}/invitations`, body),
    [invitationsKey(workspaceId)],
  );
}

export function useRevokeInvitation(workspaceId: string) {
  return useRefreshingMutation(
    (id: string) => del(`${base(workspaceId)}/invitations/${id}`),
    [invitationsKey(workspaceId)],
  );
}
