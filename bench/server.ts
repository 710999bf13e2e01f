// The real application in a child process of the benchmark, so the load generator does not share its
// event loop. Reports its URL, then its resident memory every 200 ms, over IPC. SIGTERM stops it.
import { loadConfig } from "../src/server/config.ts";
import { createLogger } from "../src/server/platform/logger.ts";
import { startServer } from "../src/server/server.ts";

const config = loadConfig({
  DATABASE_URL: process.env.DATABASE_URL,
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  FLAME_ROLE: process.env.FLAME_ROLE ?? "web",
  FLAME_DATA_DIR: process.env.FLAME_DATA_DIR,
  FLAME_ENCRYPTION_KEY: process.env.FLAME_ENCRYPTION_KEY,
});
const server = await startServer(config, createLogger(config.logLevel));
process.send?.({ url: server.url, rss: process.memoryUsage().rss });
setInterval(() => process.send?.({ rss: process.memoryUsage().rss }), 200).unref();
process.once("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
