import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApp, type TestApp, type TestDriver } from "../../../test/support/app.ts";
import { outbox } from "../db/schema/index.ts";

describe.each<TestDriver>(["postgres", "pglite"])("HTTP errors and JSON contract on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      driver,
      routes(app, platform) {
        const db = platform.database.db;
        const config = { public: true };
        app.post(
          "/api/_test/echo",
          { config, schema: { body: z.object({ name: z.string().min(1), amount: z.number().int() }) } },
          async (request) => request.body,
        );
        app.get("/api/_test/outbox", { config }, async () => db.select().from(outbox));
        app.get("/api/_test/boom", { config }, async () => {
          throw new Error("secret internals");
        });
        app.post("/api/_test/duplicate", { config }, async () => {
          const insert = sql`insert into outbox (id, topic, payload) overriding system value values (424242, 't', '{}')`;
          await db.execute(insert);
          await db.execute(insert);
        });
        app.get("/api/_test/slow-query", { config }, async () =>
          db.transaction(async (tx) => {
            await tx.execute(sql`set local statement_timeout = 50`);
            await tx.execute(sql`select pg_sleep(2)`);
          }),
        );
      },
    });
  });
  afterAll(() => t.close());

  const expectError = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
    status: number,
    code: string,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["x-request-id"]).toBeTruthy();
    expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
  };

  it("answers malformed JSON with 400", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/_test/echo",
      headers: { "content-type": "application/json" },
      payload: '{"name": "Иван",',
    });
    expectError(res, 400, "invalid_json");
  });

  it("answers a body over the limit with 413", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/_test/echo",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), amount: 1 }),
    });
    expectError(res, 413, "payload_too_large");
  });

  it("answers wrong types with 422 naming each field", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/_test/echo",
      payload: { name: "", amount: "10" },
    });
    expectError(res, 422, "validation_failed");
    const fields = (res.json() as { error: { details: { field: string }[] } }).error.details.map(
      (d) => d.field,
    );
    expect(fields.sort()).toEqual(["body.amount", "body.name"]);
  });

  it("accepts valid input", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/_test/echo",
      payload: { name: "Иван", amount: 10 },
    });
    expect(res.json()).toEqual({ name: "Иван", amount: 10 });
  });

  it("answers unknown API paths with a JSON 404, never the web app's page", async () => {
    for (const url of ["/api", "/api/no-such-thing", "/api/contacts/123/nope"]) {
      expectError(await t.app.inject({ url }), 404, "not_found");
    }
    expectError(await t.app.inject({ method: "POST", url: "/somewhere" }), 404, "not_found");
    const page = await t.app.inject({ url: "/deals/42" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
  });

  it("hides an unknown error behind a generic 500 that names the request id", async () => {
    const res = await t.app.inject({ url: "/api/_test/boom", headers: { "x-request-id": "req-abc-1" } });
    expectError(res, 500, "internal");
    expect(res.headers["x-request-id"]).toBe("req-abc-1");
    expect(res.body).not.toContain("secret internals");
    expect(res.json()).toMatchObject({ error: { details: { requestId: "req-abc-1" } } });
  });

  it("maps a unique violation to 409", async () => {
    expectError(await t.app.inject({ method: "POST", url: "/api/_test/duplicate" }), 409, "conflict");
  });

  // PGlite runs single-threaded in WebAssembly and has no statement_timeout to enforce.
  it.skipIf(driver === "pglite")("maps a statement timeout to 503", async () => {
    expectError(await t.app.inject({ url: "/api/_test/slow-query" }), 503, "timeout");
  });

  it("never redirects under /api", async () => {
    for (const url of [
      "/api",
      "/api/",
      "/api/docs",
      "/api/docs/",
      "/api/health/",
      "/api/openapi.json",
      "/api/x/",
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode >= 300 && res.statusCode < 400, `${url} answered ${res.statusCode}`).toBe(false);
      expect(res.headers.location, url).toBeUndefined();
    }
  });

  it("publishes the OpenAPI document", async () => {
    const res = await t.app.inject({ url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      openapi: "3.1.0",
      paths: { "/api/health": { get: expect.any(Object) } },
    });
  });

  it("exposes Prometheus metrics labelled by route pattern", async () => {
    await t.app.inject({ url: "/api/health" });
    const res = await t.app.inject({ url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /flame_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(res.body).toContain('flame_jobs{state="failed"}');
    if (driver === "postgres") expect(res.body).toContain('flame_db_pool_connections{state="total"}');
  });

  // Last: it breaks the database on purpose.
  it("answers 503 schema_out_of_date when a table disappears under a running server, and health names it", async () => {
    expect((await t.app.inject({ url: "/api/_test/outbox" })).statusCode).toBe(200);
    await t.database.db.execute(sql`drop table outbox`);
    const res = await t.app.inject({ url: "/api/_test/outbox" });
    expectError(res, 503, "schema_out_of_date");
    expect(res.json()).toMatchObject({ error: { details: { relation: "outbox" } } });

    await t.platform.schema.check();
    const health = await t.app.inject({ url: "/api/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: "degraded",
      schema: { status: "drift", missing: ['table "outbox" is missing'] },
    });
    expect((await t.app.inject({ url: "/api/health/ready" })).statusCode).toBe(503);
  });
});
