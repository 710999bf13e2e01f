import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { noteInput, noteListQuery, notePatch, noteSchema } from "./notes.schemas.ts";
import { createNote, deleteNote, getNote, listNotes, updateNote } from "./notes.service.ts";

const tags = ["notes"];
const params = z.object({ id: z.string().min(1).max(64) });

export const notesRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };

    app.get(
      "/api/notes",
      {
        schema: {
          tags,
          summary: "The notes of one contact, company or deal, newest first, keyset-paginated",
          querystring: noteListQuery,
          response: { 200: z.object({ items: z.array(noteSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => listNotes(deps.db, actorOf(request), request.query),
    );

    app.post(
      "/api/notes",
      {
        schema: {
          tags,
          summary: "Add a note to exactly one contact, company or deal",
          body: noteInput,
          response: { 201: noteSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createNote(deps, actorOf(request), request.body)),
    );

    app.get(
      "/api/notes/:id",
      { schema: { tags, summary: "One note", params, response: { 200: noteSchema } } },
      async (request) => getNote(deps.db, actorOf(request), request.params.id),
    );

    app.patch(
      "/api/notes/:id",
      {
        schema: {
          tags,
          summary: "Change a note's text (its author, or a role that may delete records)",
          params,
          body: notePatch,
          response: { 200: noteSchema },
        },
      },
      async (request) => updateNote(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      "/api/notes/:id",
      {
        schema: {
          response: NO_CONTENT,
          tags,
          summary: "Delete a note (its author, or a role that may delete records)",
          params,
        },
      },
      async (request, reply) => {
        await deleteNote(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
