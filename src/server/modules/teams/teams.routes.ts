import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { workspaceParams } from "../workspaces/workspaces.schemas.ts";
import { actorIn, type WorkspaceRequest } from "../workspaces/workspaces.service.ts";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  listTeams,
  removeTeamMember,
  updateTeam,
} from "./teams.service.ts";

const tags = ["teams"];
const teamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    leadUserId: z.string().nullable(),
    memberIds: z.array(z.string()),
  })
  .meta({ id: "Team" });
const teamParams = workspaceParams.extend({ teamId: z.string().min(1).max(64) });
const teamMemberParams = teamParams.extend({ userId: z.string().min(1).max(64) });

export const teamsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;
    const actorFor = (request: WorkspaceRequest) => actorIn(db, request);

    app.get(
      "/api/workspaces/:workspaceId/teams",
      {
        schema: {
          tags,
          summary: "Teams and their members",
          params: workspaceParams,
          response: { 200: z.object({ items: z.array(teamSchema) }) },
        },
      },
      async (request) => ({ items: await listTeams(db, await actorFor(request)) }),
    );

    app.post(
      "/api/workspaces/:workspaceId/teams",
      {
        schema: {
          tags,
          summary: "Create a team",
          params: workspaceParams,
          body: z.object({
            name: z.string().trim().min(1).max(200),
            leadUserId: z.string().nullable().optional(),
            memberIds: z.array(z.string()).max(1000).optional(),
          }),
          response: { 201: teamSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createTeam(db, await actorFor(request), request.body)),
    );

    app.patch(
      "/api/workspaces/:workspaceId/teams/:teamId",
      {
        schema: {
          tags,
          summary: "Rename a team or change its lead",
          params: teamParams,
          body: z.object({
            name: z.string().trim().min(1).max(200).optional(),
            leadUserId: z.string().nullable().optional(),
          }),
          response: NO_CONTENT,
        },
      },
      async (request, reply) => {
        await updateTeam(db, await actorFor(request), request.params.teamId, request.body);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      "/api/workspaces/:workspaceId/teams/:teamId",
      { schema: { response: NO_CONTENT, tags, summary: "Delete a team", params: teamParams } },
      async (request, reply) => {
        await deleteTeam(db, await actorFor(request), request.params.teamId);
        return reply.status(204).send(null);
      },
    );

    app.put(
      "/api/workspaces/:workspaceId/teams/:teamId/members/:userId",
      {
        schema: { response: NO_CONTENT, tags, summary: "Add a member to a team", params: teamMemberParams },
      },
      async (request, reply) => {
        await addTeamMember(db, await actorFor(request), request.params.teamId, request.params.userId);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      "/api/workspaces/:workspaceId/teams/:teamId/members/:userId",
      {
        schema: {
          response: NO_CONTENT,
          tags,
          summary: "Remove a member from a team",
          params: teamMemberParams,
        },
      },
      async (request, reply) => {
        await removeTeamMember(db, await actorFor(request), request.params.teamId, request.params.userId);
        return reply.status(204).send(null);
      },
    );
  };
