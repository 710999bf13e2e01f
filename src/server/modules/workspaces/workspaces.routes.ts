import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { userOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  grantableRoleSchema,
  memberParams,
  memberRoleSchema,
  memberSchema,
  meSchema,
  myWorkspaceSchema,
  workspaceInput,
  workspaceParams,
  workspacePatch,
  workspaceSchema,
} from "./workspaces.schemas.ts";
import {
  actorIn,
  changeMemberRole,
  createWorkspaceFor,
  getMe,
  membersOf,
  removeMember,
  switchWorkspace,
  transferOwnership,
  updateWorkspace,
  type WorkspaceRequest,
  workspacesOf,
} from "./workspaces.service.ts";

const tags = ["workspaces"];

export const workspacesRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;
    const actorFor = (request: WorkspaceRequest) => actorIn(db, request);

    app.get(
      "/api/me",
      {
        schema: {
          tags: ["account"],
          summary: "Who is calling, in which workspace, with which permissions",
          response: { 200: meSchema },
        },
      },
      async (request) => getMe(db, request.user, request.actor),
    );

    app.get(
      "/api/workspaces",
      {
        schema: {
          tags,
          summary: "Workspaces the signed-in person belongs to",
          description:
            "Oldest membership first, each with the caller's role; an API key sees its own workspace.",
          response: { 200: z.object({ items: z.array(myWorkspaceSchema) }) },
        },
      },
      async (request) => workspacesOf(db, request.user, request.actor),
    );

    app.post(
      "/api/workspaces",
      {
        schema: {
          tags,
          summary: "Create a workspace (you become its owner)",
          body: workspaceInput,
          response: { 201: workspaceSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createWorkspaceFor(db, userOf(request), request.body)),
    );

    app.patch(
      "/api/workspaces/:workspaceId",
      {
        schema: {
          tags,
          summary: "Rename or change settings",
          description:
            "Owner and admin only. `unansweredMinutes` (5–10080) is how long a client's message may stay unanswered before the conversation is overdue (inbox `overdue` flag and filter, `/api/analytics/responses`).",
          params: workspaceParams,
          body: workspacePatch,
          response: { 200: workspaceSchema },
        },
      },
      async (request) => updateWorkspace(db, await actorFor(request), request.body),
    );

    app.post(
      "/api/workspaces/:workspaceId/activate",
      {
        schema: {
          tags,
          summary: "Switch this session to the workspace",
          params: workspaceParams,
          response: NO_CONTENT,
        },
      },
      async (request, reply) => {
        await switchWorkspace(db, userOf(request), request.params.workspaceId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/workspaces/:workspaceId/members",
      {
        schema: {
          tags,
          summary: "Members and their roles",
          params: workspaceParams,
          response: { 200: z.object({ items: z.array(memberSchema) }) },
        },
      },
      async (request) => ({ items: await membersOf(db, await actorFor(request)) }),
    );

    app.patch(
      "/api/workspaces/:workspaceId/members/:userId",
      {
        schema: {
          tags,
          summary: "Change a member's role",
          params: memberParams,
          body: z.object({ role: grantableRoleSchema }),
          response: { 200: memberRoleSchema },
        },
      },
      async (request) =>
        changeMemberRole(db, await actorFor(request), request.params.userId, request.body.role),
    );

    app.delete(
      "/api/workspaces/:workspaceId/members/:userId",
      { schema: { response: NO_CONTENT, tags, summary: "Remove a member (or leave)", params: memberParams } },
      async (request, reply) => {
        await removeMember(db, await actorFor(request), request.params.userId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/workspaces/:workspaceId/transfer-ownership",
      {
        schema: {
          tags,
          summary: "Hand the workspace to another member",
          params: workspaceParams,
          body: z.object({ userId: z.string().min(1) }),
          response: NO_CONTENT,
        },
      },
      async (request, reply) => {
        await transferOwnership(db, await actorFor(request), request.body.userId);
        return reply.status(204).send(null);
      },
    );
  };
