// `npm start` as an operator meets it: real processes, real exit codes, real messages.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readMigrations } from "../src/server/db/migrate.ts";
import type { Health } from "../src/server/modules/health/health.schemas.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { spawnServer } from "./support/process.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "flame-start-"));
const databases: TestDatabase[] = [];
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await Promise.all(databases.map((d) => d.drop()));
});

async function database(options: { empty?: boolean } = {}) {
  const d = await createTestDatabase(options);
  databases.push(d);
  return d;
}

async function sqlOn(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function health(base: string) {
  const res = await fetch(`${base}/api/health`);
  return { status: res.status, body: (await res.json()) as Health };
}

describe("starting the server", () => {
  it("starts on an empty embedded data folder, stops on SIGTERM and starts again on the same data", async () => {
    const dataDir = path.join(scratch, "embedded");
    const first = spawnServer({ FLAME_DATA_DIR: dataDir });
    const { status, body } = await health(await first.running(60_000));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      db: { driver: "pglite", status: "ok" },
      schema: { status: "ok" },
    });
    expect(body.db.responseTimeMs).toBeTypeOf("number");
    expect(first.output()).toMatch(/applied \d+ migration\(s\)/);
    expect(await first.stop()).toBe(0);

    const second = spawnServer({ FLAME_DATA_DIR: dataDir });
    expect((await health(await second.running(60_000))).body.status).toBe("ok");
    expect(second.output()).not.toContain("migration(s)");
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it("migrates an empty PostgreSQL database and serves health from it", async () => {
    const db = await database({ empty: true });
    const server = spawnServer({ DATABASE_URL: db.url });
    const { status, body } = await health(await server.running());
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", db: { driver: "postgres", status: "ok" } });
    expect(body.db.serverVersion).toMatch(/^\d+/);
    expect(await server.stop()).toBe(0);
  });

  it("brings up two servers starting at once on one empty database", async () => {
    const db = await database({ empty: true });
    const a = spawnServer({ DATABASE_URL: db.url });
    const b = spawnServer({ DATABASE_URL: db.url });
    const [urlA, urlB] = await Promise.all([a.running(), b.running()]);
    expect((await health(urlA)).body.status).toBe("ok");
    expect((await health(urlB)).body.status).toBe("ok");
    // Exactly one of them applied the migrations; the other waited on the lock and found none left.
    expect([a.output(), b.output()].filter((o) => /applied \d+ migration\(s\)/.test(o))).toHaveLength(1);
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
  });

  it("refuses to start when a table is missing, naming it and the fix", async () => {
    const db = await database();
    await sqlOn(db.url, "drop table outbox");
    const server = spawnServer({ DATABASE_URL: db.url });
    expect(await server.exited()).toBe(1);
    expect(server.stderr()).toContain("the database schema does not match the code");
    expect(server.stderr()).toContain('table "outbox" is missing');
    expect(server.stderr()).toContain("fix:");
  });

  it("refuses to start when a column is missing, naming it", async () => {
    const db = await database();
    await sqlOn(db.url, "alter table outbox drop column topic");
    const server = spawnServer({ DATABASE_URL: db.url });
    expect(await server.exited()).toBe(1);
    expect(server.stderr()).toContain('column "outbox"."topic" is missing');
  });

  it("refuses to start with FLAME_AUTO_MIGRATE=false and pending migrations, naming them", async () => {
    const db = await database({ empty: true });
    const server = spawnServer({ DATABASE_URL: db.url, FLAME_AUTO_MIGRATE: "false" });
    expect(await server.exited()).toBe(1);
    expect(server.stderr()).toContain(
      `migration(s) not applied: ${readMigrations()
        .map((m) => m.tag)
        .join(", ")}`,
    );
    expect(server.stderr()).toContain("npm run db:migrate");
  });

  it("lets a request in flight finish on SIGTERM, then exits 0", async () => {
    const db = await database();
    const server = spawnServer({ DATABASE_URL: db.url }, "test/support/slow-server.ts");
    const base = await server.running();
    const inFlight = fetch(`${base}/api/_test/slow`);
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    expect(await server.exited()).toBe(0);
  });
});

describe("bad start-up conditions stop the start with one clear line", () => {
  const expectOneLine = async (env: Record<string, string>, expected: string) => {
    const server = spawnServer(env);
    expect(await server.exited()).toBe(1);
    const firstLine = server.stderr().split("\n")[0];
    expect(firstLine).toContain("flame: cannot start:");
    expect(firstLine).toContain(expected);
    expect(server.stderr()).not.toMatch(/^\s+at /m);
  };

  it("names an invalid variable", () => expectOneLine({ PORT: "eighty" }, 'PORT="eighty" is invalid'));

  it("names an unreachable DATABASE_URL", () =>
    expectOneLine(
      { DATABASE_URL: "postgres://root@127.0.0.1:1/flame" },
      "cannot connect to DATABASE_URL (127.0.0.1:1/flame)",
    ));

  it("names a data folder that cannot be written", () => {
    const file = path.join(scratch, "a-file");
    writeFileSync(file, "");
    return expectOneLine({ FLAME_DATA_DIR: path.join(file, "data") }, "is not a writable folder");
  });

  it("names a port that is in use", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    const db = await database();
    try {
      await expectOneLine(
        { DATABASE_URL: db.url, PORT: String(port) },
        `port ${port} on 127.0.0.1 is already in use`,
      );
    } finally {
      blocker.close();
    }
  });
});
