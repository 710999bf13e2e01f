import { z } from "zod";

export const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    version: z.string(),
    uptimeS: z.number(),
    db: z.object({
      status: z.enum(["ok", "down"]),
      driver: z.enum(["pglite", "postgres"]),
      serverVersion: z.string().nullable(),
      responseTimeMs: z.number().nullable(),
      error: z.string().optional(),
    }),
    schema: z.object({
      status: z.enum(["ok", "drift"]),
      missing: z.array(z.string()),
      pendingMigrations: z.array(z.string()),
      checkedAt: z.string(),
    }),
    jobs: z.object({
      status: z.enum(["ok", "stopped", "error", "unknown"]),
      working: z.boolean(),
      queued: z.number(),
      active: z.number(),
      failed: z.number(),
    }),
  })
  .meta({ id: "Health" });

export const probeSchema = z.object({ status: z.enum(["ok", "unavailable"]), reason: z.string().optional() });

export type Health = z.infer<typeof healthSchema>;
