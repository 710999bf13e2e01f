import { type SQL, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { fromDrizzle, PgBoss, type SendOptions } from "pg-boss";
import type { z } from "zod";
import type { Database, Db, Executor } from "../db/client.ts";

export interface JobContext {
  db: Db;
  log: FastifyBaseLogger;
  /** 0 on the first attempt. */
  attempt: number;
  signal: AbortSignal;
}

/** A job: a queue name, the zod schema of its payload and the handler that runs it. */
export interface JobDefinition<T = unknown> {
  name: string;
  schema: z.ZodType<T>;
  handler: (payload: T, ctx: JobContext) => Promise<void>;
  /** Retries with exponential backoff by default: a failed job is retried, never dropped. */
  retry?: { limit: number; delaySeconds: number };
  expireInSeconds?: number;
  /** Jobs fetched and run together; for small idempotent jobs (a failure retries the whole batch). */
  batchSize?: number;
  /** Runs a fetched batch at once instead of `handler` per job (one transaction for many small jobs). */
  batchHandler?: (payloads: T[], ctx: Omit<JobContext, "attempt" | "signal">) => Promise<void>;
}

export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}

export interface JobStats {
  status: "ok" | "stopped" | "error";
  working: boolean;
  queued: number;
  active: number;
  failed: number;
}

export type Jobs = ReturnType<typeof createJobs>;

/**
 * pg-boss on the application's own database. Definitions are registered before `start`; a node whose
 * role runs no jobs still starts pg-boss, because it must be able to enqueue.
 */
export function createJobs(options: { database: Database; log: FastifyBaseLogger; runsWorkers: boolean }) {
  const { database, log, runsWorkers } = options;
  const definitions = new Map<string, JobDefinition<never>>();
  let boss: PgBoss | null = null;
  let lastError: string | null = null;

  const register = <T>(definition: JobDefinition<T>) => {
    if (boss) throw new Error(`job ${definition.name} registered after start`);
    definitions.set(definition.name, definition as unknown as JobDefinition<never>);
  };

  const start = async () => {
    const connection =
      database.boss.backend === "pglite"
        ? { backend: "pglite" as const, db: database.boss.db }
        : { connectionString: database.boss.connectionString, max: database.boss.max };
    const instance = new PgBoss({
      ...connection,
      schema: "pgboss",
      supervise: runsWorkers,
      schedule: runsWorkers,
      useListenNotify: true,
    });
    instance.on("error", (err: Error) => {
      lastError = err.message;
      log.error({ err }, "job system error");
    });
    await instance.start();
    for (const def of definitions.values()) {
      await instance.createQueue(def.name, {
        retryLimit: def.retry?.limit ?? 10,
        retryDelay: def.retry?.delaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: def.expireInSeconds ?? 300,
        notify: true,
      });
    }
    boss = instance;
    if (runsWorkers) {
      for (const def of definitions.values()) await work(instance, def);
    }
  };

  const work = async (instance: PgBoss, def: JobDefinition<never>) => {
    // NOTIFY wakes a worker for new jobs at once; the poll catches retries and delayed jobs, which send none.
    const polling = { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 };
    const batchSize = def.batchSize ?? 1;
    await instance.work(
      def.name,
      { batchSize, burstWhenBatchFull: batchSize > 1, ...polling },
      async (batch) => {
        if (def.batchHandler) {
          const payloads = batch.map((job) => def.schema.parse(job.data));
          return def.batchHandler(payloads, { db: database.db, log: log.child({ job: def.name }) });
        }
        for (const job of batch) {
          const payload = def.schema.parse(job.data);
          const jobLog = log.child({ job: def.name, jobId: job.id });
          await def.handler(payload, {
            db: database.db,
            log: jobLog,
            attempt: job.retryCount,
            signal: job.signal,
          });
        }
      },
    );
  };

  return {
    register,
    start,
    /**
     * Enqueues a job. Given a transaction, the job exists only if that transaction commits
     * (the transactional outbox pattern).
     */
    async enqueue<T>(executor: Executor, def: JobDefinition<T>, payload: T, sendOptions: SendOptions = {}) {
      if (!boss) throw new Error("jobs are not started");
      if (!definitions.has(def.name)) throw new Error(`job ${def.name} is not registered`);
      const data = def.schema.parse(payload) as object;
      const db = fromDrizzle(
        { execute: (query) => executor.execute(query as SQL) as Promise<{ rows: unknown[] }> },
        sql,
      );
      return boss.send(def.name, data, { ...sendOptions, db });
    },
    async stats(): Promise<JobStats> {
      if (!boss) return { status: "stopped", working: false, queued: 0, active: 0, failed: 0 };
      const queues = await boss.getQueues([...definitions.keys()]);
      const sum = (key: "queuedCount" | "activeCount" | "failedCount") =>
        queues.reduce((total, q) => total + q[key], 0);
      return {
        status: lastError ? "error" : "ok",
        working: runsWorkers,
        queued: sum("queuedCount"),
        active: sum("activeCount"),
        failed: sum("failedCount"),
      };
    },
    /** Waits up to `timeoutMs` for running jobs to finish, then stops. Never closes the database. */
    async stop(timeoutMs = 10_000) {
      const instance = boss;
      boss = null;
      await instance?.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}
