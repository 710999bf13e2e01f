// Outgoing webhooks under load: a fresh PostgreSQL database with a small seeded workspace, the real
// server in a child process (role all: it also delivers), three subscriptions to `contact.created` at a
// local receiver, then `--events` (10 000) contacts created through the API, `--concurrency` (16) at a
// time. Reports deliveries/s and event-to-receipt latency (the event's `createdAt` to the moment the
// receiver read the request), and counts what arrived: every (subscription, event) once.
// `--chaos`: the receiver answers 500 for `--outage` seconds (120) from the start, then recovers; the
// retry schedule is shortened (`--retry-ms`, default 5000,10000,20000) so the run takes minutes, not
// days. Reports events lost (must be 0) and duplicates delivered. Prints a table, then one JSON line;
// records it in bench/results.json under "webhooks" (or "webhooksChaos").
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openPostgres } from "../src/server/db/client.ts";
import { migrate } from "../src/server/db/migrate.ts";
import { admin, databaseUrl, option } from "./cli.ts";
import { type Child, startChild } from "./load.ts";
import { recordResult } from "./results.ts";
import { API_KEY, seed, sizesFor } from "./seed.ts";

const CHAOS = process.argv.includes("--chaos");
const EVENTS = option("events", CHAOS ? 2000 : 10_000);
const SUBSCRIPTIONS = 3;
const CONCURRENCY = option("concurrency", 16);
const OUTAGE_S = option("outage", 120);
const retryArg = process.argv[process.argv.indexOf("--retry-ms") + 1];
const RETRY_MS = process.argv.includes("--retry-ms") && retryArg ? retryArg : "5000,10000,20000";
/** After the last event (and, in the chaos run, the recovery), at most this long for the stragglers. */
const SETTLE_S = option("settle", CHAOS ? 180 : 120);

const BENCH_KEY = Buffer.alloc(32, 1).toString("base64");
const dbName = `flame_bench_hooks_${process.pid}`;
const dbUrl = databaseUrl(dbName);

