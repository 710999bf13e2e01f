import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import type { Platform } from "../../platform/platform.ts";
import { bulkAction, bulkInput } from "./bulk.ts";

const ENTITIES = [
  { path: "/api/contacts/bulk", entity: "contact", tag: "contacts" },
  { path: "/api/companies/bulk", entity: "company", tag: "companies" },
  { path: "/api/deals/bulk", entity: "deal", tag: "deals" },
] as const;

export const bulkRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };
    for (const { path, entity, tag } of ENTITIES) {
      app.post(
        path,
        {
          schema: {
            tags: [tag],
            summary: `Assign, tag, untag, delete${entity === "deal" ? " or move" : ""} many at once, by ids or by a list filter (up to 5000)`,
            body: bulkInput,
            response: { 200: z.object({ affected: z.number() }) },
          },
        },
        async (request) => bulkAction(deps, actorOf(request), entity, request.body),
      );
    }
  };
