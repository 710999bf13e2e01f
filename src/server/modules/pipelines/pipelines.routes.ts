import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { pipelineSchema } from "./pipelines.schemas.ts";
import {
  addStage,
  createPipeline,
  deletePipeline,
  deleteStage,
  getPipeline,
  listPipelines,
  reorderStages,
  updatePipeline,
  updateStage,
} from "./pipelines.service.ts";

const tags = ["pipelines"];
const name = z.string().trim().min(1).max(200);
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/)
  .nullish();
const params = z.object({ id: z.string().min(1).max(64) });
const stageParams = params.extend({ stageId: z.string().min(1).max(64) });
const target = z.object({ targetStageId: z.string().min(1).max(64).optional() });

export const pipelinesRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;

    app.get(
      "/api/pipelines",
      {
        schema: {
          tags,
          summary: "Pipelines with their ordered stages",
          response: { 200: z.object({ items: z.array(pipelineSchema) }) },
        },
      },
      async (request) => listPipelines(db, actorOf(request)),
    );
    app.post(
      "/api/pipelines",
      {
        schema: {
          tags,
          summary: "Create a pipeline (default stages unless given: open stages, one won, one lost)",
          body: z.object({
            name,
            stages: z
              .array(z.object({ name, kind: z.enum(["open", "won", "lost"]), color }))
              .max(50)
              .optional(),
          }),
          response: { 201: pipelineSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createPipeline(db, actorOf(request), request.body)),
    );
    app.get(
      "/api/pipelines/:id",
      { schema: { tags, summary: "One pipeline", params, response: { 200: pipelineSchema } } },
      async (request) => getPipeline(db, actorOf(request), request.params.id),
    );
    app.patch(
      "/api/pipelines/:id",
      {
        schema: {
          tags,
          summary: "Rename, reorder or make default",
          params,
          body: z.object({
            name: name.optional(),
            position: z.number().int().min(0).optional(),
            isDefault: z.literal(true).optional(),
          }),
          response: { 200: pipelineSchema },
        },
      },
      async (request) => updatePipeline(db, actorOf(request), request.params.id, request.body),
    );
    app.delete(
      "/api/pipelines/:id",
      {
        schema: {
          response: NO_CONTENT,
          tags,
          summary: "Delete a pipeline; its deals move to targetStageId",
          params,
          querystring: target,
        },
      },
      async (request, reply) => {
        await deletePipeline(db, actorOf(request), request.params.id, request.query.targetStageId);
        return reply.status(204).send(null);
      },
    );
    app.post(
      "/api/pipelines/:id/stages",
      {
        schema: {
          tags,
          summary: "Add an open stage (at `position`, default before won and lost)",
          params,
          body: z.object({ name, color, position: z.number().int().min(0).optional() }),
          response: { 201: pipelineSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addStage(db, actorOf(request), request.params.id, request.body)),
    );
    app.put(
      "/api/pipelines/:id/stages/order",
      {
        schema: {
          tags,
          summary: "Set the order of the stages",
          params,
          body: z.object({ stageIds: z.array(z.string()).max(100) }),
          response: { 200: pipelineSchema },
        },
      },
      async (request) => reorderStages(db, actorOf(request), request.params.id, request.body.stageIds),
    );
    app.patch(
      "/api/pipelines/:id/stages/:stageId",
      {
        schema: {
          tags,
          summary: "Rename or recolour a stage",
          params: stageParams,
          body: z.object({ name: name.optional(), color }),
          response: { 200: pipelineSchema },
        },
      },
      async (request) =>
        updateStage(db, actorOf(request), request.params.id, request.params.stageId, request.body),
    );
    app.delete(
      "/api/pipelines/:id/stages/:stageId",
      {
        schema: {
          tags,
          summary: "Delete an open stage; its deals move to targetStageId",
          params: stageParams,
          querystring: target,
          response: { 200: pipelineSchema },
        },
      },
      async (request) =>
        deleteStage(
          db,
          actorOf(request),
          request.params.id,
          request.params.stageId,
          request.query.targetStageId,
        ),
    );
  };
