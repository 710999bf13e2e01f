import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { taskInput, taskListQuery, taskPatch, taskSchema } from "./tasks.schemas.ts";
import {
  completeTask,
  createTask,
  deleteTask,
  getTask,
  listTasks,
  reopenTask,
  updateTask,
} from "./tasks.service.ts";

const tags = ["tasks"];
const params = z.object({ id: z.string().min(1).max(64) });

export const tasksRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };

    app.get(
      "/api/tasks",
      {
        schema: {
          tags,
          summary: "Tasks the caller may see, soonest due first, keyset-paginated",
          querystring: taskListQuery,
          response: { 200: z.object({ items: z.array(taskSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => listTasks(deps.db, actorOf(request), request.query),
    );

    app.post(
      "/api/tasks",
      { schema: { tags, summary: "Create a task", body: taskInput, response: { 201: taskSchema } } },
      async (request, reply) =>
        reply.status(201).send(await createTask(deps, actorOf(request), request.body)),
    );

    app.get(
      "/api/tasks/:id",
      { schema: { tags, summary: "One task", params, response: { 200: taskSchema } } },
      async (request) => getTask(deps.db, actorOf(request), request.params.id),
    );

    app.patch(
      "/api/tasks/:id",
      { schema: { tags, summary: "Change a task", params, body: taskPatch, response: { 200: taskSchema } } },
      async (request) => updateTask(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/tasks/:id/complete",
      { schema: { tags, summary: "Mark a task done", params, response: { 200: taskSchema } } },
      async (request) => completeTask(deps, actorOf(request), request.params.id),
    );

    app.post(
      "/api/tasks/:id/reopen",
      { schema: { tags, summary: "Open a done task again", params, response: { 200: taskSchema } } },
      async (request) => reopenTask(deps, actorOf(request), request.params.id),
    );

    app.delete(
      "/api/tasks/:id",
      { schema: { response: NO_CONTENT, tags, summary: "Delete a task", params } },
      async (request, reply) => {
        await deleteTask(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
