import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  companyCreateInput,
  companyInput,
  companyListQuery,
  companySchema,
  companySchemaWithDuplicates,
} from "./companies.schemas.ts";
import {
  createCompany,
  deleteCompany,
  getCompany,
  listCompanies,
  updateCompany,
} from "./companies.service.ts";

const tags = ["companies"];
const params = z.object({ id: z.string().min(1).max(64) });

export const companiesRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };

    app.get(
      "/api/companies",
      {
        schema: {
          tags,
          summary: "Companies the caller may see, keyset-paginated; filter with cf.<key>=value too",
          querystring: companyListQuery,
          response: { 200: z.object({ items: z.array(companySchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => listCompanies(deps.db, actorOf(request), request.query),
    );

    app.post(
      "/api/companies",
      {
        schema: {
          tags,
          summary: "Create a company",
          body: companyCreateInput,
          response: { 201: companySchemaWithDuplicates },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createCompany(deps, actorOf(request), request.body)),
    );

    app.get(
      "/api/companies/:id",
      { schema: { tags, summary: "One company", params, response: { 200: companySchema } } },
      async (request) => getCompany(deps.db, actorOf(request), request.params.id),
    );

    app.patch(
      "/api/companies/:id",
      {
        schema: {
          tags,
          summary: "Change a company",
          params,
          body: companyInput,
          response: { 200: companySchemaWithDuplicates },
        },
      },
      async (request) => updateCompany(deps, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      "/api/companies/:id",
      { schema: { response: NO_CONTENT, tags, summary: "Delete a company", params } },
      async (request, reply) => {
        await deleteCompany(deps, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
