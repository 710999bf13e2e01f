// /api/accounting/moysklad and /api/accounting/one-c (status, connect, settings, disconnect, sync now,
// log), the products they bring, and a deal's line items with its linked orders. Routes only parse and
// present; the connection and service modules hold the rules.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { authorize } from "../../platform/policy.ts";
import {
  dealItemsInput,
  dealItemsView,
  moyskladConnect,
  moyskladSettings,
  moyskladStatus,
  moyskladView,
  oneCConnect,
  oneCCreated,
  oneCSettings,
  oneCStatus,
  oneCView,
  productListQuery,
  productSchema,
  runSchema,
} from "./accounting.schemas.ts";
import { getDealItems, listProducts, setDealItems } from "./deal-items.ts";
import {
  connectMoySklad,
  disconnectMoySklad,
  requestSync,
  updateMoySkladSettings,
  moyskladView as viewMoySklad,
} from "./moysklad/connection.ts";
import {
  connectOneC,
  disconnectOneC,
  regeneratePassword,
  resendOrders,
  updateOneCSettings,
  oneCView as viewOneC,
} from "./one-c/connection.ts";
import { findIntegration, listRuns, requireConnected, runView } from "./store.ts";

const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(1000).optional(),
});
const logPage = z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() });
const refused =
  "422 when MoySklad refuses the credentials (its message in details), 503 when it does not answer";

export const accountingRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = platform.database;
    const ms = "/api/accounting/moysklad";
    const oneC = "/api/accounting/one-c";
    const tags = ["accounting"];

    app.get(
      ms,
      {
        schema: {
          tags,
          summary: "MoySklad: connected or not, settings, what to map, the sync in progress",
          response: { 200: moyskladStatus },
        },
      },
      async (request) => {
        const row = await findIntegration(db, actorOf(request).workspaceId, "moysklad");
        return row && row.status !== "disconnected"
          ? viewMoySklad(platform, row)
          : { connected: false as const };
      },
    );
    app.post(
      ms,
      {
        schema: {
          tags,
          summary:
            "Connect MoySklad with a token, or a login and password (exchanged for a token); starts the first sync",
          description: refused,
          body: moyskladConnect,
          response: { 201: moyskladView.extend({ connected: z.literal(true) }) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await connectMoySklad(platform, actorOf(request), request.body, request.log)),
    );
    app.patch(
      ms,
      {
        schema: {
          tags,
          summary: "Change MoySklad's settings (directions, the state ↔ stage map, organisation and store)",
          body: moyskladSettings.partial().strict(),
          response: { 200: moyskladView.extend({ connected: z.literal(true) }) },
        },
      },
      async (request) => updateMoySkladSettings(platform, actorOf(request), request.body),
    );
    app.delete(
      ms,
      {
        schema: {
          tags,
          summary: "Disconnect MoySklad (its webhooks are removed; links are kept for a reconnect)",
          response: NO_CONTENT,
        },
      },
      async (request, reply) => {
        await disconnectMoySklad(platform, actorOf(request), request.log);
        return reply.status(204).send(null);
      },
    );
    app.post(
      `${ms}/sync`,
      { schema: { tags, summary: "Sync now (or the sync already running)", response: { 202: runSchema } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, "integrations.manage");
        const row = await requireConnected(db, actor.workspaceId, "moysklad");
        return reply.status(202).send(runView(await requestSync(platform, row)));
      },
    );

    app.get(
      oneC,
      {
        schema: {
          tags,
          summary: "1C: connected or not, the exchange URL and login, settings",
          response: { 200: oneCStatus },
        },
      },
      async (request) => {
        const row = await findIntegration(db, actorOf(request).workspaceId, "one_c");
        return row && row.status !== "disconnected" ? viewOneC(platform, row) : { connected: false as const };
      },
    );
    app.post(
      oneC,
      {
        schema: {
          tags,
          summary: "Connect 1C: creates the exchange login and password (shown once in this answer)",
          body: oneCConnect,
          response: { 201: oneCCreated },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await connectOneC(platform, actorOf(request), request.body)),
    );
    app.post(
      `${oneC}/password`,
      {
        schema: {
          tags,
          summary: "A new exchange password (shown once); the old one stops working",
          response: { 200: oneCCreated },
        },
      },
      async (request) => regeneratePassword(platform, actorOf(request)),
    );
    app.patch(
      oneC,
      {
        schema: {
          tags,
          summary: "Change 1C's settings (stages sent to 1C, the status ↔ stage map, the file encoding)",
          body: oneCSettings.partial().strict(),
          response: { 200: oneCView.extend({ connected: z.literal(true) }) },
        },
      },
      async (request) => updateOneCSettings(platform, actorOf(request), request.body),
    );
    app.delete(
      oneC,
      { schema: { tags, summary: "Disconnect 1C (its login stops working)", response: NO_CONTENT } },
      async (request, reply) => {
        await disconnectOneC(platform, actorOf(request));
        return reply.status(204).send(null);
      },
    );
    app.post(
      `${oneC}/sync`,
      {
        schema: {
          tags,
          summary:
            "Send every deal in the export stages again at 1C's next exchange (1C calls on its own schedule)",
          response: { 202: runSchema },
        },
      },
      async (request, reply) => reply.status(202).send(await resendOrders(platform, actorOf(request))),
    );

    for (const [path, which] of [
      [ms, "moysklad"],
      [oneC, "one_c"],
    ] as const) {
      app.get(
        `${path}/log`,
        {
          schema: {
            tags,
            summary: "Sync runs, newest first: counts, problems, errors",
            querystring: logQuery,
            response: { 200: logPage },
          },
        },
        async (request) => {
          const row = await requireConnected(db, actorOf(request).workspaceId, which);
          return listRuns(db, row, request.query.limit, request.query.cursor);
        },
      );
    }

    app.get(
      "/api/accounting/products",
      {
        schema: {
          tags,
          summary: "Products from the accounting system (read-only), by name",
          querystring: productListQuery,
          response: { 200: z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => listProducts(db, actorOf(request), request.query),
    );

    const params = z.object({ id: z.string().min(1).max(64) });
    app.get(
      "/api/deals/:id/items",
      {
        schema: {
          tags: ["deals"],
          summary: "A deal's line items and its linked accounting orders",
          params,
          response: { 200: dealItemsView },
        },
      },
      async (request) => getDealItems(db, actorOf(request), request.params.id),
    );
    app.put(
      "/api/deals/:id/items",
      {
        schema: {
          tags: ["deals"],
          summary: "Replace a deal's line items; the deal's amount becomes their total",
          params,
          body: dealItemsInput,
          response: { 200: dealItemsView },
        },
      },
      async (request) =>
        setDealItems({ db, outbox: platform.outbox }, actorOf(request), request.params.id, request.body),
    );
  };
