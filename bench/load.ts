// Child processes for the servers under test (so the load generator never shares their event loop) and
// autocannon runs with exact percentiles over every response time.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";

export interface Child {
  url: string;
  /** Peak resident memory reported by the child, in bytes. */
  peakRss: () => number;
  /** The child's latest resident memory, in bytes. */
  rss: () => number;
  stop: () => Promise<void>;
  send: (message: object) => void;
  /** Sends a message and resolves with the child's next message carrying `key` (query-stats.ts). */
  ask: <T>(message: object, key: string) => Promise<T>;
}

/** Forks a bench entry (server.ts or floor.ts) and waits for it to report its URL. */
export function startChild(file: string, env: Record<string, string>): Promise<Child> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, file), [], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let peak = 0;
  let latest = 0;
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it listened`)));
    child.on("message", (m: { url?: string | null; rss?: number }) => {
      if (m.rss) {
        peak = Math.max(peak, m.rss);
        latest = m.rss;
      }
      if (m.url !== undefined) {
        child.removeAllListeners("exit");
        resolve({
          url: m.url ?? "",
          peakRss: () => peak,
          rss: () => latest,
          send: (message: object) => child.send(message),
          ask: <T>(message: object, key: string) =>
            new Promise<T>((answer) => {
              const listener = (m: Record<string, unknown>) => {
                if (!(key in m)) return;
                child.off("message", listener);
                answer(m[key] as T);
              };
              child.on("message", listener);
              child.send(message);
            }),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
  });
}

export interface Measured {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** 20 connections for `seconds`; every response time is kept, so p95 is exact. Non-2xx count as errors. */
export function measure(
  options: Omit<autocannon.Options, "connections" | "duration">,
  seconds: number,
): Promise<Measured> {
  const times: number[] = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...options, connections: 20, duration: seconds }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 10) / 10;
      resolve({
        p50: round(percentile(times, 50)),
        p95: round(percentile(times, 95)),
        p99: round(percentile(times, 99)),
        rps: Math.round(times.length / seconds),
        requests: times.length,
        errors: errors + result.errors + result.timeouts,
      });
    });
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      times.push(ms);
      if (status < 200 || status > 299) errors++;
    });
  });
}
