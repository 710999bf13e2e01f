import { VERSION } from "../../config.ts";
import type { Platform } from "../../platform/platform.ts";
import type { Health } from "./health.schemas.ts";

const startedAt = Date.now();
const PING_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The state of the process and everything it depends on. Never throws: a failure is reported, not raised. */
export async function getHealth(platform: Platform): Promise<Health> {
  const { database } = platform;
  const [ping, jobs] = await Promise.allSettled([
    withTimeout(database.ping(), PING_TIMEOUT_MS, "the database"),
    withTimeout(platform.jobs.stats(), PING_TIMEOUT_MS, "the job queue"),
  ]);
  const db: Health["db"] =
    ping.status === "fulfilled"
      ? { status: "ok", driver: database.driver, ...ping.value }
      : {
          status: "down",
          driver: database.driver,
          serverVersion: null,
          responseTimeMs: null,
          error: ping.reason instanceof Error ? ping.reason.message : String(ping.reason),
        };
  const jobsState: Health["jobs"] =
    jobs.status === "fulfilled"
      ? jobs.value
      : { status: "unknown", working: false, queued: 0, active: 0, failed: 0 };
  const schema = platform.schema.state;
  const status =
    db.status === "down"
      ? "down"
      : schema.status === "drift" || jobsState.status !== "ok"
        ? "degraded"
        : "ok";
  return {
    status,
    version: VERSION,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    db,
    schema,
    jobs: jobsState,
  };
}

/** Ready for traffic: not shutting down, database up, schema as the code expects. */
export async function getReadiness(platform: Platform): Promise<{ ready: boolean; reason?: string }> {
  if (platform.draining) return { ready: false, reason: "shutting down" };
  if (platform.schema.state.status === "drift") return { ready: false, reason: "database schema drift" };
  try {
    await withTimeout(platform.database.ping(), PING_TIMEOUT_MS, "the database");
    return { ready: true };
  } catch (err) {
    return { ready: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
