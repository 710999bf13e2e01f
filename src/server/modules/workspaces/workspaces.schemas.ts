import { z } from "zod";

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone"));

export const roleSchema = z.enum(["owner", "admin", "manager", "member"]);
export const grantableRoleSchema = z.enum(["admin", "manager", "member"]);
export const visibilitySchema = z.enum(["own", "team", "all"]);

export const workspaceInput = z.object({
  name: z.string().trim().min(1).max(200),
  timezone: z
    .string()
    .refine((tz) => TIME_ZONES.has(tz), { error: "an IANA time zone such as Europe/Moscow" })
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: "an ISO 4217 code such as RUB" })
    .optional(),
  locale: z.enum(["ru", "en"]).optional(),
});

/** How long a client may wait for an answer before the inbox and the dashboard call the chat overdue. */
export const unansweredMinutesSchema = z.number().int().min(5).max(10_080);

export const workspacePatch = workspaceInput.partial().extend({
  visibility: z.partialRecord(roleSchema, visibilitySchema).optional(),
  /** Minutes (5 to 10080, a week) a client's unanswered message may wait before it is overdue. */
  unansweredMinutes: unansweredMinutesSchema.optional(),
});

export const workspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    currency: z.string(),
    locale: z.string(),
    visibility: z.record(z.string(), visibilitySchema),
    /** A client's message unanswered longer than this is overdue in the inbox and on the dashboard. */
    unansweredMinutes: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Workspace" });

/** A workspace the caller may act in, with the caller's role there. */
export const myWorkspaceSchema = workspaceSchema
  .extend({ role: roleSchema })
  .meta({ id: "MyWorkspace", description: "A workspace of the caller, with the caller's role in it" });

export const memberSchema = z
  .object({ userId: z.string(), role: roleSchema, joinedAt: z.date(), name: z.string(), email: z.string() })
  .meta({ id: "Member" });

/** The membership row a role change answers with. */
export const memberRoleSchema = z
  .object({ workspaceId: z.string(), userId: z.string(), role: roleSchema, createdAt: z.date() })
  .meta({ id: "MemberRole", description: "A member's new role; `createdAt` is when they joined" });

export const meSchema = z
  .object({
    user: z
      .object({ id: z.string(), email: z.string(), name: z.string(), isPlatformAdmin: z.boolean() })
      .nullable(),
    apiKeyId: z.string().nullable(),
    workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: roleSchema })),
    activeWorkspace: workspaceSchema.nullable(),
    role: roleSchema.nullable(),
    visibility: visibilitySchema.nullable(),
    permissions: z.array(z.string()),
  })
  .meta({ id: "Me" });

export const workspaceParams = z.object({ workspaceId: z.string().min(1).max(64) });
export const memberParams = workspaceParams.extend({ userId: z.string().min(1).max(64) });
