import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorOf } from "../../platform/actor.ts";
import { fileAnswer } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { funnelCsv, managersCsv } from "./analytics.csv.ts";
import {
  funnelQuery,
  funnelReport,
  managersReport,
  periodQuery,
  responsesReport,
  revenueQuery,
  revenueReport,
  sourcesReport,
} from "./analytics.schemas.ts";
import { funnel, managers, responses, revenue, sources } from "./analytics.service.ts";

const tags = ["analytics"];
const CSV = "text/csv; charset=utf-8";
const PERIOD =
  "`from`/`to`: a date (a whole day in the workspace's time zone, `to` included) or an instant with an offset (`to` excluded); either may be omitted";

export const analyticsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;

    app.get(
      "/api/analytics/funnel",
      {
        schema: {
          tags,
          summary:
            "Funnel of a pipeline (the default one unless pipelineId) for deals created in the period: per stage reached, current and conversion; won and lost",
          description: PERIOD,
          querystring: funnelQuery,
          response: { 200: funnelReport },
        },
      },
      async (request) => funnel(db, actorOf(request), request.query),
    );
    app.get(
      "/api/analytics/revenue",
      {
        schema: {
          tags,
          summary: "Won deals per calendar month (count and sums per currency), the last `months` months",
          querystring: revenueQuery,
          response: { 200: revenueReport },
        },
      },
      async (request) => revenue(db, actorOf(request), request.query),
    );
    app.get(
      "/api/analytics/sources",
      {
        schema: {
          tags,
          summary: "Deals created in the period per lead source (and without one): count, won, won sums",
          description: PERIOD,
          querystring: periodQuery,
          response: { 200: sourcesReport },
        },
      },
      async (request) => sources(db, actorOf(request), request.query),
    );
    app.get(
      "/api/analytics/managers",
      {
        schema: {
          tags,
          summary:
            "Per member: open deals now, won and lost in the period, overdue open tasks now (members the caller may see)",
          description: PERIOD,
          querystring: periodQuery,
          response: { 200: managersReport },
        },
      },
      async (request) => managers(db, actorOf(request), request.query),
    );
    // The same two reports as CSV for Excel (the ROI report has its own, roi.routes.ts).
    const csv = (name: string, body: string, reply: FastifyReply) =>
      reply.header("content-disposition", `attachment; filename="${name}.csv"`).type(CSV).send(body);
    app.get(
      "/api/analytics/funnel.csv",
      {
        schema: {
          tags,
          summary: "The funnel as CSV for Excel (UTF-8 with a BOM, `;`-separated, decimal commas)",
          description: PERIOD,
          querystring: funnelQuery,
          ...fileAnswer(CSV, "A CSV file, named in Content-Disposition"),
        },
      },
      async (request, reply) =>
        csv("funnel", funnelCsv(await funnel(db, actorOf(request), request.query)), reply),
    );
    app.get(
      "/api/analytics/managers.csv",
      {
        schema: {
          tags,
          summary: "Manager performance as CSV for Excel (money in major units, one cell per currency list)",
          description: PERIOD,
          querystring: periodQuery,
          ...fileAnswer(CSV, "A CSV file, named in Content-Disposition"),
        },
      },
      async (request, reply) =>
        csv("managers", managersCsv(await managers(db, actorOf(request), request.query)), reply),
    );
    app.get(
      "/api/analytics/responses",
      {
        schema: {
          tags,
          summary:
            "First-response times of conversations whose client first wrote in the period: median, p90, answered and unanswered, per day; and conversations overdue now (those the caller may see)",
          description: `${PERIOD}. A first response is the time from the client's first message to our first reply; medians and p90 are interpolated percentiles in whole seconds over the answered conversations. \`overdueNow\` counts conversations whose client has waited longer than the workspace's \`unansweredMinutes\` now, whatever the period (the inbox's \`overdue=true\`).`,
          querystring: periodQuery,
          response: { 200: responsesReport },
        },
      },
      async (request) => responses(db, actorOf(request), request.query),
    );
  };
