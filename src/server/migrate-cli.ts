// `npm run db:migrate`: applies pending migrations to the configured database without starting the server.
import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseOpenError } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createLogger } from "./platform/logger.ts";
import { openDatabase } from "./server.ts";

try {
  const config = loadConfig();
  const database = await openDatabase(config, createLogger(config.logLevel));
  try {
    const applied = await migrate(database.db);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "the database is up to date");
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof ConfigError || err instanceof DatabaseOpenError) {
    console.error(`flame: cannot migrate: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
