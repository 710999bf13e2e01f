import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  acceptInput,
  declineInput,
  linkInput,
  unsortedCountsSchema,
  unsortedInput,
  unsortedListQuery,
  unsortedSchema,
} from "./unsorted.schemas.ts";
import {
  acceptLead,
  countPending,
  createUnsortedLead,
  declineLead,
  getLead,
  linkLead,
  listLeads,
} from "./unsorted.service.ts";

const tags = ["unsorted"];
const params = z.object({ id: z.string().min(1).max(64) });

export const unsortedRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };

    app.get(
      "/api/unsorted",
      {
        schema: {
          tags,
          summary: "Incoming leads by status (pending by default), newest first, keyset-paginated",
          querystring: unsortedListQuery,
          response: { 200: z.object({ items: z.array(unsortedSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => listLeads(deps.db, actorOf(request), request.query),
    );

    app.get(
      "/api/unsorted/counts",
      {
        schema: {
          tags,
          summary: "Pending leads per channel and per source",
          response: { 200: unsortedCountsSchema },
        },
      },
      async (request) => countPending(deps.db, actorOf(request)),
    );

    app.post(
      "/api/unsorted",
      {
        schema: {
          tags,
          summary: "Receive a lead (site integration, telephony…) into the unsorted inbox",
          body: unsortedInput,
          response: { 201: unsortedSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createUnsortedLead(deps, actorOf(request), request.body)),
    );

    app.get(
      "/api/unsorted/:id",
      { schema: { tags, summary: "One incoming lead", params, response: { 200: unsortedSchema } } },
      async (request) => getLead(deps.db, actorOf(request), request.params.id),
    );

    app.post(
      "/api/unsorted/:id/accept",
      {
        schema: {
          tags,
          summary: "Accept a pending lead: create (or link) its contact and a deal, atomically",
          params,
          body: acceptInput,
          response: { 200: unsortedSchema },
        },
      },
      async (request) => acceptLead(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/unsorted/:id/decline",
      {
        schema: {
          tags,
          summary: "Decline a pending lead, keeping the reason for reports",
          params,
          body: declineInput,
          response: { 200: unsortedSchema },
        },
      },
      async (request) => declineLead(deps, actorOf(request), request.params.id, request.body.reason),
    );

    app.post(
      "/api/unsorted/:id/link",
      {
        schema: {
          tags,
          summary: "Attach a pending lead to an existing contact and/or deal",
          params,
          body: linkInput,
          response: { 200: unsortedSchema },
        },
      },
      async (request) => linkLead(deps, actorOf(request), request.params.id, request.body),
    );
  };
