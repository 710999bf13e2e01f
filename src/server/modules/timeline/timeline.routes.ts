import { and, eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Db } from "../../db/client.ts";
import { type RecordType, timelineEvents } from "../../db/schema/index.ts";
import { actorOf } from "../../platform/actor.ts";
import { keyset, page } from "../../platform/pagination.ts";
import type { Platform } from "../../platform/platform.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";
import { findCompany } from "../companies/companies.service.ts";
import { findContact } from "../contacts/contacts.service.ts";
import { findDeal } from "../deals/deals.service.ts";
import { timelinePage, timelineQuery } from "./timeline.schemas.ts";

const finders = { contact: findContact, company: findCompany, deal: findDeal };

/** A record's story, newest first. The record must be visible to the caller (404 otherwise). */
async function readTimeline(
  db: Db,
  actor: Actor,
  q: { recordType: RecordType; recordId: string; limit: number; cursor?: string },
) {
  await finders[q.recordType](db, actor, q.recordId);
  const { where, orderBy, sortValue } = keyset(
    { expr: timelineEvents.occurredAt, cast: "timestamptz" },
    timelineEvents.id,
    "desc",
    q.cursor,
  );
  const rows = await db
    .select({ event: timelineEvents, sortValue })
    .from(timelineEvents)
    .where(
      and(
        inWorkspace(actor, timelineEvents),
        eq(timelineEvents.recordType, q.recordType),
        eq(timelineEvents.recordId, q.recordId),
        where,
      ),
    )
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  const result = page(
    rows.map(({ event: { outboxId: _o, workspaceId: _w, ...e }, sortValue: s }) => ({
      ...e,
      id: String(e.id),
      sortValue: s,
    })),
    q.limit,
  );
  return result;
}

export const timelineRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/timeline",
      {
        schema: {
          tags: ["timeline"],
          summary:
            "What happened to a record (created, changed with a diff, stage and owner changes, notes, tasks), newest first",
          querystring: timelineQuery,
          response: { 200: timelinePage },
        },
      },
      async (request) => readTimeline(platform.database.db, actorOf(request), request.query),
    );
  };
