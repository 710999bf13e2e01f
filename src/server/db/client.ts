import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm/relations";
import pg from "pg";
import { fromPglite } from "pg-boss";
import { type ListenOptions, listenPostgres, type Unlisten } from "./listen.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The Drizzle database, the same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export type Driver = "pglite" | "postgres";

/** Options for pg-boss that point it at this database. */
export type BossConnection =
  | { backend: "pglite"; db: ReturnType<typeof fromPglite> }
  | { backend: "postgres"; connectionString: string; max: number };

export interface Database {
  driver: Driver;
  db: Db;
  boss: BossConnection;
  /** Round trip to the database; throws when it is unreachable. */
  ping(): Promise<{ responseTimeMs: number; serverVersion: string }>;
  /** Connection pool gauges; null on PGlite, which has a single in-process connection. */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  /**
   * LISTEN on a channel; `onMessage` gets each NOTIFY payload (sent on commit of the notifying
   * transaction). Resolves, once listening, with the function that stops. PostgreSQL: a dedicated
   * connection that reconnects by itself; PGlite: its built-in listener (one process, so no loss).
   */
  listen(channel: string, onMessage: (payload: string) => void, options?: ListenOptions): Promise<Unlisten>;
  /** Closes the pool and every listener. */
  close(): Promise<void>;
}

/** Thrown when the database cannot be opened; the message names the cause. */
export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

const CLOSE_DEADLINE_MS = 5000;

/** Waits for `promise`, but no longer than `ms`; a late rejection is ignored. */
function withDeadline(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    deadline,
  ]).finally(() => clearTimeout(timer));
}

/** Runs raw SQL and returns its rows, on either driver. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function ping(db: Db) {
  const started = performance.now();
  const [row] = await queryRows<{ v: string }>(db, sql`select current_setting('server_version') as v`);
  return {
    responseTimeMs: Math.round((performance.now() - started) * 100) / 100,
    serverVersion: row?.v ?? "",
  };
}

export interface PostgresOptions {
  url: string;
  max?: number;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  onPoolError?: (err: Error) => void;
}

/** Opens a PostgreSQL server through a `pg` pool and checks that it answers. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const max = options.max ?? 10;
  const pool = new pg.Pool({
    connectionString: options.url,
    max,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    // A runaway query must not hold a connection forever; the error handler maps it to 503.
    options: `-c statement_timeout=${options.statementTimeoutMs ?? 30_000}`,
    application_name: "flame-crm",
  });
  // Without a listener an idle client's error (the server restarting) would crash the process.
  pool.on("error", (err) => options.onPoolError?.(err));
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  try {
    await ping(db);
  } catch (err) {
    await pool.end().catch(() => {});
    const target = safeTarget(options.url);
    throw new DatabaseOpenError(`cannot connect to DATABASE_URL (${target}): ${describe(err)}`);
  }
  const listeners = new Set<Unlisten>();
  return {
    driver: "postgres",
    db,
    boss: { backend: "postgres", connectionString: options.url, max: 4 },
    ping: () => ping(db),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async listen(channel, onMessage, listenOptions = {}) {
      const stop = await listenPostgres(options.url, channel, onMessage, {
        ...listenOptions,
        onError: (err) => options.onPoolError?.(err),
      });
      const unlisten = async () => {
        listeners.delete(unlisten);
        await stop();
      };
      listeners.add(unlisten);
      return unlisten;
    },
    async close() {
      // Shutdown has a deadline: a connection that never answers (a server gone mid-query) must not
      // keep the process, or a test, waiting forever. `pg` ends sockets when the process exits.
      await withDeadline(Promise.all([...listeners].map((unlisten) => unlisten())), CLOSE_DEADLINE_MS);
      await withDeadline(pool.end(), CLOSE_DEADLINE_MS);
    },
  };
}

/**
 * Opens embedded PostgreSQL (PGlite). `dataDir` null keeps it in memory (tests); otherwise it
 * lives in `<dataDir>/pgdata`, and a lock file keeps a second process off the same files.
 */
export async function openPglite(dataDir: string | null): Promise<Database> {
  let releaseLock = () => {};
  let storage: string | undefined;
  if (dataDir) {
    releaseLock = lockDataDir(dataDir);
    storage = path.join(dataDir, "pgdata");
  }
  let client: PGlite;
  try {
    client = await PGlite.create(storage, { extensions: { pg_trgm, btree_gin } });
  } catch (err) {
    releaseLock();
    throw new DatabaseOpenError(`cannot open the embedded database in ${storage}: ${describe(err)}`);
  }
  return pgliteDatabase(client, releaseLock);
}

/** Wraps an already open PGlite instance (tests clone a migrated template this way). */
export function pgliteDatabase(client: PGlite, onClose: () => void = () => {}): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    driver: "pglite",
    db,
    boss: { backend: "pglite", db: fromPglite(client) },
    ping: () => ping(db),
    poolStats: () => null,
    async listen(channel, onMessage) {
      const unlisten = await client.listen(channel, onMessage);
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        onClose();
      }
    },
  };
}

/** Makes sure the data folder is writable and owned by this process alone. */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "flame.lock");
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, ".write-test"), "");
    rmSync(path.join(dataDir, ".write-test"));
  } catch (err) {
    throw new DatabaseOpenError(`FLAME_DATA_DIR ${dataDir} is not a writable folder: ${describe(err)}`);
  }
  const holder = readLockHolder(lockFile);
  if (holder !== null && holder !== process.pid && isAlive(holder)) {
    throw new DatabaseOpenError(
      `FLAME_DATA_DIR ${dataDir} is in use by another Flame CRM process (pid ${holder}); stop it first`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function readLockHolder(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** host:port/database of a URL, without credentials, for messages and logs. */
export function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "an unparsable URL";
  }
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code} ${err.message}` : err.message;
  }
  return String(err);
}