/** The receiver: answers 500 while `failing`, else 200; keeps the first receipt of each delivery. */
function startReceiver() {
  const state = {
    failing: CHAOS,
    received: new Map<string, number>(),
    latencies: [] as number[],
    duplicates: 0,
    refused: 0,
    firstAt: 0,
    lastAt: 0,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const now = Date.now();
      if (state.failing) {
        state.refused++;
        res.writeHead(500).end("down for the benchmark");
        return;
      }
      const key = `${req.url} ${req.headers["x-flame-event-id"]}`;
      if (state.received.has(key)) state.duplicates++;
      else {
        state.received.set(key, now);
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { createdAt?: string };
        if (body.createdAt) state.latencies.push(now - Date.parse(body.createdAt));
        state.firstAt ||= now;
        state.lastAt = now;
      }
      res.writeHead(200).end("ok");
    });
  });
  return new Promise<{ url: string; state: typeof state; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        state,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

async function api(appUrl: string, method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, appUrl), {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Creates `n` contacts with `concurrency` requests in flight; each commits one `contact.created`. */
async function createContacts(appUrl: string, n: number, concurrency: number) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      await api(appUrl, "POST", "/api/contacts", { firstName: "Вебхук", lastName: `Клиент${i}` });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const waitUntil = async (done: () => boolean, seconds: number) => {
  const deadline = Date.now() + seconds * 1000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
};

const children: Child[] = [];
let closeReceiver = () => {};
const dataDir = mkdtempSync(path.join(tmpdir(), "flame-bench-"));

async function main() {
  await admin(`create database "${dbName}"`);
  const database = await openPostgres({ url: dbUrl });
  await migrate(database.db).finally(() => database.close());
  await seed(dbUrl, sizesFor(1000));
  const receiver = await startReceiver();
  closeReceiver = receiver.close;
  const app = await startChild("server.ts", {
    DATABASE_URL: dbUrl,
    FLAME_DATA_DIR: dataDir,
    FLAME_ENCRYPTION_KEY: BENCH_KEY,
    FLAME_ROLE: "all",
    FLAME_ALLOW_PRIVATE_WEBHOOKS: "true",
    ...(CHAOS && { BENCH_WEBHOOK_RETRY_MS: RETRY_MS }),
  });
  children.push(app);
  for (let s = 1; s <= SUBSCRIPTIONS; s++) {
    await api(app.url, "POST", "/api/webhooks", {
      name: `bench ${s}`,
      url: `${receiver.url}/s${s}`,
      events: ["contact.created"],
    });
  }
  const load = `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`;
  process.stderr.write(
    `creating ${EVENTS} contacts, ${CONCURRENCY} in flight, ${SUBSCRIPTIONS} subscriptions${CHAOS ? `, receiver down for ${OUTAGE_S} s` : ""}; ${load}\n`,
  );
  const started = Date.now();
  const recovery = CHAOS
    ? setTimeout(() => {
        receiver.state.failing = false;
      }, OUTAGE_S * 1000)
    : null;
  const writeMs = await createContacts(app.url, EVENTS, CONCURRENCY);
  const expected = EVENTS * SUBSCRIPTIONS;
  if (CHAOS) await waitUntil(() => !receiver.state.failing, OUTAGE_S + 5);
  await waitUntil(() => receiver.state.received.size >= expected, SETTLE_S);
  if (recovery) clearTimeout(recovery);
  // Anything still arriving would be a duplicate: give it a moment to show.
  await new Promise((r) => setTimeout(r, 2000));

  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const statuses = Object.fromEntries(
    (
      await db.query<{ status: string; n: string }>(
        "select status, count(*) n from webhook_deliveries group by status",
      )
    ).rows.map((r) => [r.status, Number(r.n)]),
  );
  await db.end();

  const s = receiver.state;
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const deliverySeconds = (s.lastAt - started) / 1000;
  return {
    benchmark: CHAOS ? "webhooksChaos" : "webhooks",
    events: EVENTS,
    subscriptions: SUBSCRIPTIONS,
    concurrency: CONCURRENCY,
    ...(CHAOS && { outageSeconds: OUTAGE_S, retryDelaysMs: RETRY_MS }),
    eventsPerSecondWritten: Math.round(EVENTS / (writeMs / 1000)),
    deliveriesPerSecond: Math.round(s.received.size / deliverySeconds),
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    expected,
    delivered: s.received.size,
    lost: expected - s.received.size,
    duplicatesDelivered: s.duplicates,
    refusedDuringOutage: s.refused,
    deliveryRows: statuses,
    machine: {
      load,
      loadAfter: `load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(" ")}`,
    },
    measuredAt: new Date().toISOString(),
  };
}

try {
  const result = await main();
  const row = (name: string, value: unknown, target = "") =>
    console.log(`${name.padEnd(34)} ${String(value).padStart(10)}  ${target}`);
  row("contacts created/s (events)", result.eventsPerSecondWritten);
  row("deliveries/s", result.deliveriesPerSecond);
  row("event → receipt p50 (ms)", result.p50);
  row("event → receipt p95 (ms)", result.p95);
  row("event → receipt p99 (ms)", result.p99);
  row("deliveries expected", result.expected);
  row("delivered (distinct)", result.delivered);
  row("lost", result.lost, "must be 0");
  row("duplicates delivered", result.duplicatesDelivered);
  if (CHAOS) row("answered 500 during the outage", result.refusedDuringOutage);
  console.log(JSON.stringify(result));
  if (result.events >= 2000) recordResult(result.benchmark, result);
  if (result.lost !== 0) process.exitCode = 1;
} finally {
  await Promise.all(children.map((c) => c.stop()));
  closeReceiver();
  await admin(`drop database if exists "${dbName}" with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
}
