// The Telegram receiver under load: a fresh PostgreSQL database with a small seeded workspace (three
// managers for the round-robin), a bot connected through the settings API with a public https
// PUBLIC_URL (so webhook mode, against the Telegram fake), autoCreateContact and autoCreateDeal on.
// Then `--chats` (10 000) distinct private chats each post one first message, correctly signed with
// the webhook's secret token, `--concurrency` (24) at a time; about 2 % of the updates are posted a
// second time (120 right behind the original, so both are in flight at once; 80 long after it) and
// must store nothing. Reports updates/s and p50/p95/p99, then counts rows: 0 lost, 0 duplicated.
// Prints a table and, last, one JSON line; records it in bench/results.json under "inbound".
// Targets: >= 300 updates/s, p99 <= 100 ms. Options and the profiling switches: bench/README.md.
import { execSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openPostgres } from "../src/server/db/client.ts";
import { migrate } from "../src/server/db/migrate.ts";
import { sha256 } from "../src/server/platform/actor.ts";
import { startTelegramFake } from "../test/fakes/telegram.ts";
import { admin, databaseUrl, option } from "./cli.ts";
import { type Child, startChild } from "./load.ts";
import type { Snapshot } from "./query-stats.ts";
import { recordResult } from "./results.ts";
import { API_KEY, MAIN, OTHER, seed, sizesFor } from "./seed.ts";

const CHATS = option("chats", 10_000);
const CONCURRENCY = option("concurrency", 24);
/** Contacts already in the workspace (with a third as many deals): contact matching is not on an empty table. */
const EXISTING = option("existing", 10_000);
/** Chats of the second workspace's bot before the measurement: JIT, plans, the pool's connections. */
const WARMUP = option("warmup", 300);
const ROLE = process.argv.includes("--web-only") ? "web" : "all";
/** Per-statement counts and times in the server, and where the CPU went (server, PostgreSQL, this process). */
const PROFILE = process.argv.includes("--profile");
/** An experiment: the app's database pool with this many connections instead of its 10. */
const POOL_MAX = option("pool", 0);
const cpuProfDir = process.argv[process.argv.indexOf("--cpu-prof") + 1];
const CPU_PROF = process.argv.includes("--cpu-prof")
  ? path.resolve(cpuProfDir && !cpuProfDir.startsWith("--") ? cpuProfDir : "bench-cpu-prof")
  : null;
/** At most this long for the outbox backlog to drain after the load. */
const DRAIN_SECONDS = 30;
const TARGETS = { updatesPerSecond: 300, p99Ms: 100 } as const;

const PUBLIC_URL = "https://crm.example.ru"; // https on 443: the settings API chooses webhook mode
const BOT_MAIN = "7000000001:AAHbenchMainBotTokenForFlameCrm0000000";
const BOT_OTHER = "7000000002:AAHbenchOtherBotTokenForFlameCrm000000";
const OTHER_KEY_ID = "BenchKeyOther";
const OTHER_SECRET = "BenchOtherSecret0123456789abcdef";
const MANAGERS = ["BenchManager1", "BenchManager2", "BenchManager3"];

const BENCH_KEY = Buffer.alloc(32, 1).toString("base64");
const dbName = `flame_bench_${process.pid}`;
const dbUrl = databaseUrl(dbName);

/** The second workspace's owner key and the managers the round-robin hands new deals to. */
async function seedExtras(db: pg.Client) {
  await db.query(
    `insert into api_keys (workspace_id, id, name, role, secret_hash, created_by)
     values ($1, $2, 'bench', 'owner', $3, 'BenchOther1')`,
    [OTHER, OTHER_KEY_ID, sha256(OTHER_SECRET)],
  );
  for (const id of MANAGERS) {
    await db.query(`insert into users (id, name, email, email_verified) values ($1, $1, $2, true)`, [
      id,
      `${id.toLowerCase()}@example.com`,
    ]);
    await db.query(`insert into members (workspace_id, user_id, role) values ($1, $2, 'manager')`, [
      MAIN,
      id,
    ]);
  }
}

