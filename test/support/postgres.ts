import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/** Server used by the tests: the machine's PostgreSQL unless TEST_DATABASE_URL says otherwise. */
/** The encryption key of test servers (server mode refuses to start without one). */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";

const root = path.resolve(import.meta.dirname, "../..");

/** The template's name changes whenever a migration changes, so a stale template is never reused. */
export function templateName(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(path.join(root, "drizzle")).sort()) {
    if (file.endsWith(".sql")) hash.update(readFileSync(path.join(root, "drizzle", file)));
  }
  hash.update(JSON.parse(readFileSync(path.join(root, "node_modules/pg-boss/package.json"), "utf8")).version);
  return `flame_tpl_${hash.digest("hex").slice(0, 12)}`;
}

export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `The tests need PostgreSQL at ${ADMIN_URL} (${(err as Error).message}). Start it with ` +
        "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, " +
        "or point TEST_DATABASE_URL at a server where this user may create databases.",
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A fresh database for one test file. `empty` skips the migrated template. */
export async function createTestDatabase(options: { empty?: boolean } = {}) {
  const name = `flame_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await withAdmin(async (client) => {
    const template = options.empty ? "template0" : templateName();
    // Cloning fails while another session is connected to the template; that is brief, so retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database "${name}" template "${template}"`);
        return;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    name,
    url: urlFor(name),
    drop: () => withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`)),
  };
}

export type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
