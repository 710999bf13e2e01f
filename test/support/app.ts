import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type App, buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { type Database, openPostgres, pgliteDatabase } from "../../src/server/db/client.ts";
import { migrate } from "../../src/server/db/migrate.ts";
import { inspectSchema } from "../../src/server/db/schema-monitor.ts";
import { createLogger } from "../../src/server/platform/logger.ts";
import type { Platform } from "../../src/server/platform/platform.ts";
import { closeHttp, createPlatform } from "../../src/server/server.ts";
import { createTestDatabase, TEST_ENCRYPTION_KEY } from "./postgres.ts";

export type TestDriver = "postgres" | "pglite";

export const testLogger = () => createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
const stderrLogger = createLogger("warn");

/** A migrated in-memory PGlite, like the one `npm start` uses on disk. */
export async function openTestPglite(): Promise<Database> {
  const client = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
  return pgliteDatabase(client);
}

export interface TestApp {
  app: App;
  platform: Platform;
  database: Database;
  close(): Promise<void>;
}

/**
 * The real application on a fresh database (a clone of the migrated template on PostgreSQL, a newly
 * migrated in-memory PGlite otherwise), with jobs running. `routes` may add test-only routes.
 */
export async function createTestApp(
  options: {
    driver?: TestDriver;
    /** Joins this existing PostgreSQL database (a second app node); it is left for its creator to drop. */
    databaseUrl?: string;
    /** Extra environment for the configuration (SMTP_URL, FLAME_ADMIN_EMAIL…). */
    env?: Record<string, string>;
    /** Runs before jobs start: register test jobs and outbox subscribers here. */
    beforeStart?: (platform: Platform) => void;
    routes?: (app: App, platform: Platform) => void;
  } = {},
): Promise<TestApp> {
  const driver = options.driver ?? "postgres";
  const testDb = driver === "postgres" && !options.databaseUrl ? await createTestDatabase() : null;
  const url = options.databaseUrl ?? testDb?.url;
  const database = url ? await openPostgres({ url, max: 5 }) : await openTestPglite();
  if (!url) await migrate(database.db);
  const log = testLogger();
  const config = loadConfig({
    LOG_LEVEL: "silent",
    FLAME_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    // Every test call comes from 127.0.0.1; the limits have tests of their own (api-limits.test.ts).
    FLAME_RATE_LIMIT_PER_IP: "1000000",
    FLAME_RATE_LIMIT_PER_KEY: "1000000",
    ...(url ? { DATABASE_URL: url } : {}),
    ...options.env,
  });
  const platform = await createPlatform(config, database, log, await inspectSchema(database.db));
  options.beforeStart?.(platform);
  await platform.jobs.start();
  const app = await buildApp(platform, log);
  options.routes?.(app, platform);
  await app.ready();
  return {
    app,
    platform,
    database,
    async close() {
      // As the server shuts down: a connection still open after 5 s is cut (and said on stderr).
      await step("app.close", closeHttp(app, 5000, stderrLogger));
      await step("jobs.stop", platform.jobs.stop(1000));
      await step("database.close", database.close());
      await step("drop database", testDb?.drop());
    },
  };
}

/** Awaits one shutdown step, saying on stderr which one if it is still pending after 5 s. */
async function step<T>(name: string, pending: Promise<T> | undefined): Promise<T | undefined> {
  const started = Date.now();
  const watchdog = setInterval(
    () => console.warn(`closing the test app: ${name} still pending after ${Date.now() - started} ms`),
    5000,
  );
  try {
    return await pending;
  } finally {
    clearInterval(watchdog);
  }
}
