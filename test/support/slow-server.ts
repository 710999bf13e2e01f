// The real server with one extra slow route, to prove that SIGTERM lets an in-flight request finish.
import { loadConfig } from "../../src/server/config.ts";
import { createLogger } from "../../src/server/platform/logger.ts";
import { exitOnSignals, startServer } from "../../src/server/server.ts";

const config = loadConfig();
const log = createLogger(config.logLevel);
const server = await startServer(config, log, {
  beforeListen(app) {
    app.get("/api/_test/slow", { config: { public: true } }, async () => {
      await new Promise((r) => setTimeout(r, 1500));
      return { finished: true };
    });
  },
});
exitOnSignals(server, log);