/** Connects a bot through the settings API, as a person would, and reads the webhook it set on the fake. */
async function connectBot(
  appUrl: string,
  apiKey: string,
  token: string,
  fake: Awaited<ReturnType<typeof startTelegramFake>>,
) {
  const res = await fetch(`${appUrl}/api/messaging/telegram-bot`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ credentials: { token }, autoCreateContact: true, autoCreateDeal: true }),
  });
  const body = (await res.json()) as { id: string; delivery: string };
  if (res.status !== 201) throw new Error(`connect bot: ${res.status} ${JSON.stringify(body)}`);
  const webhook = fake.webhook(token);
  const expected = `${PUBLIC_URL}/api/hooks/telegram/${body.id}`;
  if (body.delivery !== "webhook" || webhook?.url !== expected || !webhook.secretToken) {
    throw new Error(`the bot is not in webhook mode: ${JSON.stringify({ body, webhook })}`);
  }
  // Telegram would POST to PUBLIC_URL; the load generator posts the same request to the app directly.
  return { id: body.id, secret: webhook.secretToken, path: `/api/hooks/telegram/${body.id}` };
}

const FIRST = ["Анна", "Иван", "Мария", "Олег", "Ольга", "Пётр", "Елена", "Сергей", "Jane", "John"];
const TEXTS = [
  "Здравствуйте! Сколько стоит доставка в Казань?",
  "Добрый день, товар в наличии?",
  "Hi, price?",
];

/** Chat `i`'s first message: a private chat with a person (Telegram's user id = the chat id). */
function firstMessage(i: number, updateIdBase: number, userIdBase: number) {
  const id = userIdBase + i;
  const person = {
    first_name: FIRST[i % FIRST.length] ?? "Анна",
    last_name: `Клиент${i}`,
    username: `client_${id}`,
  };
  return JSON.stringify({
    update_id: updateIdBase + i,
    message: {
      message_id: 1,
      from: { id, is_bot: false, ...person, language_code: "ru" },
      chat: { id, type: "private", ...person },
      date: Math.floor(Date.now() / 1000),
      text: TEXTS[i % TEXTS.length],
    },
  });
}

/**
 * The order of the posts: every chat once, and after every 50th a duplicate, alternately of that same
 * update (posted while the original is most likely still in flight: the row lock and the unique key
 * must serialise them) and of one 2 000 updates back (a late redelivery). ~2 % duplicates.
 */
function plan(chats: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < chats; i++) {
    order.push(i);
    if (i % 50 === 49) order.push(i % 100 === 99 || i < 2000 ? i : i - 2000);
  }
  return order;
}

interface Run {
  ms: number;
  times: number[];
  errors: { status: number; body: string }[];
  /** Responses completed in each second of the run. */
  perSecond: number[];
}

