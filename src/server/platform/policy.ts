import type { Visibility, WorkspaceRole } from "../db/schema/index.ts";
import { AppError } from "./errors.ts";

/** Everything a role may or may not do in a workspace. Checked first in every service function. */
export const ACTIONS = [
  "workspace.settings", // rename, timezone, currency, visibility
  "members.view",
  "members.manage", // invite, change role, remove
  "teams.manage",
  "billing.manage",
  "integrations.manage",
  "apiKeys.manage",
  "webhooks.manage", // outgoing webhooks: their URLs, secrets and delivery logs
  "records.create",
  "records.update",
  "records.delete",
  "records.export",
  "audit.view",
  "analytics.view", // dashboards; the figures count only the records the role's visibility shows
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL = new Set<Action>(ACTIONS);
const PERMISSIONS: Record<WorkspaceRole, ReadonlySet<Action>> = {
  owner: ALL,
  admin: new Set(ACTIONS.filter((a) => a !== "billing.manage")),
  manager: new Set<Action>([
    "members.view",
    "teams.manage",
    "records.create",
    "records.update",
    "records.delete",
    "records.export",
    "analytics.view",
  ]),
  member: new Set<Action>(["members.view", "records.create", "records.update", "analytics.view"]),
};

/** Who is acting: a signed-in person, an API key, or the platform itself; always in exactly one workspace. */
export interface Actor {
  kind: "user" | "apiKey" | "system";
  userId: string | null;
  apiKeyId: string | null;
  workspaceId: string;
  role: WorkspaceRole;
  visibility: Visibility;
  /** The person whose records `own` and `team` visibility mean: the user, or an API key's creator. */
  personId: string | null;
  /** What the platform acts for (`accounting`: a sync writing what an accounting system sent). */
  via?: string;
}

/** The platform acting on its own in a workspace (an inbound channel, a job): sees all, owns nothing. */
export function systemActor(workspaceId: string, via?: string): Actor {
  return {
    ...(via ? { via } : {}),
    kind: "system",
    userId: null,
    apiKeyId: null,
    workspaceId,
    role: "owner",
    visibility: "all",
    personId: null,
  };
}

export function can(actor: Pick<Actor, "role">, action: Action): boolean {
  return PERMISSIONS[actor.role].has(action);
}

export function permissionsOf(role: WorkspaceRole): Action[] {
  return ACTIONS.filter((a) => PERMISSIONS[role].has(a));
}

/** Throws 403 unless the actor's role allows the action. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not do this`, {
      action,
      role: actor.role,
    });
  }
}

const RANK: Record<WorkspaceRole, number> = { member: 0, manager: 1, admin: 2, owner: 3 };

/** An admin may hand out roles up to admin; only the owner hands out ownership (by transfer). */
export function mayGrant(actor: Actor, role: WorkspaceRole): boolean {
  return role !== "owner" && RANK[role] <= RANK[actor.role];
}
