import type { FastifyBaseLogger } from "fastify";
import type { Executor } from "./client.ts";
import { pendingMigrations } from "./migrate.ts";
import { findSchemaProblems } from "./verify.ts";

export interface SchemaState {
  status: "ok" | "drift";
  missing: string[];
  pendingMigrations: string[];
  checkedAt: string;
}

export type SchemaMonitor = ReturnType<typeof createSchemaMonitor>;

/** Compares the live schema with the code's, now and then: at start, every minute, and on demand. */
export async function inspectSchema(executor: Executor): Promise<SchemaState> {
  const [missing, pending] = await Promise.all([findSchemaProblems(executor), pendingMigrations(executor)]);
  return {
    status: missing.length > 0 || pending.length > 0 ? "drift" : "ok",
    missing,
    pendingMigrations: pending,
    checkedAt: new Date().toISOString(),
  };
}

/**
 * Keeps the schema state that health reports. Someone dropping a table under a running server is
 * noticed by the periodic check, or at once when a request hits PostgreSQL's "undefined table/column".
 */
export function createSchemaMonitor(
  executor: Executor,
  log: FastifyBaseLogger,
  initial: SchemaState,
  intervalMs = 60_000,
) {
  let state = initial;
  let running: Promise<SchemaState> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const check = (): Promise<SchemaState> => {
    running ??= inspectSchema(executor)
      .then((next) => {
        if (next.status !== state.status) {
          if (next.status === "drift") log.error({ schema: next }, "database schema drift detected");
          else log.info("database schema matches the code again");
        }
        state = next;
        return next;
      })
      .catch((err: unknown) => {
        // The database being down is health's db check to report; keep the last known schema state.
        log.warn({ err }, "schema check failed");
        return state;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    get state() {
      return state;
    },
    check,
    /** A request hit an undefined relation: report it now, then confirm with a full check. */
    reportUndefined(relation: string | undefined) {
      const line = `relation "${relation ?? "unknown"}" is missing (a request failed on it)`;
      log.error({ relation }, "request failed on a missing relation: schema out of date");
      if (!state.missing.includes(line)) {
        state = { ...state, status: "drift", missing: [...state.missing, line] };
      }
      void check();
    },
    start() {
      timer ??= setInterval(() => void check(), intervalMs).unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
