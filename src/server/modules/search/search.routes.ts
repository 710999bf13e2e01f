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

/** How many matches a query ranks at most: a common name matches thousands, and ranking them all is slow. */
const CANDIDATES = 200;

/**
 * Contacts, companies and deals matching `q` that the caller may see, best first. The strict match comes
 * first; the loose one (typos) runs only when the strict one finds fewer than `limit`. The queries run one
 * after another, so a search holds one pooled connection at a time.
 */
async function search(db: Db, actor: Actor, q: string, types: SearchType[], limit: number) {
  const found: { type: SearchType; id: string; title: string; subtitle: string | null; score: number }[] = [];
  for (const type of types) {
    const source = SOURCES[type];
    const match = searchMatch(source.table, q);
    if (!match) continue;
    const seen = new Set<string>();
    for (const m of [match, match.fallback]) {
      if (!m || seen.size >= limit) continue;
      const candidates = db
        .select({
          id: source.table.id,
          title: source.title.as("title"),
          subtitle: source.subtitle.as("subtitle"),
          score: sql<number>`${m.rank}::float8`.as("score"),
        })
        .from(source.table)
        .where(and(visibleTo(actor, source.table), m.where))
        .limit(CANDIDATES)
        .as("candidates");
      const rows = await db.select().from(candidates).orderBy(desc(candidates.score)).limit(limit);
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        found.push({ type, ...r, title: r.title || "—" });
      }
    }
  }
  return found.sort((a, b) => b.score - a.score).slice(0, limit);
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
