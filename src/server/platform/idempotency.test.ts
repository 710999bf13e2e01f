// Idempotency-Key on POST: a retried create answers the first result instead of making a second record.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { signUp } from "../../../test/support/auth.ts";
import { caller, meOf } from "../../../test/support/workspace.ts";

describe("Idempotency-Key", () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let asA: Record<string, string>;
  let asB: Record<string, string>;
  let flakyCalls = 0;

  beforeAll(async () => {
    t = await createTestApp({
      // A route that fails once with a 500, then succeeds: a failed first try must not be replayed.
      routes: (app) =>
        app.post("/api/test/flaky", async (_request, reply) => {
          flakyCalls++;
          if (flakyCalls === 1) throw new Error("the first try breaks");
          return reply.status(201).send({ call: flakyCalls });
        }),
    });
    owner = await signUp(t.app, { workspaceName: "Повторы" });
    const workspaceId = (await meOf(t.app, owner)).activeWorkspace.id;
    const newKey = async (name: string) =>
      (
        await caller(t.app)(owner, "POST", `/api/workspaces/${workspaceId}/api-keys`, {
          name,
          role: "manager",
        })
      ).json().key as string;
    asA = { authorization: `Bearer ${await newKey("1С")}` };
    asB = { authorization: `Bearer ${await newKey("Сайт")}` };
  });
  afterAll(() => t.close());

  const post = (who: Record<string, string>, url: string, payload: object, key?: string) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { ...who, ...(key === undefined ? {} : { "idempotency-key": key }) },
      payload,
    });
  const contactsNamed = async (firstName: string) =>
    (await t.app.inject({ method: "GET", url: "/api/contacts?limit=200", headers: asA }))
      .json()
      .items.filter((c: { firstName: string }) => c.firstName === firstName);

  it("answers a repeated create with the stored answer and makes one contact", async () => {
    const first = await post(asA, "/api/contacts", { firstName: "Анна" }, "order-1");
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const again = await post(asA, "/api/contacts", { firstName: "Анна" }, "order-1");
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers["content-type"]).toMatch(/^application\/json/);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json()).toEqual(first.json());
    expect(await contactsNamed("Анна")).toHaveLength(1);
  });

  it("refuses the same key for a different body or path with 422, changing nothing", async () => {
    await post(asA, "/api/contacts", { firstName: "Борис" }, "order-2");
    const otherBody = await post(asA, "/api/contacts", { firstName: "Вера" }, "order-2");
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json()).toMatchObject({
      error: { code: "idempotency_key_reused", message: expect.any(String) },
    });
    const otherPath = await post(asA, "/api/companies", { name: "Борис" }, "order-2");
    expect(otherPath.statusCode).toBe(422);
    expect(await contactsNamed("Вера")).toHaveLength(0);
    expect(await contactsNamed("Борис")).toHaveLength(1);
  });

  it("keeps the keys of different callers apart", async () => {
    const byA = await post(asA, "/api/contacts", { firstName: "Глеб" }, "shared");
    const byB = await post(asB, "/api/contacts", { firstName: "Глеб" }, "shared");
    const bySession = await t.app.inject({
      method: "POST",
      url: "/api/contacts",
      headers: { ...owner.headers, "idempotency-key": "shared" },
      payload: { firstName: "Глеб" },
    });
    for (const res of [byA, byB, bySession]) {
      expect(res.statusCode).toBe(201);
      expect(res.headers["idempotent-replayed"]).toBeUndefined();
    }
    expect(new Set([byA, byB, bySession].map((r) => r.json().id)).size).toBe(3);
  });

  it("lets one of two concurrent requests with the same key run", async () => {
    const [one, two] = await Promise.all([
      post(asA, "/api/contacts", { firstName: "Дарья" }, "race"),
      post(asA, "/api/contacts", { firstName: "Дарья" }, "race"),
    ]);
    const statuses = [one.statusCode, two.statusCode].sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const loser = one.headers["idempotent-replayed"] || one.statusCode === 409 ? one : two;
    if (loser.statusCode === 409) {
      expect(loser.json().error.code).toBe("idempotency_key_in_use");
    } else {
      expect(loser.headers["idempotent-replayed"]).toBe("true");
    }
    expect(await contactsNamed("Дарья")).toHaveLength(1);
  });

  it("stores a 4xx answer but lets a retry run after a 5xx", async () => {
    const invalid = await post(asA, "/api/contacts", { firstName: 5 }, "bad-body");
    expect(invalid.statusCode).toBe(422);
    const replayed = await post(asA, "/api/contacts", { firstName: 5 }, "bad-body");
    expect(replayed.statusCode).toBe(422);
    expect(replayed.headers["idempotent-replayed"]).toBe("true");
    expect(replayed.json()).toEqual(invalid.json());

    expect((await post(asA, "/api/test/flaky", {}, "flaky")).statusCode).toBe(500);
    const retried = await post(asA, "/api/test/flaky", {}, "flaky");
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toEqual({ call: 2 });
    const again = await post(asA, "/api/test/flaky", {}, "flaky");
    expect(again.json()).toEqual({ call: 2 });
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(flakyCalls).toBe(2);
  });

  it("forgets a key after 24 hours", async () => {
    await post(asA, "/api/contacts", { firstName: "Егор" }, "old");
    await t.database.db.execute(
      sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'old'`,
    );
    const reused = await post(asA, "/api/contacts", { firstName: "Жанна" }, "old");
    expect(reused.statusCode).toBe(201);
    expect(reused.headers["idempotent-replayed"]).toBeUndefined();
    expect(await contactsNamed("Жанна")).toHaveLength(1);
  });

  it("refuses a key longer than 255 characters with 400 and creates nothing", async () => {
    const res = await post(asA, "/api/contacts", { firstName: "Зоя" }, "k".repeat(256));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("bad_request");
    expect(await contactsNamed("Зоя")).toHaveLength(0);
    expect((await post(asA, "/api/contacts", { firstName: "Зоя" }, "k".repeat(255))).statusCode).toBe(201);
  });

  it("does nothing without the header or for anonymous callers", async () => {
    expect((await post(asA, "/api/contacts", { firstName: "Ира" })).statusCode).toBe(201);
    expect((await post(asA, "/api/contacts", { firstName: "Ира" })).statusCode).toBe(201);
    expect(await contactsNamed("Ира")).toHaveLength(2);
    expect((await post({}, "/api/contacts", { firstName: "Ира" }, "anon")).statusCode).toBe(401);
  });
});
