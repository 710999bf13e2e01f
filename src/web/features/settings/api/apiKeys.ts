// API keys of the workspace: the secret comes back once, at creation, and is never shown again.
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { del, get, post } from "../../../lib/api.ts";
import type { Role } from "../../../lib/session.ts";
import { required, tooLong } from "../logic/forms.ts";
import { useRefreshingMutation } from "./mutations.ts";

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const apiKeySchema = z.object({
  name: z.string().trim().min(1, { error: required }).max(200, { error: tooLong }),
  role: z.enum(["admin", "manager", "member"], { error: required }),
});
export type ApiKeyValues = z.infer<typeof apiKeySchema>;

const key = (workspaceId: string) => ["api-keys", workspaceId] as const;
const base = (workspaceId: string) => `/api/workspaces/${workspaceId}/api-keys`;

/** The start of a key (`flm_<workspace>_<key id>_…`), enough to tell keys apart. */
export const keyPrefix = (id: string) => `flm_…_${id.slice(0, 8)}`;

export const useApiKeys = (workspaceId: string) =>
  useQuery({
    queryKey: key(workspaceId),
    queryFn: async () => (await get<{ items: ApiKey[] }>(base(workspaceId))).items,
  });

export const useCreateApiKey = (workspaceId: string) =>
  useRefreshingMutation(
    (body: ApiKeyValues) => post<ApiKey & { key: string }>(base(workspaceId), body),
    [key(workspaceId)],
  );

export const useRevokeApiKey = (workspaceId: string) =>
  useRefreshingMutation((id: string) => del(`${base(workspaceId)}/${id}`), [key(workspaceId)]);
