import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/client.ts";
import type { Jobs } from "./jobs.ts";

/** Prometheus metrics of one process: HTTP latency by route and status, the DB pool and the job queues. */
export function createMetrics(database: Database, jobs: Jobs) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: "flame_http_request_duration_seconds",
    help: "HTTP request duration by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: "flame_db_pool_connections",
    help: "Database pool connections by state (absent on embedded PGlite)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const stats = database.poolStats();
      if (!stats) return;
      for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
    },
  });

  new Gauge({
    name: "flame_jobs",
    help: "Jobs by state, over every queue",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const stats = await jobs.stats().catch(() => null);
      if (!stats) return;
      this.set({ state: "queued" }, stats.queued);
      this.set({ state: "active" }, stats.active);
      this.set({ state: "failed" }, stats.failed);
    },
  });

  return {
    registry,
    /** Times every request; the route label is the route pattern, never the raw URL (bounded cardinality). */
    instrument(app: FastifyInstance) {
      app.addHook("onResponse", async (request, reply) => {
        httpDuration.observe(
          {
            method: request.method,
            route: request.routeOptions.url ?? "unmatched",
            status: reply.statusCode,
          },
          reply.elapsedTime / 1000,
        );
      });
      app.get("/metrics", { schema: { hide: true } }, async (_request, reply) =>
        reply.type(registry.contentType).send(await registry.metrics()),
      );
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
