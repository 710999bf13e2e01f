import { and, desc, sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { companies, contacts, deals } from "../../db/schema/index.ts";
import { actorOf } from "../../platform/actor.ts";
import type { Platform } from "../../platform/platform.ts";
import type { Actor } from "../../platform/policy.ts";
import { visibleTo } from "../../platform/scope.ts";
import { MAX_QUERY_LENGTH, searchMatch } from "./search.ts";

const TYPES = ["contact", "company", "deal"] as const;
type SearchType = (typeof TYPES)[number];

const resultSchema = z
  .object({
    type: z.enum(TYPES),
    id: z.string(),
    title: z.string(),
    subtitle: z.string().nullable(),
    score: z.number(),
  })
  .meta({ id: "SearchResult" });

const SOURCES = {
  contact: {
    table: contacts,
    title: sql<string>`trim(coalesce(${contacts.lastName}, '') || ' ' || coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.middleName}, ''))`,
    subtitle: sql<string | null>`${contacts.phones}->0->>'number'`,
  },
  company: {
    table: companies,
    title: sql<string>`${companies.name}`,
    subtitle: sql<string | null>`${companies.inn}`,
  },
  deal: {
    table: deals,
    title: sql<string>`${deals.title}`,
    subtitle: sql<string | null>`(${deals.amountMinor} / 100)::text || ' ' || ${deals.currency}`,
  },
} as const;

/** Contacts, companies and deals matching `q` that the caller may see, best first. */
async function search(db: Db, actor: Actor, q: string, types: SearchType[], limit: number) {
  const perType = await Promise.all(
    types.map(async (type) => {
      const source = SOURCES[type];
      const match = searchMatch(source.table, q);
      if (!match) return [];
      const rows = await db
        .select({
          id: source.table.id,
          title: source.title,
          subtitle: source.subtitle,
          score: sql<number>`${match.rank}::float8`,
        })
        .from(source.table)
        .where(and(visibleTo(actor, source.table), match.where))
        .orderBy(desc(match.rank))
        .limit(limit);
      return rows.map((r) => ({ type, ...r, title: r.title || "—" }));
    }),
  );
  return perType
    .flat()
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

export const searchRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/search",
      {
        schema: {
          tags: ["search"],
          summary:
            "Find contacts, companies and deals by name (prefix, typos), phone in any format, e-mail or INN",
          querystring: z.object({
            q: z.string().trim().min(1).max(MAX_QUERY_LENGTH),
            types: z
              .string()
              .regex(/^(contact|company|deal)(,(contact|company|deal))*$/)
              .default("contact,company,deal"),
            limit: z.coerce.number().int().min(1).max(50).default(20),
          }),
          response: { 200: z.object({ items: z.array(resultSchema) }) },
        },
      },
      async (request) => ({
        items: await search(
          platform.database.db,
          actorOf(request),
          request.query.q,
          [...new Set(request.query.types.split(","))] as SearchType[],
          request.query.limit,
        ),
      }),
    );
  };
