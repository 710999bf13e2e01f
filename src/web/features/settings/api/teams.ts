// Teams: a manager whose visibility is `team` sees the records of the people in their teams.
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { del, get, patch, post, put } from "../../../lib/api.ts";
import { required, tooLong } from "../logic/forms.ts";
import { useRefreshingMutation } from "./mutations.ts";

export interface Team {
  id: string;
  name: string;
  leadUserId: string | null;
  memberIds: string[];
}

export const teamNameSchema = z.object({
  name: z.string().trim().min(1, { error: required }).max(200, { error: tooLong }),
});

export const teamsKey = (workspaceId: string) => ["teams", workspaceId] as const;
const base = (workspaceId: string) => `/api/workspaces/${workspaceId}/teams`;

export function useTeams(workspaceId: string) {
  return useQuery({
    queryKey: teamsKey(workspaceId),
    queryFn: async () => (await get<{ items: Team[] }>(base(workspaceId))).items,
  });
}

export function useCreateTeam(workspaceId: string) {
  return useRefreshingMutation(
    (body: { name: string }) => post<Team>(base(workspaceId), body),
    [teamsKey(workspaceId)],
  );
}

export function useUpdateTeam(workspaceId: string) {
  return useRefreshingMutation(
    ({ id, ...body }: { id: string; name?: string; leadUserId?: string | null }) =>
      patch(`${base(workspaceId)}/${id}`, body),
    [teamsKey(workspaceId)],
  );
}

export function useDeleteTeam(workspaceId: string) {
  return useRefreshingMutation((id: string) => del(`${base(workspaceId)}/${id}`), [teamsKey(workspaceId)]);
}

/** Brings a team to the wanted member list: adds the missing people, removes the others. */
export function useSetTeamMembers(workspaceId: string) {
  return useRefreshingMutation(
    async ({ team, memberIds }: { team: Team; memberIds: string[] }) => {
      const url = (userId: string) => `${base(workspaceId)}/${team.id}/members/${userId}`;
      for (const userId of memberIds) if (!team.memberIds.includes(userId)) await put(url(userId));
      for (const userId of team.memberIds) if (!memberIds.includes(userId)) await del(url(userId));
    },
    [teamsKey(workspaceId)],
  );
}
