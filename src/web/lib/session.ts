// Who is signed in, in which workspace, with which permissions; and the small lists every page uses
// (members, pipelines, sources, tags, loss reasons, custom fields), cached by TanStack Query.
import { useQuery } from "@tanstack/react-query";
import { get } from "./api.ts";

export type Role = "owner" | "admin" | "manager" | "member";

export interface Me {
  user: { id: string; email: string; name: string; isPlatformAdmin: boolean } | null;
  apiKeyId: string | null;
  workspaces: { id: string; name: string; role: Role }[];
  activeWorkspace: {
    id: string;
    name: string;
    timezone: string;
    currency: string;
    locale: string;
    visibility: Record<string, "own" | "team" | "all">;
    /** Minutes a client may wait for a reply before the conversation is overdue. */
    unansweredMinutes: number;
  } | null;
  role: Role | null;
  visibility: "own" | "team" | "all" | null;
  permissions: string[];
}

export interface Member {
  userId: string;
  role: Role;
  joinedAt: string;
  name: string;
  email: string;
}

export interface Stage {
  id: string;
  pipelineId: string;
  name: string;
  kind: "open" | "won" | "lost";
  position: number;
  color: string | null;
}

export interface Pipeline {
  id: string;
  name: string;
  position: number;
  isDefault: boolean;
  stages: Stage[];
}

export interface Named {
  id: string;
  name: string;
}
export interface Source extends Named {
  kind: string;
}
export interface Tag extends Named {
  color: string | null;
}

export interface CustomField {
  id: string;
  entity: "contact" | "company" | "deal";
  key: string;
  label: string;
  type:
    | "text"
    | "number"
    | "money"
    | "date"
    | "boolean"
    | "select"
    | "multiselect"
    | "url"
    | "phone"
    | "email";
  options: string[];
  required: boolean;
  position: number;
}

/** Query keys shared by features, so a change in one place refreshes every page that shows it. */
export const keys = {
  me: ["me"] as const,
  members: (workspaceId: string) => ["members", workspaceId] as const,
  pipelines: ["pipelines"] as const,
  sources: ["sources"] as const,
  tags: ["tags"] as const,
  lossReasons: ["loss-reasons"] as const,
  customFields: ["custom-fields"] as const,
};

export const useMe = () =>
  useQuery({ queryKey: keys.me, queryFn: () => get<Me>("/api/me"), staleTime: 60_000 });

/** The signed-in person and workspace; only inside pages behind RequireAuth, where both exist. */
export function useSession() {
  const { data } = useMe();
  if (!data?.user || !data.activeWorkspace) throw new Error("useSession outside a signed-in page");
  const can = (permission: string) => data.permissions.includes(permission);
  return { me: data, user: data.user, workspace: data.activeWorkspace, can };
}

export function useMembers() {
  const { workspace } = useSession();
  return useQuery({
    queryKey: keys.members(workspace.id),
    queryFn: async () => (await get<{ items: Member[] }>(`/api/workspaces/${workspace.id}/members`)).items,
    staleTime: 60_000,
  });
}

/** A small settings list: the API answers `{items}`, the cache holds the array. */
const list = <T>(queryKey: readonly string[], path: string) => ({
  queryKey,
  queryFn: async () => (await get<{ items: T[] }>(path)).items,
  staleTime: 60_000,
});

export const usePipelines = () => useQuery(list<Pipeline>(keys.pipelines, "/api/pipelines"));
export const useSources = () => useQuery(list<Source>(keys.sources, "/api/sources"));
export const useTags = () => useQuery(list<Tag>(keys.tags, "/api/tags"));
export const useLossReasons = () => useQuery(list<Named>(keys.lossReasons, "/api/loss-reasons"));
export const useCustomFields = () => useQuery(list<CustomField>(keys.customFields, "/api/custom-fields"));
