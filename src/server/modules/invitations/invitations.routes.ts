import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { userOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { grantableRoleSchema, roleSchema, workspaceParams } from "../workspaces/workspaces.schemas.ts";
import { actorIn } from "../workspaces/workspaces.service.ts";
import { acceptInvitation, invite, listInvitations, revokeInvitation } from "./invitations.service.ts";

const tags = ["workspaces"];
const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: roleSchema,
    teamId: z.string().nullable(),
    status: z.enum(["pending", "accepted", "revoked"]),
    expiresAt: z.date(),
    createdAt: z.date(),
  })
  .meta({ id: "Invitation" });

export const invitationsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;
    const deps = { db, mailer: platform.mailer, publicUrl: platform.config.publicUrl };

    app.get(
      "/api/workspaces/:workspaceId/invitations",
      {
        schema: {
          tags,
          summary: "Invitations of the workspace",
          params: workspaceParams,
          response: { 200: z.object({ items: z.array(invitationSchema) }) },
        },
      },
      async (request) => ({ items: await listInvitations(db, await actorIn(db, request)) }),
    );

    app.post(
      "/api/workspaces/:workspaceId/invitations",
      {
        schema: {
          tags,
          summary: "Invite someone by e-mail (the link is valid for 7 days)",
          params: workspaceParams,
          body: z.object({ email: z.email(), role: grantableRoleSchema, teamId: z.string().optional() }),
          response: { 201: invitationSchema },
        },
      },
      async (request, reply) => {
        const actor = await actorIn(db, request);
        return reply.status(201).send(await invite(deps, actor, request.body));
      },
    );

    app.delete(
      "/api/workspaces/:workspaceId/invitations/:invitationId",
      {
        schema: {
          response: NO_CONTENT,
          tags,
          summary: "Revoke a pending invitation",
          params: workspaceParams.extend({ invitationId: z.string() }),
        },
      },
      async (request, reply) => {
        const actor = await actorIn(db, request);
        await revokeInvitation(db, actor, request.params.invitationId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/invitations/accept",
      {
        schema: {
          tags,
          summary: "Accept an invitation as the signed-in person",
          body: z.object({ token: z.string().min(1).max(300) }),
          response: { 200: z.object({ workspaceId: z.string(), role: roleSchema }) },
        },
      },
      async (request) => acceptInvitation(db, userOf(request), request.body.token),
    );
  };
