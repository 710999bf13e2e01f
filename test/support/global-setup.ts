// Builds, once per run, a PostgreSQL template database from the real migrations (plus pg-boss's own
// schema), so every test file clones a migrated database in milliseconds instead of migrating.
import { PgBoss } from "pg-boss";
import { buildWebIfStale } from "../../scripts/build-web.ts";
import { openPostgres } from "../../src/server/db/client.ts";
import { migrate } from "../../src/server/db/migrate.ts";
import { templateName, urlFor, withAdmin } from "./postgres.ts";

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function setup() {
  // The browser tests need the built web app; a failed build fails only them, with this message.
  try {
    buildWebIfStale();
  } catch (err) {
    console.error(`The web app did not build, so the browser tests will fail: ${err}`);
  }
  const template = templateName();
  await withAdmin(async (client) => {
    // Databases left by runs that were killed: their owner process is gone.
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'flame\\_t\\_%' or datname like 'flame\\_tpl\\_%'",
    );
    for (const { datname } of rows) {
      const pid = Number(datname.split("_")[2]);
      const stale = datname.startsWith("flame_tpl_") ? datname !== template : !isAlive(pid);
      if (stale) await client.query(`drop database if exists "${datname}" with (force)`);
    }
    const exists = await client.query("select 1 from pg_database where datname = $1", [template]);
    if (exists.rowCount) return;

    const building = `${template}_building_${process.pid}`;
    await client.query(`create database "${building}" template template0`);
    const database = await openPostgres({ url: urlFor(building) });
    try {
      await migrate(database.db);
      const boss = new PgBoss({
        connectionString: urlFor(building),
        schema: "pgboss",
        supervise: false,
        schedule: false,
      });
      boss.on("error", () => {});
      await boss.start();
      await boss.stop({ graceful: false, close: true });
    } finally {
      await database.close();
    }
    await client.query(`alter database "${building}" rename to "${template}"`);
  });
}
