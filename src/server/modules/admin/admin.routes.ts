import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { adminPageQuery, adminUserPage, adminWorkspacePage, banInput, userParams } from "./admin.schemas.ts";
import { listUsers, listWorkspaces, requirePlatformAdmin, setBanned } from "./admin.service.ts";

const tags = ["platform admin"];

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
          querystring: adminPageQuery,
          response: { 200: adminUserPage },
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
          body: banInput,
          response: NO_CONTENT,
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
      { schema: { tags, summary: "Lift a ban", params: userParams, response: NO_CONTENT } },
      async (request, reply) => {
        requirePlatformAdmin(request.user);
        await setBanned(db, request.user, request.params.userId, { banned: false });
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/admin/workspaces",
      {
        schema: {
          tags,
          summary: "Every workspace of the installation",
          querystring: adminPageQuery,
          response: { 200: adminWorkspacePage },
        },
      },
      async (request) => {
        requirePlatformAdmin(request.user);
        return listWorkspaces(db, request.query);
      },
    );
  };
