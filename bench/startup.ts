// Time from `npm start` (node src/server/main.ts) to a healthy /api/health, for the embedded database and
// for a PostgreSQL server, cold (nothing there yet) and warm (a second start on the same data).
// Prints a table and, last, one JSON line for machines. Targets: warm <= 3 s, cold embedded <= 10 s.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { admin, databaseUrl } from "./cli.ts";

const root = path.resolve(import.meta.dirname, "..");
const BENCH_KEY = Buffer.alloc(32, 1).toString("base64");
const runs = Number(process.env.BENCH_RUNS ?? 3);

async function timeToHealthy(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, "src/server/main.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  try {
    for (;;) {
      const url = out.match(/"url":"(http:\/\/[^"]+)"/)?.[1];
      if (url) {
        const res = await fetch(`${url}/api/health`).catch(() => null);
        if (res?.status === 200) return performance.now() - started;
      }
      if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
      if (performance.now() - started > 60_000) throw new Error("not healthy within 60 s");
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const results: Record<string, { medianMs: number; runsMs: number[]; targetMs: number }> = {};

async function measure(name: string, targetMs: number, once: () => Promise<number>) {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) runsMs.push(Math.round(await once()));
  results[name] = { medianMs: median(runsMs), runsMs, targetMs };
}

const scratch = mkdtempSync(path.join(tmpdir(), "flame-bench-"));
try {
  let n = 0;
  await measure("pglite cold", 10_000, () =>
    timeToHealthy({ FLAME_DATA_DIR: path.join(scratch, `cold-${n++}`) }),
  );
  const warmDir = path.join(scratch, "warm");
  await timeToHealthy({ FLAME_DATA_DIR: warmDir });
  await measure("pglite warm", 3_000, () => timeToHealthy({ FLAME_DATA_DIR: warmDir }));

  const url = (db: string) => databaseUrl(db);
  const dbs: string[] = [];
  await measure("postgres cold", 10_000, async () => {
    const db = `flame_bench_${process.pid}_${dbs.length}`;
    dbs.push(db);
    await admin(`create database "${db}"`);
    return timeToHealthy({ DATABASE_URL: url(db), FLAME_ENCRYPTION_KEY: BENCH_KEY });
  });
  await measure("postgres warm", 3_000, () =>
    timeToHealthy({ DATABASE_URL: url(dbs[0] ?? ""), FLAME_ENCRYPTION_KEY: BENCH_KEY }),
  );
  for (const db of dbs) await admin(`drop database if exists "${db}" with (force)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log("start to healthy /api/health (ms)");
console.log(`${"case".padEnd(16)}${"median".padStart(8)}${"target".padStart(8)}  runs`);
for (const [name, r] of Object.entries(results)) {
  const mark = r.medianMs <= r.targetMs ? "ok" : "OVER";
  console.log(
    `${name.padEnd(16)}${String(r.medianMs).padStart(8)}${String(r.targetMs).padStart(8)}  ${r.runsMs.join(", ")}  ${mark}`,
  );
}
console.log(JSON.stringify({ benchmark: "startup", runs, results }));
