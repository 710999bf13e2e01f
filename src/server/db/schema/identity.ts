import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

// ── better-auth's tables. Property names are the field names better-auth uses; columns are snake_case.

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Platform role (better-auth admin plugin): "admin" runs the installation, "user" everyone else. */
    role: text("role"),
    banned: boolean("banned").default(false),
    banReason: text("ban_reason"),
    banExpires: timestamp("ban_expires", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique("sessions_token_key"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    impersonatedBy: text("impersonated_by"),
    /** The workspace this session works in; checked against membership on every request. */
    activeWorkspaceId: text("active_workspace_id"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

// ── Workspaces (tenants) and who belongs to them. Built here rather than with better-auth's
// organization plugin: its tables key members and teams by a global id, and principle 4 wants
// (workspace_id, …) keys with composite foreign keys.

export const workspaceRole = pgEnum("workspace_role", ["owner", "admin", "manager", "member"]);
export type WorkspaceRole = (typeof workspaceRole.enumValues)[number];

export type Visibility = "own" | "team" | "all";

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull().default("Europe/Moscow"),
  currency: text("currency").notNull().default("RUB"),
  locale: text("locale").notNull().default("ru"),
  /** Which records each role sees: its own, its teams', or all. Enforced by the CRM's query scoping. */
  visibility: jsonb("visibility")
    .$type<Record<WorkspaceRole, Visibility>>()
    .notNull()
    .default({ owner: "all", admin: "all", manager: "team", member: "own" }),
  /** A conversation whose client has waited longer than this for a reply is flagged in the inbox and on the dashboard. */
  unansweredMinutes: integer("unanswered_minutes").notNull().default(60),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const members = pgTable(
  "members",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: workspaceRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "members_pkey", columns: [t.workspaceId, t.userId] }),
    index("members_user_idx").on(t.userId),
  ],
);

export const invitationStatus = pgEnum("invitation_status", ["pending", "accepted", "revoked"]);

export const invitations = pgTable(
  "invitations",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    email: text("email").notNull(),
    role: workspaceRole("role").notNull(),
    teamId: text("team_id"),
    /** SHA-256 of the secret part of the link; the secret itself is only in the e-mail. */
    tokenHash: text("token_hash").notNull(),
    status: invitationStatus("status").notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "invitations_pkey", columns: [t.workspaceId, t.id] }),
    index("invitations_email_idx").on(t.workspaceId, t.email),
  ],
);

export const teams = pgTable(
  "teams",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    leadUserId: text("lead_user_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "teams_pkey", columns: [t.workspaceId, t.id] }),
    foreignKey({
      name: "teams_lead_fk",
      columns: [t.workspaceId, t.leadUserId],
      foreignColumns: [members.workspaceId, members.userId],
    }),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    workspaceId: text("workspace_id").notNull(),
    teamId: text("team_id").notNull(),
    userId: text("user_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "team_members_pkey", columns: [t.workspaceId, t.teamId, t.userId] }),
    foreignKey({
      name: "team_members_team_fk",
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [teams.workspaceId, teams.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "team_members_member_fk",
      columns: [t.workspaceId, t.userId],
      foreignColumns: [members.workspaceId, members.userId],
    }).onDelete("cascade"),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    role: workspaceRole("role").notNull(),
    /** SHA-256 of the secret; the key is `flm_<workspace id>_<key id>_<secret>`, shown once. */
    secretHash: text("secret_hash").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ name: "api_keys_pkey", columns: [t.workspaceId, t.id] })],
);

// ── Security events and outgoing mail: platform tables; a workspace id only when one is concerned.

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id"),
    actorUserId: text("actor_user_id"),
    actorApiKeyId: text("actor_api_key_id"),
    action: text("action").notNull(),
    target: text("target"),
    ip: text("ip"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const mailOutbox = pgTable("mail_outbox", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  kind: text("kind").notNull(),
  createdAt: createdAt(),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  error: text("error"),
});

/** Installation-wide values generated once, such as the session signing secret. */
export const instanceSettings = pgTable("instance_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
