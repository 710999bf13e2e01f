// Advertising analytics: spend against leads, deals and revenue per source and campaign.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorOf } from "../../platform/actor.ts";
import { fileAnswer } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { roiQuery, roiReport } from "./roi.schemas.ts";
import { roi, roiCsv } from "./roi.service.ts";

const tags = ["analytics"];
const CSV = "text/csv; charset=utf-8";
const ATTRIBUTION =
  "`from`/`to`: whole days (`YYYY-MM-DD`, `to` included) in the workspace's time zone. Spend: the daily spend of those days (the whole workspace's, whatever the caller's visibility). Results: deals created in those days (the ones the caller may see), matched to a campaign by `utm_campaign` and to a source by `sourceId`; leads add the Unsorted leads of those days (pending, or accepted into a visible deal). CPL = spend ÷ leads, CAC = spend ÷ won, ROMI = (revenue − spend) ÷ spend × 100; null when the divisor is 0.";

export const roiRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;

    app.get(
      "/api/analytics/roi",
      {
        schema: {
          tags,
          summary:
            "Advertising spend against leads, deals, won deals and revenue per lead source or campaign, with CPL, CAC and ROMI",
          description: ATTRIBUTION,
          querystring: roiQuery,
          response: { 200: roiReport },
        },
      },
      async (request) => roi(db, actorOf(request), request.query),
    );

    app.get(
      "/api/analytics/roi.csv",
      {
        schema: {
          tags,
          summary: "The ROI report as CSV for Excel (UTF-8 with a BOM, `;`-separated, decimal commas)",
          description: `${ATTRIBUTION} Money in major units (rubles); the last row is the totals.`,
          querystring: roiQuery,
          ...fileAnswer(CSV, "A CSV file, named in Content-Disposition"),
        },
      },
      async (request, reply) => {
        const file = await roiCsv(db, actorOf(request), request.query);
        return reply
          .header("content-disposition", `attachment; filename="${file.fileName}"`)
          .type(CSV)
          .send(file.body);
      },
    );
  };
