import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import type { Platform } from "../../platform/platform.ts";
import { listDuplicatePairs, merge } from "./duplicates.service.ts";

const KINDS = [
  { path: "/api/contacts", kind: "contact", tag: "contacts" },
  { path: "/api/companies", kind: "company", tag: "companies" },
] as const;

const pairSchema = z
  .object({ ids: z.array(z.string()), reasons: z.array(z.object({ kind: z.string(), value: z.string() })) })
  .meta({ id: "DuplicatePair" });

export const duplicatesRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };
    for (const { path, kind, tag } of KINDS) {
      app.get(
        `${path}/duplicates`,
        {
          schema: {
            tags: [tag],
            summary: "Suspected duplicate pairs with the reason (shared phone, e-mail, INN; name + company)",
            querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
            response: { 200: z.object({ items: z.array(pairSchema) }) },
          },
        },
        async (request) => ({
          items: await listDuplicatePairs(deps.db, actorOf(request), kind, request.query.limit),
        }),
      );
      app.post(
        `${path}/merge`,
        {
          schema: {
            tags: [tag],
            summary:
              "Merge two records: the survivor keeps its values (or the chosen ones); everything linked moves to it",
            body: z.object({
              survivorId: z.string().min(1).max(64),
              mergedId: z.string().min(1).max(64),
              takeFromMerged: z.array(z.string().max(100)).max(100).optional(),
            }),
            response: { 200: z.object({ survivorId: z.string() }) },
          },
        },
        async (request) => merge(deps, actorOf(request), kind, request.body),
      );
    }
  };
