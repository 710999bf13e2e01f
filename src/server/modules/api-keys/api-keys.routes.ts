import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { grantableRoleSchema, roleSchema, workspaceParams } from "../workspaces/workspaces.schemas.ts";
import { actorIn } from "../workspaces/workspaces.service.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.service.ts";

const tags = ["api keys"];
const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: "ApiKey" });

export const apiKeysRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;

    app.get(
      "/api/workspaces/:workspaceId/api-keys",
      {
        schema: {
          tags,
          summary: "API keys of the workspace (secrets are never shown again)",
          params: workspaceParams,
          response: { 200: z.object({ items: z.array(apiKeySchema) }) },
        },
      },
      async (request) => ({ items: await listApiKeys(db, await actorIn(db, request)) }),
    );

    app.post(
      "/api/workspaces/:workspaceId/api-keys",
      {
        schema: {
          tags,
          summary: "Create an API key; send it as `Authorization: Bearer <key>`. Shown once.",
          params: workspaceParams,
          body: z.object({ name: z.string().trim().min(1).max(200), role: grantableRoleSchema }),
          response: { 201: apiKeySchema.extend({ key: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createApiKey(db, await actorIn(db, request), request.body)),
    );

    app.delete(
      "/api/workspaces/:workspaceId/api-keys/:keyId",
      {
        schema: {
          response: NO_CONTENT,
          tags,
          summary: "Revoke an API key",
          params: workspaceParams.extend({ keyId: z.string() }),
        },
      },
      async (request, reply) => {
        await revokeApiKey(db, await actorIn(db, request), request.params.keyId);
        return reply.status(204).send(null);
      },
    );
  };
