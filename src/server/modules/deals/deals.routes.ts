import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { listDeals } from "./deals.list.ts";
import {
  dealCreateInput,
  dealInput,
  dealListQuery,
  dealSchema,
  kanbanBoard,
  kanbanQuery,
  moveInput,
} from "./deals.schemas.ts";
import { createDeal, deleteDeal, getDeal, moveDeal, updateDeal } from "./deals.service.ts";
import { getKanban, getKanbanColumn } from "./kanban.service.ts";
import { listStageHistory, stageHistoryEntry } from "./stage-history.list.ts";

const tags = ["deals"];
const params = z.object({ id: z.string().min(1).max(64) });
const page = z.object({ deals: z.array(dealSchema), nextCursor: z.string().nullable() });

export const dealsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };

    app.get(
      "/api/deals",
      {
        schema: {
          tags,
          summary: "Deals the caller may see, keyset-paginated, with filters (and cf.<key>=value)",
          querystring: dealListQuery,
          response: { 200: z.object({ items: z.array(dealSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => listDeals(deps.db, actorOf(request), request.query),
    );
    app.post(
      "/api/deals",
      {
        schema: {
          tags,
          summary: "Create a deal (default pipeline and its first stage unless given)",
          body: dealCreateInput,
          response: { 201: dealSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createDeal(deps, actorOf(request), request.body)),
    );
    app.get(
      "/api/deals/:id",
      { schema: { tags, summary: "One deal", params, response: { 200: dealSchema } } },
      async (request) => getDeal(deps.db, actorOf(request), request.params.id),
    );
    app.patch(
      "/api/deals/:id",
      {
        schema: {
          tags,
          summary: "Change a deal; a stage change closes or reopens it",
          params,
          body: dealInput,
          response: { 200: dealSchema },
        },
      },
      async (request) => updateDeal(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      "/api/deals/:id/move",
      {
        schema: {
          tags,
          summary: "Move on the kanban: to a stage, after a deal (or on top)",
          params,
          body: moveInput,
          response: { 200: dealSchema },
        },
      },
      async (request) => moveDeal(deps, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      "/api/deals/:id",
      { schema: { response: NO_CONTENT, tags, summary: "Delete a deal", params } },
      async (request, reply) => {
        await deleteDeal(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      "/api/deals/:id/stage-history",
      {
        schema: {
          tags,
          summary: "Every stage the deal was in, oldest first: entered, left, time in stage, who moved it",
          params,
          response: { 200: z.object({ items: z.array(stageHistoryEntry) }) },
        },
      },
      async (request) => listStageHistory(deps.db, actorOf(request), request.params.id),
    );

    app.get(
      "/api/pipelines/:id/kanban",
      {
        schema: {
          tags,
          summary: "The board: per stage the count, sums per currency and the first deals in order",
          params,
          querystring: kanbanQuery,
          response: { 200: kanbanBoard },
        },
      },
      async (request) => getKanban(deps.db, actorOf(request), request.params.id, request.query),
    );
    app.get(
      "/api/pipelines/:id/kanban/:stageId",
      {
        schema: {
          tags,
          summary: "The next deals of one column",
          params: params.extend({ stageId: z.string().min(1).max(64) }),
          querystring: kanbanQuery,
          response: { 200: page },
        },
      },
      async (request) =>
        getKanbanColumn(deps.db, actorOf(request), request.params.id, request.params.stageId, request.query),
    );
  };
