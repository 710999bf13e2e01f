// The API at scale: a fresh PostgreSQL database seeded with `--scale` contacts (50k by default, 1m for
// the full run: 1 000 000 contacts, 200 000 companies, 300 000 deals, 1 000 000 timeline events, plus a
// second workspace with a tenth of that), the real server in a child process, and autocannon with 20
// connections on each case; the same reads on a bare Fastify + pg floor; import and export; peak RSS.
// Prints a table and, last, one JSON line; records it in bench/results.json under "scale". Drops the
// database at the end.
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { freemem, tmpdir, totalmem } from "node:os";
import path from "node:path";
import pg from "pg";
import { openPostgres } from "../src/server/db/client.ts";
import { migrate } from "../src/server/db/migrate.ts";
import { admin, databaseUrl } from "./cli.ts";
import { type Child, type Measured, measure, startChild } from "./load.ts";
import { recordResult } from "./results.ts";
import { API_KEY, MAIN, seed, sizesFor } from "./seed.ts";
import { measureExport, measureImport, transferPresent } from "./transfer.ts";

const arg = process.argv.indexOf("--scale");
const scaleName = (arg >= 0 ? process.argv[arg + 1] : undefined) ?? "50k";
const scaleMatch = scaleName.match(/^(\d+(?:\.\d+)?)([km]?)$/i);
if (!scaleMatch) throw new Error(`--scale ${scaleName}: expected e.g. 50k or 1m`);
const unit = { "": 1, k: 1e3, m: 1e6 }[scaleMatch[2]?.toLowerCase() ?? ""] ?? 1;
const sizes = sizesFor(Math.round(Number(scaleMatch[1]) * unit));
const seconds = sizes.contacts >= 500_000 ? 10 : 5;
const IMPORT_ROWS = 100_000;

/** Server mode needs an encryption key; the benchmark stores no secrets worth keeping. */
const BENCH_KEY = Buffer.alloc(32, 1).toString("base64");
const dbName = `flame_bench_${process.pid}`;
const dbUrl = databaseUrl(dbName);
const auth = { authorization: `Bearer ${API_KEY}` };
const TARGETS = { read: 50, search: 100, write: 30 } as const;

interface Row extends Measured {
  kind: keyof typeof TARGETS;
  floor?: Measured;
}
const rows: Record<string, Row> = {};
const children: Child[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), "flame-bench-"));
const extra: Record<string, unknown> = {};
let seedMs = 0;
let peakRss = 0;

