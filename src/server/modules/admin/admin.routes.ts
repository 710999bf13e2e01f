import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Platform } from "../../platform/platform.ts";
import { listUsers, listWorkspaces, requirePlatformAdmin, setBanned } from "./admin.service.ts";

const tags = ["platform admin"];
const pageQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const userParams = z.object({ userId: z.string().min(1).max(64) });

export const adminRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;

    app.get(
      "/api/admin/users",
      {
        schema: {
          tags,
          summary: "Every account of the installation (search by e-mail or name)",
          querystring: pageQuery,
        },
      },
      async (request) => {
        requirePlatformAdmin(request.user);
        return listUsers(db, request.query);
      },
    );

    app.post(
      "/api/admin/users/:userId/ban",
      {
        schema: {
          tags,
          summary: "Ban an account; its sessions end at once",
          params: userParams,
          body: z.object({ reason: z.string().max(500).optional() }),
        },
      },
      async (request, reply) => {
        requirePlatformAdmin(request.user);
        await setBanned(db, request.user, request.params.userId, {
          banned: true,
          reason: request.body.reason,
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/admin/users/:userId/unban",
      { schema: { tags, summary: "Lift a ban", params: userParams } },
      async (request, reply) => {
        requirePlatformAdmin(request.user);
        await setBanned(db, request.user, request.params.userId, { banned: false });
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/admin/workspaces",
      { schema: { tags, summary: "Every workspace of the installation", querystring: pageQuery } },
      async (request) => {
        requirePlatformAdmin(request.user);
        return listWorkspaces(db, request.query);
      },
    );
  };
