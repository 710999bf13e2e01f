import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApp, type TestApp, type TestDriver } from "../../../test/support/app.ts";
import { waitFor } from "../../../test/support/wait.ts";
import { queryRows } from "../db/client.ts";
import type { OutboxEvent } from "../db/schema/index.ts";
import { outbox } from "../db/schema/index.ts";
import { defineJob } from "./jobs.ts";

describe.each<TestDriver>(["postgres", "pglite"])("jobs and the outbox on %s", (driver) => {
  let t: TestApp;
  const ran: string[] = [];
  const attempts = new Map<string, number>();
  const dispatched: OutboxEvent[] = [];

  const record = defineJob({
    name: "test.record",
    schema: z.object({ token: z.string() }),
    handler: async ({ token }) => {
      ran.push(token);
    },
  });
  const flaky = defineJob({
    name: "test.flaky",
    schema: z.object({ token: z.string() }),
    retry: { limit: 3, delaySeconds: 1 },
    handler: async ({ token }) => {
      const n = (attempts.get(token) ?? 0) + 1;
      attempts.set(token, n);
      if (n === 1) throw new Error("first attempt fails");
    },
  });

  beforeAll(async () => {
    t = await createTestApp({
      driver,
      beforeStart(platform) {
        platform.jobs.register(record);
        platform.jobs.register(flaky);
        platform.outbox.subscribe("probe.*", async (_tx, event) => {
          if (event.topic === "probe.poison") throw new Error("this subscriber cannot take it");
          dispatched.push(event);
        });
      },
    });
  });
  afterAll(() => t.close());

  const storedJobs = async (token: string) => {
    const rows = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from pgboss.job where data->>'token' = ${token}`,
    );
    return rows[0]?.n ?? 0;
  };

  it("runs a job enqueued in a committed transaction", async () => {
    await t.database.db.transaction(async (tx) => {
      await t.platform.jobs.enqueue(tx, record, { token: "committed" });
    });
    await waitFor(() => ran.includes("committed"), "the committed job to run");
  });

  it("never creates a job enqueued in a transaction that rolled back", async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await t.platform.jobs.enqueue(tx, record, { token: "rolled-back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await storedJobs("rolled-back")).toBe(0);
    expect(await storedJobs("committed")).toBe(1);
  });

  it("refuses a payload that does not match the job's schema", async () => {
    await expect(
      t.platform.jobs.enqueue(t.database.db, record, { token: 42 } as unknown as { token: string }),
    ).rejects.toThrow();
  });

  it("retries a failed job", async () => {
    await t.platform.jobs.enqueue(t.database.db, flaky, { token: "flaky" });
    await waitFor(() => attempts.get("flaky") === 2, "the second attempt");
  });

  it("dispatches an outbox event to its subscribers only when the change commits", async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await t.platform.outbox.emit(tx, {
          topic: "probe.created",
          workspaceId: "w1",
          payload: { id: "lost" },
        });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const id = await t.database.db.transaction((tx) =>
      t.platform.outbox.emit(tx, { topic: "probe.won", workspaceId: "w1", payload: { id: "d1" } }),
    );
    await waitFor(() => dispatched.find((e) => e.id === id), "the event to reach its subscriber");
    const rows = await t.database.db.select().from(outbox);
    expect(rows.map((r) => r.topic)).toEqual(["probe.won"]);
    await waitFor(async () => {
      const [row] = await t.database.db.select().from(outbox).where(eq(outbox.id, id));
      return row?.dispatchedAt;
    }, "the event to be marked dispatched");
    expect(dispatched.map((e) => e.payload)).toEqual([{ id: "d1" }]);
  });

  it("dispatches a burst of events in batches, and one failing event holds none of the others", async () => {
    const ids = await t.database.db.transaction(async (tx) => {
      const emitted: number[] = [];
      for (const [n, topic] of ["probe.a", "probe.b", "probe.poison", "probe.c"].entries()) {
        emitted.push(await t.platform.outbox.emit(tx, { topic, workspaceId: "w1", payload: { n } }));
      }
      return emitted;
    });
    const pending = async () =>
      (await t.database.db.select().from(outbox).where(inArray(outbox.id, ids)))
        .filter((r) => !r.dispatchedAt)
        .map((r) => r.topic);
    await waitFor(async () => (await pending()).length === 1, "all but the failing event dispatched");
    expect(await pending()).toEqual(["probe.poison"]);
    const seen = dispatched.filter((e) => ids.includes(e.id));
    // Each good event reached the subscriber, in order (a first batch attempt that failed rolled back).
    expect([...new Set(seen.map((e) => e.topic))]).toEqual(["probe.a", "probe.b", "probe.c"]);
  });

  it("reports queue counts in health", async () => {
    const health = (await t.app.inject({ url: "/api/health" })).json();
    expect(health.jobs).toMatchObject({ status: "ok", working: true, queued: expect.any(Number) });
  });
});
