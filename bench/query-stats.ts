// A poor man's pg_stat_statements for the server under test (the shared PostgreSQL does not preload the
// extension): with BENCH_QUERY_STATS=1, bench/server.ts counts every query the node-postgres clients
// send (the app's pool and pg-boss share the module) and the time until its answer, per statement text.
// Over IPC: `{ stats: "reset" }` starts a window, `{ stats: "read" }` answers `{ stats: Snapshot }`.
import pg from "pg";

export interface Snapshot {
  ms: number;
  /** CPU of the server process over the window, ms (user + system). */
  cpuMs: number;
  /** Event-loop utilisation over the window, 0–1. */
  elu: number;
  queries: { sql: string; calls: number; totalMs: number }[];
}

const stats = new Map<string, { calls: number; totalMs: number }>();
const record = (sql: string, ms: number) => {
  const row = stats.get(sql) ?? { calls: 0, totalMs: 0 };
  row.calls++;
  row.totalMs += ms;
  stats.set(sql, row);
};
const normalise = (config: unknown) => {
  const text = typeof config === "string" ? config : ((config as { text?: string } | null)?.text ?? "?");
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
};

export function installQueryStats() {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const sql = normalise(args[0]);
    const started = performance.now();
    const done = () => record(sql, performance.now() - started);
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (...cb: unknown[]) => {
        done();
        return (last as (...a: unknown[]) => unknown)(...cb);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      (result as Promise<unknown>).then(done, done);
    } else done();
    return result;
  };

  let since = performance.now();
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();
  process.on("message", (m: { stats?: string }) => {
    if (m.stats === "reset") {
      stats.clear();
      since = performance.now();
      cpu = process.cpuUsage();
      elu = performance.eventLoopUtilization();
    } else if (m.stats === "read") {
      const used = process.cpuUsage(cpu);
      const snapshot: Snapshot = {
        ms: performance.now() - since,
        cpuMs: (used.user + used.system) / 1000,
        elu: performance.eventLoopUtilization(elu).utilization,
        queries: [...stats].map(([sql, s]) => ({ sql, ...s })).sort((a, b) => b.totalMs - a.totalMs),
      };
      process.send?.({ stats: snapshot });
    }
  });
}
