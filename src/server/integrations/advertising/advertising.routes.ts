// /api/advertising/yandex-direct and /api/advertising/avito: status, connect, settings, disconnect, sync
// now, log; and /api/advertising/campaigns: campaigns and listings with their spend and lead source.
// Routes only parse and present; connection.ts, sync.ts and campaigns.ts hold the rules.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  avitoConnect,
  avitoConnected,
  avitoSettings,
  avitoStatus,
  campaignListQuery,
  campaignPatch,
  campaignSchema,
  directConnect,
  directConnected,
  directSettings,
  directStatus,
  logPage,
  logQuery,
  runSchema,
} from "./advertising.schemas.ts";
import { listCampaigns, updateCampaigns } from "./campaigns.ts";
import {
  connectAvito,
  connectDirect,
  disconnect,
  integrationView,
  syncNow,
  updateSettings,
} from "./connection.ts";
import { findIntegration, listRuns, requireConnected } from "./store.ts";

const refused = (name: string) =>
  `422 when ${name} refuses the credentials (its message in details), 503 when it does not answer`;

export const advertisingRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = platform.database;
    const tags = ["advertising"];
    const platforms = [
      {
        path: "/api/advertising/yandex-direct",
        which: "yandex_direct",
        name: "Yandex Direct",
        status: directStatus,
        view: directConnected,
        settings: directSettings,
      },
      {
        path: "/api/advertising/avito",
        which: "avito",
        name: "Avito",
        status: avitoStatus,
        view: avitoConnected,
        settings: avitoSettings,
      },
    ] as const;

    for (const { path, which, name, status, view, settings } of platforms) {
      app.get(
        path,
        {
          schema: {
            tags,
            summary: `${name}: connected or not, settings, the days imported, the sync in progress`,
            response: { 200: status },
          },
        },
        async (request) => {
          const row = await findIntegration(db, actorOf(request).workspaceId, which);
          return row && row.status !== "disconnected"
            ? ((await integrationView(platform, row)) as z.infer<typeof view>)
            : { connected: false as const };
        },
      );
      app.patch(
        path,
        {
          schema: {
            tags,
            summary: `Change ${name}'s settings (backfill and refresh days)`,
            body: settings.partial().strict(),
            response: { 200: view },
          },
        },
        async (request) =>
          (await updateSettings(platform, actorOf(request), which, request.body)) as z.infer<typeof view>,
      );
      app.delete(
        path,
        {
          schema: {
            tags,
            summary: `Disconnect ${name} (its credentials are forgotten; campaigns and spend stay)`,
            response: NO_CONTENT,
          },
        },
        async (request, reply) => {
          await disconnect(platform, actorOf(request), which);
          return reply.status(204).send(null);
        },
      );
      app.post(
        `${path}/sync`,
        {
          schema: {
            tags,
            summary: `Import ${name}'s spend now (or the sync already running)`,
            description: "409 when the platform refused the credentials: connect again first",
            response: { 202: runSchema },
          },
        },
        async (request, reply) => reply.status(202).send(await syncNow(platform, actorOf(request), which)),
      );
      app.get(
        `${path}/log`,
        {
          schema: {
            tags,
            summary: "Sync runs, newest first: the days read, counts, errors",
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

    app.post(
      "/api/advertising/yandex-direct",
      {
        schema: {
          tags,
          summary: "Connect Yandex Direct with an OAuth token (and Client-Login); starts the 90-day backfill",
          description: refused("Yandex Direct"),
          body: directConnect,
          response: { 201: directConnected },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            (await connectDirect(platform, actorOf(request), request.body)) as z.infer<
              typeof directConnected
            >,
          ),
    );
    app.post(
      "/api/advertising/avito",
      {
        schema: {
          tags,
          summary: "Connect Avito with the application's client id and secret; starts the backfill",
          description: refused("Avito"),
          body: avitoConnect,
          response: { 201: avitoConnected },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            (await connectAvito(platform, actorOf(request), request.body)) as z.infer<typeof avitoConnected>,
          ),
    );

    const campaignList = z.object({ items: z.array(campaignSchema) });
    app.get(
      "/api/advertising/campaigns",
      {
        schema: {
          tags,
          summary: "Campaigns and listings with their spend over a period, their source and utm_campaign",
          querystring: campaignListQuery,
          response: { 200: campaignList },
        },
      },
      async (request) => listCampaigns(db, actorOf(request), request.query),
    );
    app.patch(
      "/api/advertising/campaigns",
      {
        schema: {
          tags,
          summary: "Map campaigns to lead sources and utm_campaign values",
          description:
            "404 when a campaign is not the workspace's; 422 when a source is not. Answers the list as GET does for the same query (platform, period).",
          querystring: campaignListQuery,
          body: campaignPatch,
          response: { 200: campaignList },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await updateCampaigns(db, actor, request.body);
        return listCampaigns(db, actor, request.query);
      },
    );
  };