/** Posts the bodies with `concurrency` keep-alive connections; every latency is kept, so p99 is exact. */
async function post(appUrl: string, hookPath: string, secret: string, bodies: string[], concurrency: number) {
  const url = new URL(hookPath, appUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const run: Run = { ms: 0, times: [], errors: [], perSecond: [] };
  let next = 0;
  const started = performance.now();
  const one = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            "x-telegram-bot-api-secret-token": secret,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const t1 = performance.now();
            run.times.push(t1 - t0);
            const second = Math.floor((t1 - started) / 1000);
            run.perSecond[second] = (run.perSecond[second] ?? 0) + 1;
            if (res.statusCode !== 200) {
              run.errors.push({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
            }
            resolve();
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) await one(bodies[i] ?? "");
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  run.ms = performance.now() - started;
  agent.destroy();
  return run;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** What the database holds for the main bot, in SQL: the verification of 0 lost and 0 duplicated. */
async function verify(db: pg.Client, integrationId: string, contactsBefore: number, dealsBefore: number) {
  const one = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0]?.n ?? Number.NaN);
  const ws = [MAIN];
  const counts = {
    messages: await one(`select count(*) n from messages where workspace_id = $1 and integration_id = $2`, [
      MAIN,
      integrationId,
    ]),
    distinctMessageIds: await one(
      `select count(distinct external_id) n from messages where workspace_id = $1 and integration_id = $2`,
      [MAIN, integrationId],
    ),
    conversations: await one(
      `select count(*) n from conversations where workspace_id = $1 and integration_id = $2`,
      [MAIN, integrationId],
    ),
    contacts: (await one(`select count(*) n from contacts where workspace_id = $1`, ws)) - contactsBefore,
    contactsWithTelegramId: await one(
      `select count(distinct telegram_id) n from contacts where workspace_id = $1 and telegram_id is not null`,
      ws,
    ),
    deals: (await one(`select count(*) n from deals where workspace_id = $1`, ws)) - dealsBefore,
    conversationsWithDistinctDeal: await one(
      `select count(distinct deal_id) n from conversations where workspace_id = $1 and integration_id = $2`,
      [MAIN, integrationId],
    ),
    duplicatedTelegramIds: await one(
      `select count(*) n from (select telegram_id from contacts where workspace_id = $1 and telegram_id is not null
         group by telegram_id having count(*) > 1) x`,
      ws,
    ),
    contactsWithTwoDeals: await one(
      `select count(*) n from (select contact_id from deal_contacts where workspace_id = $1
         group by contact_id having count(*) > 1) x`,
      ws,
    ),
    unsortedLeads: await one(`select count(*) n from unsorted_leads where workspace_id = $1`, ws),
  };
  // Who got the new deals: the round-robin among the managers should spread them evenly.
  const owners = await db.query<{ owner: string; n: string }>(
    `select coalesce(d.owner_id, 'none') owner, count(*) n
       from conversations c join deals d on d.workspace_id = c.workspace_id and d.id = c.deal_id
      where c.workspace_id = $1 and c.integration_id = $2 group by 1 order by 1`,
    [MAIN, integrationId],
  );
  return { counts, dealOwners: Object.fromEntries(owners.rows.map((r) => [r.owner, Number(r.n)])) };
}

/** CPU ms (user + system) so far of each PostgreSQL backend serving the bench database, from /proc. */
async function backendCpu(db: pg.Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
  );
  const ticks = 1000 / Number(execSync("getconf CLK_TCK").toString().trim());
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * ticks);
    } catch {
      // the backend ended in between
    }
  }
  return cpu;
}

async function profileOf(
  app: Child,
  db: pg.Client,
  pgBefore: Map<number, number>,
  selfBefore: NodeJS.CpuUsage,
  updates: number,
) {
  const stats = await app.ask<Snapshot>({ stats: "read" }, "stats");
  const self = process.cpuUsage(selfBefore);
  const pgAfter = await backendCpu(db);
  let pgMs = 0;
  for (const [pid, ms] of pgAfter) pgMs += ms - (pgBefore.get(pid) ?? 0);
  const per = (n: number) => round1(n / updates);
  const calls = stats.queries.reduce((sum, q) => sum + q.calls, 0);
  return {
    windowMs: Math.round(stats.ms),
    cpuMsPerUpdate: {
      server: per(stats.cpuMs),
      postgres: per(pgMs),
      loadGenerator: per((self.user + self.system) / 1000),
    },
    serverEventLoopUtilisation: round1(stats.elu * 100) / 100,
    queriesPerUpdate: per(calls),
    postgresBackends: pgAfter.size,
    top: stats.queries.slice(0, 60).map((q) => ({
      sql: q.sql,
      perUpdate: Math.round((q.calls / updates) * 100) / 100,
      avgMs: round1(q.totalMs / q.calls),
      totalMs: Math.round(q.totalMs),
    })),
  };
}

const children: Child[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), "flame-bench-"));
let fake: Awaited<ReturnType<typeof startTelegramFake>> | null = null;

