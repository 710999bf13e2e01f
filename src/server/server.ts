import path from "node:path";
import { type App, buildApp } from "./app.ts";
import type { Config } from "./config.ts";
import { type Database, openPglite, openPostgres, safeTarget } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createSchemaMonitor, inspectSchema, type SchemaState } from "./db/schema-monitor.ts";
import { registerAccounting } from "./integrations/accounting/jobs.ts";
import { registerAdvertising } from "./integrations/advertising/jobs.ts";
import { avitoChatJob } from "./integrations/messaging/inbound/avito-chat.job.ts";
import {
  startTelegramPolling,
  type TelegramPolling,
} from "./integrations/messaging/inbound/telegram-poller.ts";
import { registerSendMessageJob } from "./integrations/messaging/outbound/send.job.ts";
import { authSecret, createAuth } from "./modules/auth/auth.ts";
import { subscribeTimeline } from "./modules/timeline/timeline.subscriber.ts";
import { registerImportJob } from "./modules/transfer/transfer.routes.ts";
import { webhookDeliveryJob } from "./modules/webhooks/delivery.job.ts";
import { subscribeWebhooks } from "./modules/webhooks/webhooks.subscriber.ts";
import { createSecretBox, embeddedKey, parseKey } from "./platform/crypto.ts";
import { createJobs } from "./platform/jobs.ts";
import type { Logger } from "./platform/logger.ts";
import { createMailer } from "./platform/mailer.ts";
import { createMetrics } from "./platform/metrics.ts";
import { createOutbox } from "./platform/outbox.ts";
import type { Platform } from "./platform/platform.ts";

/** A start-up failure with a one-line cause (and, for schema drift, a report) for the operator. */
export class StartupError extends Error {
  override name = "StartupError";
  readonly report: string[];
  constructor(message: string, report: string[] = []) {
    super(message);
    this.report = report;
  }
}

export interface RunningServer {
  platform: Platform;
  app: App | null;
  /** The address HTTP listens on, when this node serves HTTP. */
  url: string | null;
  /** Stops accepting, lets in-flight requests and jobs finish (bounded), then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Lets a test add routes (for example a slow one) before the server listens. */
  beforeListen?: (app: App) => Promise<void> | void;
  shutdownTimeoutMs?: number;
}

export function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) {
    return openPostgres({
      url: config.databaseUrl,
      onPoolError: (err) => log.warn({ err }, "database connection lost"),
    });
  }
  return openPglite(path.resolve(config.dataDir));
}

/** Migrates (when allowed) and verifies; refuses with a report when the schema is not the code's. */
export async function prepareSchema(config: Config, database: Database, log: Logger): Promise<SchemaState> {
  if (config.autoMigrate) {
    const applied = await migrate(database.db);
    if (applied.length > 0) log.info({ applied }, `applied ${applied.length} migration(s)`);
  }
  const state = await inspectSchema(database.db);
  if (state.pendingMigrations.length > 0) {
    throw new StartupError(
      `${state.pendingMigrations.length} migration(s) not applied: ${state.pendingMigrations.join(", ")}`,
      [
        ...state.pendingMigrations.map((tag) => `pending migration ${tag}`),
        "fix: run `npm run db:migrate`, or start with FLAME_AUTO_MIGRATE=true",
      ],
    );
  }
  if (state.missing.length > 0) {
    throw new StartupError(
      `the database schema does not match the code (${state.missing.length} problem(s))`,
      [
        ...state.missing,
        "fix: every committed migration is applied, so the database was changed outside the migrations.",
        "     Restore it from a backup, or recreate the objects named above as the files in drizzle/ define them.",
      ],
    );
  }
  return state;
}

/** Wires the long-lived parts together; jobs are registered here and started by the caller. */
export async function createPlatform(
  config: Config,
  database: Database,
  log: Logger,
  state: SchemaState,
): Promise<Platform> {
  const jobs = createJobs({ database, log, runsWorkers: config.runsJobs });
  const mailer = createMailer({ db: database.db, log, smtpUrl: config.smtpUrl, from: config.mailFrom });
  const secret = await authSecret(database.db, config);
  const key = config.encryptionKey ? parseKey(config.encryptionKey) : await embeddedKey(config.dataDir);
  const outbox = createOutbox(jobs);
  subscribeTimeline(outbox);
  const platform: Platform = {
    config,
    database,
    schema: createSchemaMonitor(database.db, log, state),
    jobs,
    outbox,
    metrics: createMetrics(database, jobs),
    auth: createAuth({ config, db: database.db, mailer, log, secret }),
    mailer,
    secrets: createSecretBox(key),
    draining: false,
  };
  registerImportJob(platform);
  registerSendMessageJob(platform);
  platform.jobs.register(avitoChatJob(platform));
  platform.jobs.register(webhookDeliveryJob(platform));
  subscribeWebhooks(platform);
  registerAccounting(platform);
  registerAdvertising(platform);
  return platform;
}

/** start: config → db → migrate → verify schema → jobs → listen. */
export async function startServer(
  config: Config,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const database = await openDatabase(config, log);
  let app: App | null = null;
  let polling: TelegramPolling | null = null;
  try {
    log.info(
      {
        driver: database.driver,
        target: config.databaseUrl ? safeTarget(config.databaseUrl) : config.dataDir,
      },
      "database open",
    );
    const state = await prepareSchema(config, database, log);
    const platform = await createPlatform(config, database, log, state);
    await platform.jobs.start();
    platform.schema.start();
    // Long polling is background work like jobs: only the nodes that run jobs poll Telegram.
    polling = config.runsJobs ? startTelegramPolling(platform, log) : null;

    let url: string | null = null;
    if (config.runsHttp) {
      app = await buildApp(platform, log);
      await options.beforeListen?.(app);
      try {
        url = await app.listen({ port: config.port, host: config.host });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE")
          throw new StartupError(`port ${config.port} on ${config.host} is already in use (PORT)`);
        if (code === "EACCES")
          throw new StartupError(`no permission to listen on port ${config.port} (PORT)`);
        throw err;
      }
    }
    log.info({ url, role: config.role }, "Flame CRM is running");
    return {
      platform,
      app,
      url,
      close: () => shutdown(platform, app, polling, log, options.shutdownTimeoutMs ?? 10_000),
    };
  } catch (err) {
    await polling?.stop();
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}

async function shutdown(
  platform: Platform,
  app: App | null,
  polling: TelegramPolling | null,
  log: Logger,
  timeoutMs: number,
) {
  platform.draining = true;
  platform.schema.stop();
  log.info("shutting down: finishing in-flight requests and jobs");
  const results = await Promise.allSettled([
    closeHttp(app, timeoutMs, log),
    platform.jobs.stop(timeoutMs),
    polling?.stop(),
  ]);
  for (const r of results) if (r.status === "rejected") log.error({ err: r.reason }, "error during shutdown");
  await platform.database.close();
  log.info("stopped");
}

/** Stops accepting and waits for in-flight requests; past the bound, open connections are cut. */
export async function closeHttp(app: App | null, timeoutMs: number, log?: Logger) {
  if (!app) return;
  const timer = setTimeout(() => {
    app.server.getConnections((_err, open) =>
      log?.warn({ open }, "cutting connections still open at shutdown"),
    );
    app.server.closeAllConnections();
  }, timeoutMs).unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM or SIGINT: a graceful stop, then exit 0 (1 when the stop itself failed). */
export function exitOnSignals(server: RunningServer, log: Logger) {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "signal received");
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
