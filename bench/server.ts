// The real application in a child process of the benchmark, so the load generator does not share its
// event loop. Reports its URL, then its resident memory every 200 ms, over IPC. SIGTERM stops it.
import pg from "pg";
import { loadConfig } from "../src/server/config.ts";
import { configureWebhookDelivery } from "../src/server/modules/webhooks/delivery.ts";
import { createLogger } from "../src/server/platform/logger.ts";
import { startServer } from "../src/server/server.ts";
import { installQueryStats } from "./query-stats.ts";

if (process.env.BENCH_QUERY_STATS === "1") installQueryStats();
// An experiment, not a setting of the app: the app's pool has 10 connections (src/server/db/client.ts).
if (process.env.BENCH_POOL_MAX) {
  const max = Number(process.env.BENCH_POOL_MAX);
  const Pool = pg.Pool;
  pg.Pool = class extends Pool {
    constructor(options?: pg.PoolConfig) {
      // Only the app's pool (max 10); pg-boss keeps its own 4.
      super(options?.max === 10 ? { ...options, max } : options);
    }
  } as typeof pg.Pool;
}

const config = loadConfig({
  DATABASE_URL: process.env.DATABASE_URL,
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  FLAME_ROLE: process.env.FLAME_ROLE ?? "web",
  FLAME_DATA_DIR: process.env.FLAME_DATA_DIR,
  FLAME_ENCRYPTION_KEY: process.env.FLAME_ENCRYPTION_KEY,
  // The inbound benchmark: a public https URL puts Telegram bots in webhook mode, against the fake.
  PUBLIC_URL: process.env.PUBLIC_URL,
  FLAME_TELEGRAM_API_URL: process.env.FLAME_TELEGRAM_API_URL,
  FLAME_MOYSKLAD_API_URL: process.env.FLAME_MOYSKLAD_API_URL,
  // The load generator is one client address far above any per-client limit; webhooks go to 127.0.0.1.
  FLAME_RATE_LIMIT_PER_IP: "100000000",
  FLAME_RATE_LIMIT_PER_KEY: "100000000",
  FLAME_ALLOW_PRIVATE_WEBHOOKS: process.env.FLAME_ALLOW_PRIVATE_WEBHOOKS,
});
const server = await startServer(config, createLogger(config.logLevel));
// The webhooks outage run: days of retries shortened to seconds (bench/webhooks.ts --chaos).
if (process.env.BENCH_WEBHOOK_RETRY_MS) {
  const retryDelaysMs = process.env.BENCH_WEBHOOK_RETRY_MS.split(",").map(Number);
  configureWebhookDelivery(server.platform, { retryDelaysMs });
}
process.send?.({ url: server.url, rss: process.memoryUsage().rss });
setInterval(() => process.send?.({ rss: process.memoryUsage().rss }), 200).unref();
process.once("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