async function main() {
  await admin(`create database "${dbName}"`);
  const database = await openPostgres({ url: dbUrl });
  await migrate(database.db).finally(() => database.close());
  const seedMs = await seed(dbUrl, sizesFor(EXISTING));
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await seedExtras(db);
  process.stderr.write(`seeded ${EXISTING} contacts in ${(seedMs / 1000).toFixed(1)} s\n`);

  fake = await startTelegramFake({ tokens: [BOT_MAIN, BOT_OTHER], requireHttps: true });
  const app = await startChild("server.ts", {
    DATABASE_URL: dbUrl,
    FLAME_DATA_DIR: dataDir,
    FLAME_ENCRYPTION_KEY: BENCH_KEY,
    FLAME_ROLE: ROLE,
    PUBLIC_URL,
    FLAME_TELEGRAM_API_URL: fake.url,
    ...(PROFILE && { BENCH_QUERY_STATS: "1" }),
    ...(POOL_MAX && { BENCH_POOL_MAX: String(POOL_MAX) }),
    // A V8 CPU profile of the server, written when it stops (open it in Chrome DevTools).
    ...(CPU_PROF && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${CPU_PROF}` }),
  });
  children.push(app);
  const main = await connectBot(app.url, API_KEY, BOT_MAIN, fake);
  const other = await connectBot(app.url, `flm_${OTHER}_${OTHER_KEY_ID}_${OTHER_SECRET}`, BOT_OTHER, fake);

  const warm = Array.from({ length: WARMUP }, (_, i) => firstMessage(i, 900_000_000, 6_000_000_000));
  const warmRun = await post(app.url, other.path, other.secret, warm, CONCURRENCY);
  if (warmRun.errors.length) throw new Error(`warm-up failed: ${JSON.stringify(warmRun.errors[0])}`);

  const contactsBefore = Number(
    (await db.query(`select count(*) n from contacts where workspace_id = $1`, [MAIN])).rows[0].n,
  );
  const dealsBefore = Number(
    (await db.query(`select count(*) n from deals where workspace_id = $1`, [MAIN])).rows[0].n,
  );
  const order = plan(CHATS);
  const bodies = order.map((i) => firstMessage(i, 100_000_000, 5_000_000_000));
  const load = `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`;
  process.stderr.write(
    `posting ${bodies.length} updates (${CHATS} chats), ${CONCURRENCY} in flight; ${load}\n`,
  );
  const pgBefore = PROFILE ? await backendCpu(db) : null;
  const selfBefore = process.cpuUsage();
  if (PROFILE) app.send({ stats: "reset" });
  const run = await post(app.url, main.path, main.secret, bodies, CONCURRENCY);
  const profile = PROFILE && pgBefore ? await profileOf(app, db, pgBefore, selfBefore, bodies.length) : null;
  const loadAfter = loadavg().map((n) => round1(n));
  const backlog = async () =>
    Number((await db.query(`select count(*) n from outbox where dispatched_at is null`)).rows[0].n);
  const outboxAtEnd = await backlog();
  // The events the receiver wrote (about 3 per update) are dispatched by the worker (role all: the same
  // process); under the load it barely gets a turn, so measure how fast it catches up once it is quiet.
  let outboxDrainPerSecond: number | null = null;
  if (ROLE === "all" && outboxAtEnd > 0) {
    const since = performance.now();
    let left = outboxAtEnd;
    while (left > 0 && performance.now() - since < DRAIN_SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, 250));
      left = await backlog();
    }
    outboxDrainPerSecond = Math.round((outboxAtEnd - left) / ((performance.now() - since) / 1000));
  }
  const verified = await verify(db, main.id, contactsBefore, dealsBefore);
  const peakRssMb = Math.round(app.peakRss() / 2 ** 20);
  await db.end();

  run.times.sort((a, b) => a - b);
  const full = run.perSecond.slice(0, Math.floor(run.ms / 1000)); // the last second is partial
  const sortedSeconds = [...full].sort((a, b) => a - b);
  const c = verified.counts;
  const checks = {
    "messages = distinct updates": c.messages === CHATS && c.distinctMessageIds === CHATS,
    "conversations = chats": c.conversations === CHATS,
    "contacts created = chats": c.contacts === CHATS && c.contactsWithTelegramId === CHATS,
    "deals created = chats": c.deals === CHATS && c.conversationsWithDistinctDeal === CHATS,
    "no duplicates": c.duplicatedTelegramIds === 0 && c.contactsWithTwoDeals === 0 && c.unsortedLeads === 0,
    "every post answered 200": run.errors.length === 0,
  };
  return {
    benchmark: "inbound",
    chats: CHATS,
    updates: bodies.length,
    duplicates: bodies.length - CHATS,
    concurrency: CONCURRENCY,
    role: ROLE,
    existingContacts: EXISTING,
    managers: MANAGERS.length,
    ms: Math.round(run.ms),
    updatesPerSecond: Math.round(bodies.length / (run.ms / 1000)),
    perSecond: {
      min: sortedSeconds[0] ?? 0,
      median: percentile(sortedSeconds, 50),
      max: sortedSeconds.at(-1) ?? 0,
    },
    p50: round1(percentile(run.times, 50)),
    p95: round1(percentile(run.times, 95)),
    p99: round1(percentile(run.times, 99)),
    max: round1(run.times.at(-1) ?? Number.NaN),
    errors: run.errors.length,
    firstErrors: run.errors.slice(0, 3),
    ...verified,
    checks,
    outboxUndispatchedAtEnd: outboxAtEnd,
    outboxDrainPerSecond,
    ...(profile && { profile }),
    peakRssMb,
    warmup: { chats: WARMUP, ms: Math.round(warmRun.ms) },
    seedMs: Math.round(seedMs),
    machine: {
      nproc: Number(execSync("nproc").toString().trim()),
      node: process.version,
      loadBefore: load,
      loadAfter: `load average ${loadAfter.join(" ")}`,
    },
    measuredAt: new Date().toISOString(),
  };
}

async function cleanUp() {
  for (const child of children) await child.stop().catch(() => {});
  await fake?.close().catch(() => {});
  await admin(`drop database if exists "${dbName}" with (force)`).catch((err: Error) =>
    process.stderr.write(`could not drop ${dbName}: ${err.message}\n`),
  );
  rmSync(dataDir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => cleanUp().finally(() => process.exit(130)));
}
let result: Awaited<ReturnType<typeof main>>;
try {
  result = await main();
} finally {
  await cleanUp();
}

const pad = (v: unknown, w: number) => String(v).padStart(w);
const okRate = result.updatesPerSecond >= TARGETS.updatesPerSecond;
const okP99 = result.p99 <= TARGETS.p99Ms;
console.log(
  `Telegram webhook: ${result.chats} chats, ${result.updates} updates (${result.duplicates} duplicates), ` +
    `${result.concurrency} in flight, role ${result.role}; ${result.machine.loadBefore}`,
);
console.log(`${"measure".padEnd(30)}${pad("value", 12)}${pad("target", 12)}  ok`);
console.log(
  `${"updates/s".padEnd(30)}${pad(result.updatesPerSecond, 12)}${pad("≥300", 12)}  ${okRate ? "ok" : "UNDER"}`,
);
console.log(
  `${"updates/s per second".padEnd(30)}${pad(`${result.perSecond.min}–${result.perSecond.max}`, 12)}${pad("", 12)}  median ${result.perSecond.median}`,
);
for (const p of ["p50", "p95", "p99"] as const) {
  const target = p === "p99" ? "≤100 ms" : "";
  const mark = p === "p99" ? (okP99 ? "ok" : "OVER") : "";
  console.log(`${`latency ${p} (ms)`.padEnd(30)}${pad(result[p], 12)}${pad(target, 12)}  ${mark}`);
}
for (const [name, value] of Object.entries(result.counts)) console.log(`${name.padEnd(30)}${pad(value, 12)}`);
for (const [name, ok] of Object.entries(result.checks))
  console.log(`${name.padEnd(30)}${pad(ok ? "yes" : "NO", 12)}`);
console.log(`${"outbox undispatched at end".padEnd(30)}${pad(result.outboxUndispatchedAtEnd, 12)}`);
if (result.outboxDrainPerSecond !== null) {
  console.log(`${"outbox dispatched/s after".padEnd(30)}${pad(result.outboxDrainPerSecond, 12)}`);
}
console.log(`${"web node peak RSS".padEnd(30)}${pad(`${result.peakRssMb} MB`, 12)}`);
if (result.profile) {
  const p = result.profile;
  console.log(
    `profile: CPU ms per update — server ${p.cpuMsPerUpdate.server}, PostgreSQL ${p.cpuMsPerUpdate.postgres}, ` +
      `load generator ${p.cpuMsPerUpdate.loadGenerator}; server event loop ${Math.round(p.serverEventLoopUtilisation * 100)} % busy; ` +
      `${p.queriesPerUpdate} queries per update`,
  );
  console.log(`${"per update".padStart(10)}${"avg ms".padStart(8)}${"total ms".padStart(10)}  statement`);
  for (const q of p.top) {
    console.log(`${pad(q.perUpdate, 10)}${pad(q.avgMs, 8)}${pad(q.totalMs, 10)}  ${q.sql.slice(0, 150)}`);
  }
}
// A smaller run (a smoke test with --chats 50) is not the figure of record.
if (result.chats >= 10_000) recordResult("inbound", result);
console.log(JSON.stringify(result));
if (!Object.values(result.checks).every(Boolean)) process.exitCode = 1;