async function get<T>(url: string, p: string): Promise<T> {
  const res = await fetch(`${url}${p}`, { headers: auth });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Case = Omit<Parameters<typeof measure>[0], "url"> & { path?: string };

async function run(base: string, kind: Row["kind"], name: string, { path: p = "", ...options }: Case) {
  const url = `${base}${p}`;
  await measure({ headers: auth, ...options, url }, 1); // warm-up: JIT, plans, buffers
  rows[name] = { kind, ...(await measure({ headers: auth, ...options, url }, seconds)) };
  const r = rows[name];
  process.stderr.write(`  ${name}: p95 ${r.p95} ms, ${r.rps} req/s, ${r.errors} errors\n`);
}

async function main() {
  await admin(`create database "${dbName}"`);
  const database = await openPostgres({ url: dbUrl });
  await migrate(database.db).finally(() => database.close());
  process.stderr.write(`seeding ${JSON.stringify(sizes)} …\n`);
  seedMs = await seed(dbUrl, sizes);
  process.stderr.write(`seeded in ${(seedMs / 1000).toFixed(1)} s\n`);

  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const ids = async (sql: string) => (await db.query<{ id: string }>(sql)).rows.map((r) => r.id);
  const movable = await ids(
    `select id from deals where workspace_id = '${MAIN}' and stage_id = 'p1s1' order by id limit 2000`,
  );
  const window = await db.query<{ from: string; to: string }>(
    `select to_char((date_trunc('second', min(created_at)) - interval '1 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as from,
            to_char((date_trunc('second', max(created_at)) + interval '2 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as to
       from contacts where workspace_id = '${MAIN}' and id in ('c1', 'c${Math.min(100_000, sizes.contacts)}')`,
  );

  const app = await startChild("server.ts", {
    DATABASE_URL: dbUrl,
    FLAME_DATA_DIR: dataDir,
    FLAME_ENCRYPTION_KEY: BENCH_KEY,
  });
  children.push(app);
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const q: string = cursor ? `&cursor=${cursor}` : "";
    cursor = (await get<{ nextCursor: string | null }>(app.url, `/api/contacts?limit=50${q}`)).nextCursor;
  }
  const dealList = `/api/deals?status=open&amountMin=50000000&pipelineId=p2`;
  const search = (q: string) => `/api/search?q=${encodeURIComponent(q)}`;
  await run(app.url, "read", "contacts: first page", { path: "/api/contacts?limit=50" });
  await run(app.url, "read", "contacts: page 21 (keyset)", {
    path: `/api/contacts?limit=50&cursor=${cursor}`,
  });
  await run(app.url, "read", "deals: filtered list", { path: dealList });
  await run(app.url, "read", "kanban: 10k open in a stage", { path: "/api/pipelines/p1/kanban?limit=20" });
  await run(app.url, "search", "search: name Иванов", { path: search("Иванов") });
  await run(app.url, "search", "search: phone 916123", { path: search("916123") });
  await run(app.url, "search", "search: typo Ивнов", { path: search("Ивнов") });
  await run(app.url, "read", "deal by id", { path: "/api/deals/d1" });
  await run(app.url, "read", "deal timeline", { path: "/api/timeline?recordType=deal&recordId=d1" });
  let n = 0;
  await run(app.url, "write", "create contact", {
    requests: [
      {
        method: "POST",
        path: "/api/contacts",
        headers: { ...auth, "content-type": "application/json" },
        setupRequest: (req) => {
          const i = n++;
          const body = {
            firstName: "Нагрузка",
            lastName: `Тестов${i}`,
            phones: [{ number: `+7977${String(i).padStart(7, "0")}` }],
            emails: [{ email: `load${i}@example.ru` }],
          };
          return { ...req, body: JSON.stringify(body) };
        },
      },
    ],
  });
  let m = 0;
  await run(app.url, "write", "move deal (alternating)", {
    requests: [
      {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        setupRequest: (req) => {
          const i = m++;
          const deal = movable[i % movable.length];
          const stageId = Math.floor(i / movable.length) % 2 === 0 ? "p1s0" : "p1s1";
          return { ...req, path: `/api/deals/${deal}/move`, body: JSON.stringify({ stageId }) };
        },
      },
    ],
  });

  const floor = await startChild("floor.ts", { DATABASE_URL: dbUrl, BENCH_WORKSPACE: MAIN });
  children.push(floor);
  const floorCases: [string, string][] = [
    ["contacts: first page", "/contacts"],
    ["deals: filtered list", `/deals${dealList.slice(dealList.indexOf("?"))}`],
    ["search: name Иванов", `/search?q=${encodeURIComponent("Иванов")}`],
  ];
  for (const [name, p] of floorCases) {
    await measure({ url: `${floor.url}${p}` }, 1);
    const row = rows[name];
    if (row) row.floor = await measure({ url: `${floor.url}${p}` }, seconds);
  }
  await floor.stop();

  if (transferPresent())
    await measureTransfer(app, db, window.rows[0]).catch((err: Error) => {
      extra.transferError = err.message;
    });
  peakRss = app.peakRss();
  await db.end();
}

async function measureTransfer(app: Child, db: pg.Client, exportRange?: { from: string; to: string }) {
  if (exportRange) extra.export = await measureExport(app.url, API_KEY, exportRange.from, exportRange.to);
  // Imports run on a worker node. The writes above left outbox events for it too: their dispatch rate
  // during the import is reported as well.
  const worker = await startChild("server.ts", {
    DATABASE_URL: dbUrl,
    FLAME_ENCRYPTION_KEY: BENCH_KEY,
    FLAME_DATA_DIR: dataDir,
    FLAME_ROLE: "worker",
  });
  children.push(worker);
  const backlog = async () =>
    (await db.query<{ n: number }>("select count(*)::int as n from outbox where dispatched_at is null"))
      .rows[0]?.n ?? 0;
  const [before, started] = [await backlog(), performance.now()];
  extra.import = await measureImport(app.url, API_KEY, IMPORT_ROWS, sizes.contacts);
  const perSecond = ((before - (await backlog())) / (performance.now() - started)) * 1000;
  extra.outbox = { undispatchedAtStart: before, dispatchedPerSecond: Math.round(perSecond * 10) / 10 };
  extra.workerPeakRssMb = Math.round(worker.peakRss() / 2 ** 20);
}

