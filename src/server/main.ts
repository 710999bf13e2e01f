// Entry point of `npm start`: turns every start-up failure into one clear line and a non-zero exit.
import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseOpenError } from "./db/client.ts";
import { createLogger } from "./platform/logger.ts";
import { exitOnSignals, type RunningServer, StartupError, startServer } from "./server.ts";

function fail(message: string, report: string[] = []): never {
  process.stderr.write(`flame: cannot start: ${message}\n${report.map((l) => `  - ${l}\n`).join("")}`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}

const log = createLogger(config.logLevel);
let server: RunningServer;
try {
  server = await startServer(config, log);
} catch (err) {
  if (err instanceof StartupError) fail(err.message, err.report);
  if (err instanceof DatabaseOpenError) fail(err.message);
  log.fatal({ err }, "start failed");
  fail(err instanceof Error ? err.message : String(err));
}

exitOnSignals(server, log);
