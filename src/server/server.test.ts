import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testLogger } from "../../test/support/app.ts";
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
  withAdmin,
} from "../../test/support/postgres.ts";
import { waitFor } from "../../test/support/wait.ts";
import { loadConfig } from "./config.ts";
import { outbox } from "./db/schema/index.ts";
import type { Health } from "./modules/health/health.schemas.ts";
import { startServer } from "./server.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "flame-server-"));
const databases: TestDatabase[] = [];
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await Promise.all(databases.map((d) => d.drop()));
});

const start = (env: Record<string, string>) =>
  startServer(
    loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      ...(env.DATABASE_URL ? { FLAME_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } : {}),
      ...env,
    }),
    testLogger(),
  );

describe("the server process", () => {
  it("keeps embedded data across a clean restart", async () => {
    const env = { FLAME_DATA_DIR: path.join(scratch, "data") };
    const first = await start(env);
    await first.platform.database.db
      .insert(outbox)
      .values({ topic: "kept", workspaceId: null, payload: { n: 1 } });
    await first.close();

    const second = await start(env);
    const rows = await second.platform.database.db.select().from(outbox);
    expect(rows.map((r) => [r.topic, r.payload])).toEqual([["kept", { n: 1 }]]);
    await second.close();
  });

  it("refuses a second process on the same embedded data folder", async () => {
    const env = { FLAME_DATA_DIR: path.join(scratch, "shared") };
    const first = await start(env);
    try {
      // The lock file names this very process, so pretend to be another one.
      writeFileSync(path.join(env.FLAME_DATA_DIR, "flame.lock"), String(process.ppid));
      await expect(start(env)).rejects.toThrow(/is in use by another Flame CRM process/);
    } finally {
      await first.close();
    }
  });

  it("splits HTTP and jobs between web and worker nodes on one database", async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const web = await start({ DATABASE_URL: db.url, FLAME_ROLE: "web" });
    expect(web.url).toMatch(/^http:/);
    const health = (await (await fetch(`${web.url}/api/health`)).json()) as Health;
    expect(health.jobs.working).toBe(false);

    const id = await web.platform.database.db.transaction((tx) =>
      web.platform.outbox.emit(tx, { topic: "probe.created", workspaceId: "w", payload: {} }),
    );
    const dispatched = async () => {
      const [row] = await web.platform.database.db.select().from(outbox);
      return row?.id === id && row.dispatchedAt !== null;
    };
    await new Promise((r) => setTimeout(r, 2500));
    expect(await dispatched()).toBe(false);

    const worker = await start({ DATABASE_URL: db.url, FLAME_ROLE: "worker" });
    expect(worker.app).toBeNull();
    expect(worker.url).toBeNull();
    await waitFor(dispatched, "the worker to dispatch the event");
    await Promise.all([web.close(), worker.close()]);
  });

  it("reports the database as down with 503 and recovers without a restart when it is back", async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const server = await start({ DATABASE_URL: db.url });
    const away = `${db.name}_away`;
    try {
      // Take the database away: cut its connections and rename it, so reconnecting fails.
      await withAdmin(async (client) => {
        await waitFor(async () => {
          await client.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [
            db.name,
          ]);
          return client.query(`alter database "${db.name}" rename to "${away}"`).then(
            () => true,
            () => false,
          );
        }, "the database to be free to rename");
      });
      const down = await fetch(`${server.url}/api/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: "down",
        db: { status: "down", error: expect.any(String) },
      });
      expect((await fetch(`${server.url}/api/health/ready`)).status).toBe(503);
      expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);

      await withAdmin((client) => client.query(`alter database "${away}" rename to "${db.name}"`));
      await waitFor(
        async () => (await fetch(`${server.url}/api/health`)).status === 200,
        "health to recover",
      );
    } finally {
      await server.close();
    }
  });
});
