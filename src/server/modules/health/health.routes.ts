import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Platform } from "../../platform/platform.ts";
import { healthSchema, probeSchema } from "./health.schemas.ts";
import { getHealth, getReadiness } from "./health.service.ts";

export const healthRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/health",
      {
        config: { public: true },
        schema: {
          tags: ["health"],
          summary: "State of the server, its database, schema and jobs",
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (_request, reply) => {
        const health = await getHealth(platform);
        return reply.status(health.status === "down" ? 503 : 200).send(health);
      },
    );

    app.get(
      "/api/health/live",
      {
        config: { public: true },
        schema: { tags: ["health"], summary: "Liveness probe", response: { 200: probeSchema } },
      },
      async () => ({ status: "ok" as const }),
    );

    app.get(
      "/api/health/ready",
      {
        config: { public: true },
        schema: {
          tags: ["health"],
          summary: "Readiness probe for load balancers",
          response: { 200: probeSchema, 503: probeSchema },
        },
      },
      async (_request, reply) => {
        const { ready, reason } = await getReadiness(platform);
        return ready
          ? reply.send({ status: "ok" })
          : reply.status(503).send({ status: "unavailable", reason });
      },
    );
  };