const machine = () => ({
  nproc: Number(execSync("nproc").toString().trim()),
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  freeGiB: Math.round(freemem() / 2 ** 30),
  node: process.version,
});

async function cleanUp() {
  for (const c of children) await c.stop().catch(() => {});
  await admin(`drop database if exists "${dbName}" with (force)`).catch((err: Error) =>
    process.stderr.write(`could not drop ${dbName}: ${err.message}\n`),
  );
  rmSync(dataDir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => cleanUp().finally(() => process.exit(130)));
}
try {
  await main();
} finally {
  await cleanUp();
}

const pad = (v: unknown, w: number) => String(v).padStart(w);
console.log(
  `API at scale ${scaleName} (${sizes.contacts} contacts): seeded in ${(seedMs / 1000).toFixed(1)} s; ${seconds} s × 20 connections per case`,
);
console.log(
  `${"case".padEnd(30)}${pad("p50", 8)}${pad("p95", 8)}${pad("p99", 8)}${pad("req/s", 8)}${pad("floor", 8)}${pad("target", 14)}  ok`,
);
for (const [name, r] of Object.entries(rows)) {
  const limit = TARGETS[r.kind];
  const ratio = r.floor ? r.rps / r.floor.rps : null;
  const ok = r.errors === 0 && r.p95 <= limit && (ratio === null || ratio >= 0.5);
  const target = `p95≤${limit}${ratio === null ? "" : " ≥50%"}`;
  const cells = [r.p50, r.p95, r.p99, r.rps, ratio === null ? "" : `${Math.round(ratio * 100)}%`];
  console.log(
    `${name.padEnd(30)}${cells.map((c, i) => pad(c, i === 4 ? 8 : 8)).join("")}${pad(target, 14)}  ${ok ? "ok" : r.errors ? `ERR(${r.errors})` : "OVER"}`,
  );
}
const imp = extra.import as { ms: number; created: number; skipped: number; errors: number } | undefined;
const exp = extra.export as { ms: number; bytes: number; rows: number } | undefined;
if (imp && exp) {
  console.log(
    `${"import 100k CSV".padEnd(30)}${pad(`${(imp.ms / 1000).toFixed(1)} s`, 40)}${pad("≤30 s", 14)}  ${imp.ms <= 30_000 ? "ok" : "OVER"}  (created ${imp.created}, skipped ${imp.skipped}, errors ${imp.errors})`,
  );
  console.log(
    `${"export contacts CSV".padEnd(30)}${pad(`${(exp.ms / 1000).toFixed(1)} s`, 40)}${pad("≤10 s", 14)}  ${exp.ms <= 10_000 ? "ok" : "OVER"}  (${exp.rows} rows, ${(exp.bytes / 2 ** 20).toFixed(1)} MiB)`,
  );
} else if (extra.transferError) {
  console.log(`import/export: not measured (the transfer endpoints failed: ${extra.transferError})`);
} else console.log("import/export: not measured (module not present)");
const mb = Math.round(peakRss / 2 ** 20);
console.log(
  `${"memory: web node peak RSS".padEnd(30)}${pad(`${mb} MB`, 40)}${pad("≤512 MB", 14)}  ${mb <= 512 ? "ok" : "OVER"}`,
);
const result = {
  benchmark: "scale",
  scale: scaleName,
  sizes,
  seconds,
  seedMs: Math.round(seedMs),
  machine: machine(),
  cases: rows,
  ...extra,
  peakRssMb: mb,
};
recordResult("scale", result);
console.log(JSON.stringify(result));
