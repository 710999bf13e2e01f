// MoySklad's first sync at scale: the fake holds `--records` (100 000) counterparties and as many
// customer orders (and 1 000 products), with its rate limit on (45 requests per 3 s, as MoySklad). The
// real server in a child process connects and syncs everything. Reports the wall time, the requests
// used against the minimum the paging allows (1 000 rows a page; 100 for orders, which carry their
// positions), the time that minimum needs at the rate limit, 429s met, and the server's memory over
// the run (it must stay flat: pages are imported one at a time). Prints a table, then one JSON line;
// records it in bench/results.json under "moysklad".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openPostgres } from "../src/server/db/client.ts";
import { migrate } from "../src/server/db/migrate.ts";
import { startMoySkladFake } from "../test/fakes/moysklad.ts";
import { admin, databaseUrl, option } from "./cli.ts";
import { type Child, startChild } from "./load.ts";
import { recordResult } from "./results.ts";
import { API_KEY, seed, sizesFor } from "./seed.ts";

const RECORDS = option("records", 100_000);
const PRODUCTS = option("products", 1000);
/** MoySklad's limit: requests per 3 s window. */
const RATE = option("rate", 45);

const BENCH_KEY = Buffer.alloc(32, 1).toString("base64");
const dbName = `flame_bench_moysklad_${process.pid}`;
const dbUrl = databaseUrl(dbName);
const MB = 1024 * 1024;

async function api<T>(appUrl: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(route, appUrl), {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

interface Run {
  status: string;
  progress: { phase: string; done: number; total: number | null } | null;
  counts: Record<string, number>;
  error: string | null;
}

const children: Child[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), "flame-bench-"));

async function main() {
  await admin(`create database "${dbName}"`);
  const database = await openPostgres({ url: dbUrl });
  await migrate(database.db).finally(() => database.close());
  await seed(dbUrl, sizesFor(1000));

  const fake = await startMoySkladFake({ rateLimit: { requests: RATE, windowMs: 3000 } });
  const seeding = performance.now();
  fake.seed({ counterparties: RECORDS, products: PRODUCTS, orders: RECORDS });
  console.log(`fake seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const app = await startChild("server.ts", {
    DATABASE_URL: dbUrl,
    FLAME_DATA_DIR: dataDir,
    FLAME_ENCRYPTION_KEY: BENCH_KEY,
    FLAME_ROLE: "all",
    FLAME_MOYSKLAD_API_URL: fake.baseUrl,
  });
  children.push(app);
  const rssAtStart = app.rss();
  const requestsBefore = fake.stats.requests;
  const started = performance.now();
  await api(app.url, "POST", "/api/accounting/moysklad", { token: fake.token });

  const samples: { at: number; rss: number; done: number }[] = [];
  let run: Run | null = null;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const log = await api<{ items: Run[] }>(app.url, "GET", "/api/accounting/moysklad/log?limit=1");
    run = log.items[0] ?? null;
    const done = run?.progress?.done ?? 0;
    samples.push({ at: performance.now() - started, rss: app.rss(), done });
    if (samples.length % 15 === 0 && run?.progress) {
      const p = run.progress;
      console.log(
        `${Math.round((performance.now() - started) / 1000)} s: ${p.phase} ${p.done}/${p.total ?? "?"}, rss ${Math.round(app.rss() / MB)} MB`,
      );
    }
    if (run && run.status !== "running") break;
  }
  const wallS = (performance.now() - started) / 1000;
  if (run?.status !== "succeeded") throw new Error(`the sync ended ${run?.status}: ${run?.error}`);

  const pages = (rows: number, size: number) => Math.max(1, Math.ceil(rows / size));
  // Reading everything once: the lists page by page, plus the connect's own reads (states,
  // organisations, stores) and webhook registration (a list and six creations).
  const minimumRequests = pages(PRODUCTS, 1000) + pages(RECORDS, 1000) + pages(RECORDS, 100) + 3 + 7;
  const used = fake.stats.requests - requestsBefore;
  const floorS = minimumRequests / (RATE / 3);
  const imported = Object.values(run.counts).reduce((a, b) => a + b, 0);
  // Memory over the run's middle half against its end: flat means pages do not pile up.
  const middle = samples.slice(Math.floor(samples.length / 4), Math.ceil((samples.length * 3) / 4));
  const result = {
    records: { counterparties: RECORDS, orders: RECORDS, products: PRODUCTS },
    rateLimit: `${RATE} per 3 s`,
    wallSeconds: Math.round(wallS),
    requestsUsed: used,
    minimumRequests,
    requestRatio: Number((used / minimumRequests).toFixed(2)),
    rateLimitFloorSeconds: Math.round(floorS),
    timeRatio: Number((wallS / floorS).toFixed(2)),
    rateLimited429: fake.stats.rateLimited,
    parallelLimited429: fake.stats.parallelLimited,
    maxParallel: fake.stats.maxParallelSeen,
    recordsPerSecond: Math.round(imported / wallS),
    counts: run.counts,
    rssMb: {
      start: Math.round(rssAtStart / MB),
      middleMax: Math.round(Math.max(...middle.map((s) => s.rss)) / MB),
      peak: Math.round(app.peakRss() / MB),
      end: Math.round(app.rss() / MB),
    },
  };
  console.table({
    "wall time (s)": result.wallSeconds,
    "requests used / minimum": `${used} / ${minimumRequests} (${result.requestRatio}×)`,
    "rate-limit floor (s)": result.rateLimitFloorSeconds,
    "wall / floor": result.timeRatio,
    "429 (rate / parallel)": `${result.rateLimited429} / ${result.parallelLimited429}`,
    "records/s": result.recordsPerSecond,
    "server RSS start / middle max / peak / end (MB)": `${result.rssMb.start} / ${result.rssMb.middleMax} / ${result.rssMb.peak} / ${result.rssMb.end}`,
  });
  console.log(JSON.stringify({ benchmark: "moysklad", ...result }));
  recordResult("moysklad", { measuredAt: new Date().toISOString(), ...result });
  await fake.close();
}

async function cleanup() {
  for (const child of children) await child.stop();
  await admin(`drop database if exists "${dbName}" with (force)`).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}

main()
  .then(cleanup)
  .catch(async (err) => {
    console.error(err);
    await cleanup();
    process.exit(1);
  });
