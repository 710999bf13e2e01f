import { z } from "zod";

export const adminPageQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const userParams = z.object({ userId: z.string().min(1).max(64) });
export const banInput = z.object({ reason: z.string().max(500).optional() });

/** A page-numbered answer: the rows of `page`, and how many rows match in all. */
const adminPage = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().describe("Rows matching `q` in all"),
    page: z.number().int(),
    limit: z.number().int(),
  });

export const adminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.string().nullable().describe("The account's platform role: `admin` runs the installation"),
    emailVerified: z.boolean(),
    banned: z.boolean(),
    banReason: z.string().nullable(),
    createdAt: z.date(),
    workspaces: z.number().int().describe("How many workspaces the person is a member of"),
  })
  .meta({ id: "AdminUser", description: "An account of the installation, as the platform admin sees it" });

export const adminWorkspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.date(),
    members: z.number().int(),
    ownerEmail: z.string().nullable(),
  })
  .meta({ id: "AdminWorkspace", description: "A workspace of the installation, with its owner" });

export const adminUserPage = adminPage(adminUserSchema);
export const adminWorkspacePage = adminPage(adminWorkspaceSchema);
