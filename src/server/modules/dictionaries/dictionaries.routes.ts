import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sourceKind } from "../../db/schema/index.ts";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { customFieldSchema } from "../custom-fields/custom-fields.schemas.ts";
import {
  createDefinition,
  deleteDefinition,
  listDefinitions,
} from "../custom-fields/custom-fields.service.ts";
import { lossReasonSchema, sourceSchema, tagSchema } from "./dictionaries.schemas.ts";
import {
  createEntry,
  type DictionaryName,
  deleteEntry,
  listEntries,
  updateEntry,
} from "./dictionaries.service.ts";

const params = z.object({ id: z.string().min(1).max(64) });
const name = z.string().trim().min(1).max(200);
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: "a colour like #ff7a00" })
  .nullish();

const DICTIONARIES: {
  path: string;
  name: DictionaryName;
  tag: string;
  create: z.ZodObject;
  update: z.ZodObject;
  /** What an entry answers as. */
  view: z.ZodObject;
}[] = [
  {
    path: "/api/sources",
    name: "sources",
    tag: "lead sources",
    create: z.object({ name, kind: z.enum(sourceKind.enumValues) }),
    update: z.object({ name: name.optional(), kind: z.enum(sourceKind.enumValues).optional() }),
    view: sourceSchema,
  },
  {
    path: "/api/loss-reasons",
    name: "lossReasons",
    tag: "loss reasons",
    create: z.object({ name }),
    update: z.object({ name: name.optional() }),
    view: lossReasonSchema,
  },
  {
    path: "/api/tags",
    name: "tags",
    tag: "tags",
    create: z.object({ name, color }),
    update: z.object({ name: name.optional(), color }),
    view: tagSchema,
  },
];

export const dictionariesRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;
    for (const d of DICTIONARIES) {
      const tags = [d.tag];
      app.get(
        d.path,
        {
          schema: {
            tags,
            summary: `List ${d.tag}`,
            description: "Sorted by name.",
            response: { 200: z.object({ items: z.array(d.view) }) },
          },
        },
        async (request) => listEntries(db, actorOf(request), d.name),
      );
      app.post(
        d.path,
        { schema: { tags, summary: `Add to ${d.tag}`, body: d.create, response: { 201: d.view } } },
        async (request, reply) =>
          reply
            .status(201)
            .send(await createEntry(db, actorOf(request), d.name, request.body as Record<string, unknown>)),
      );
      app.patch(
        `${d.path}/:id`,
        {
          schema: {
            tags,
            summary: `Change one of ${d.tag}`,
            params,
            body: d.update,
            response: { 200: d.view },
          },
        },
        async (request) =>
          updateEntry(
            db,
            actorOf(request),
            d.name,
            request.params.id,
            request.body as Record<string, unknown>,
          ),
      );
      app.delete(
        `${d.path}/:id`,
        { schema: { response: NO_CONTENT, tags, summary: `Remove one of ${d.tag}`, params } },
        async (request, reply) => {
          await deleteEntry(db, actorOf(request), d.name, request.params.id);
          return reply.status(204).send(null);
        },
      );
    }

    const entity = z.enum(["contact", "company", "deal"]);
    app.get(
      "/api/custom-fields",
      {
        schema: {
          tags: ["custom fields"],
          summary: "Custom field definitions",
          description: "Sorted by entity, then position.",
          querystring: z.object({ entity: entity.optional() }),
          response: { 200: z.object({ items: z.array(customFieldSchema) }) },
        },
      },
      async (request) => ({ items: await listDefinitions(db, actorOf(request), request.query.entity) }),
    );
    app.post(
      "/api/custom-fields",
      {
        schema: {
          tags: ["custom fields"],
          summary: "Define a custom field on contacts, companies or deals",
          body: z.object({
            entity,
            key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { error: "lower-case letters, digits and _" }),
            label: z.string().trim().min(1).max(200),
            type: z.enum([
              "text",
              "number",
              "money",
              "date",
              "boolean",
              "select",
              "multiselect",
              "url",
              "phone",
              "email",
            ]),
            options: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
            required: z.boolean().optional(),
            position: z.number().int().optional(),
          }),
          response: { 201: customFieldSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createDefinition(db, actorOf(request), request.body)),
    );
    app.delete(
      "/api/custom-fields/:id",
      {
        schema: {
          response: NO_CONTENT,
          tags: ["custom fields"],
          summary: "Remove a custom field definition",
          params,
        },
      },
      async (request, reply) => {
        await deleteDefinition(db, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
