import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  contactInput,
  contactListQuery,
  contactSchema,
  contactSchemaWithDuplicates,
} from "./contacts.schemas.ts";
import { createContact, deleteContact, getContact, listContacts, updateContact } from "./contacts.service.ts";

const tags = ["contacts"];
const params = z.object({ id: z.string().min(1).max(64) });

export const contactsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };

    app.get(
      "/api/contacts",
      {
        schema: {
          tags,
          summary: "Contacts the caller may see, keyset-paginated; filter with cf.<key>=value too",
          querystring: contactListQuery,
          response: { 200: z.object({ items: z.array(contactSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => listContacts(deps.db, actorOf(request), request.query),
    );

    app.post(
      "/api/contacts",
      {
        schema: {
          tags,
          summary: "Create a contact",
          body: contactInput,
          response: { 201: contactSchemaWithDuplicates },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createContact(deps, actorOf(request), request.body)),
    );

    app.get(
      "/api/contacts/:id",
      { schema: { tags, summary: "One contact", params, response: { 200: contactSchema } } },
      async (request) => getContact(deps.db, actorOf(request), request.params.id),
    );

    app.patch(
      "/api/contacts/:id",
      {
        schema: {
          tags,
          summary: "Change a contact",
          params,
          body: contactInput,
          response: { 200: contactSchemaWithDuplicates },
        },
      },
      async (request) => updateContact(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      "/api/contacts/:id",
      { schema: { response: NO_CONTENT, tags, summary: "Delete a contact", params } },
      async (request, reply) => {
        await deleteContact(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
