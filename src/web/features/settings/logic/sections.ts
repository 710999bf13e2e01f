// The sections of the settings page and what the signed-in role may do in each, from the permissions the
// API sends in /api/me (src/server/platform/policy.ts), so the page never re-implements a rule.
import type { Role } from "../../../lib/session.ts";

export const SECTIONS = [
  "workspace",
  "members",
  "teams",
  "pipelines",
  "sources",
  "loss-reasons",
  "tags",
  "custom-fields",
  "api-keys",
  "channels",
  "webhooks",
  "accounting",
  "advertising",
  "forms",
] as const;
export type Section = (typeof SECTIONS)[number];
export const DEFAULT_SECTION: Section = "workspace";

export const isSection = (value: string | undefined): value is Section =>
  (SECTIONS as readonly string[]).includes(value ?? "");

/** `edit`: may change it; `view`: sees it read-only; `none`: not shown in the menu, a "no access" note. */
export type Access = "edit" | "view" | "none";

export function accessTo(section: Section, can: (permission: string) => boolean): Access {
  switch (section) {
    case "workspace":
    case "pipelines":
    case "sources":
    case "loss-reasons":
    case "custom-fields":
      return can("workspace.settings") ? "edit" : "view";
    case "members":
      return can("members.manage") ? "edit" : can("members.view") ? "view" : "none";
    case "teams":
      return can("teams.manage") ? "edit" : can("members.view") ? "view" : "none";
    case "tags":
      // Tags are made while working (records.update); deleting one is a setting.
      return can("records.update") || can("workspace.settings") ? "edit" : "view";
    case "api-keys":
      return can("apiKeys.manage") ? "edit" : "none";
    case "channels":
    case "accounting":
    case "advertising":
    case "forms":
      return can("integrations.manage") ? "edit" : "view";
    case "webhooks":
      return can("webhooks.manage") ? "edit" : "none";
  }
}

/** The sections shown in the menu. */
export const visibleSections = (can: (permission: string) => boolean) =>
  SECTIONS.filter((s) => accessTo(s, can) !== "none");

const RANK: Record<Role, number> = { member: 0, manager: 1, admin: 2, owner: 3 };
export const GRANTABLE_ROLES = ["admin", "manager", "member"] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Roles the actor may hand out (to members, invitations and API keys): up to their own, never owner. */
export const grantableBy = (role: Role | null): GrantableRole[] =>
  role ? GRANTABLE_ROLES.filter((r) => RANK[r] <= RANK[role]) : [];

/** Whether the actor may change or remove a member who has `target`'s role. */
export const mayManage = (actor: Role | null, target: Role) =>
  actor !== null && target !== "owner" && RANK[target] <= RANK[actor];
