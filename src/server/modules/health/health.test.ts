import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestDriver } from "../../../../test/support/app.ts";
import { queryRows } from "../../db/client.ts";

describe.each<TestDriver>(["postgres", "pglite"])("health on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ driver });
  });
  afterAll(() => t.close());

  it("reports every part as ok with the driver and a measured response time", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/health" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: "ok",
      version: expect.any(String),
      db: { status: "ok", driver },
      schema: { status: "ok", missing: [], pendingMigrations: [] },
      jobs: { status: "ok", working: true, failed: 0 },
    });
    expect(body.db.responseTimeMs).toBeTypeOf("number");
    expect(body.db.serverVersion).toMatch(/^\d+/);
    expect(body.uptimeS).toBeTypeOf("number");
  });

  it("answers the load balancer probes", async () => {
    expect((await t.app.inject({ url: "/api/health/live" })).json()).toEqual({ status: "ok" });
    const ready = await t.app.inject({ url: "/api/health/ready" });
    expect(ready.statusCode).toBe(200);
  });

  it("has pg_trgm for fuzzy search", async () => {
    const [row] = await queryRows<{ s: number }>(
      t.database.db,
      sql`select similarity('Иванов', 'Иванова') as s`,
    );
    expect(row?.s).toBeGreaterThan(0.5);
  });
});
