// The typed client (src/common/api/client.ts, types generated from the live spec) drives a sales flow
// against the real app on a port, with an API key. Paths, parameters and bodies are checked by `tsc`;
// answers are checked here: a route whose answer is not what the spec declares fails this test (routes
// serialize through their response schema, so a mismatch answers 500), and a route the spec describes
// differently fails the typecheck.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, createApiClient } from "../src/common/api/client.ts";
import spec from "../src/common/api/openapi.json" with { type: "json" };
import { createTestApp, type TestApp } from "./support/app.ts";
import { ORIGIN, signUp } from "./support/auth.ts";
import { waitFor } from "./support/wait.ts";

/** The example a route's JSON body carries in the committed spec: the docs show it, so it must work. */
function exampleOf(path: keyof typeof spec.paths, method: "post") {
  const operation = (spec.paths[path] as Record<string, unknown>)[method] as {
    requestBody?: { content: { "application/json": { examples?: Record<string, { value: unknown }> } } };
  };
  const value = operation.requestBody?.content["application/json"].examples?.example?.value;
  if (!value) throw new Error(`${method.toUpperCase()} ${path} has no example in the spec`);
  return value;
}

describe("the typed API client", () => {
  let t: TestApp;
  let api: ApiClient;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const session = await signUp(t.app, { workspaceName: "ООО «Клиент API»" });
    // The session creates the key through the typed client too; everything after uses only the key.
    const asUser = createApiClient(baseUrl, { headers: { cookie: session.cookie, origin: ORIGIN } });
    const me = await asUser.GET("/api/me");
    expect(me.response.status).toBe(200);
    const workspaceId = me.data!.activeWorkspace!.id;
    const key = await asUser.POST("/api/workspaces/{workspaceId}/api-keys", {
      params: { path: { workspaceId } },
      body: { name: "Интеграция с сайтом", role: "manager" },
    });
    expect(key.response.status).toBe(201);
    expect(key.data).toMatchObject({ name: "Интеграция с сайтом", role: "manager", revokedAt: null });
    api = createApiClient(baseUrl, { headers: { authorization: `Bearer ${key.data!.key}` } });
  });
  afterAll(() => t.close());

  it("creates a contact and a deal, moves it, filters, reads its history, adds a task and reads the timeline", async () => {
    const contact = await api.POST("/api/contacts", { body: exampleOf("/api/contacts", "post") as never });
    expect(contact.error).toBeUndefined();
    expect(contact.response.status).toBe(201);
    expect(contact.data).toMatchObject({
      firstName: "Анна",
      lastName: "Смирнова",
      // Normalised to E.164 on the way in.
      phones: [{ number: "+79123456789", type: "mobile" }],
      emails: [{ email: "anna.smirnova@example.ru", type: "work" }],
      possibleDuplicates: [],
    });
    const contactId = contact.data!.id;

    const company = await api.POST("/api/companies", { body: exampleOf("/api/companies", "post") as never });
    expect(company.response.status).toBe(201);
    expect(company.data).toMatchObject({ name: "Пламя", inn: "7707083893" });

    const pipelines = await api.GET("/api/pipelines");
    const pipeline = pipelines.data!.items.find((p) => p.isDefault)!;
    const [first, second] = pipeline.stages.filter((s) => s.kind === "open");
    expect(first && second).toBeTruthy();

    const deal = await api.POST("/api/deals", {
      body: { ...(exampleOf("/api/deals", "post") as { title: string }), contactIds: [contactId] },
    });
    expect(deal.response.status).toBe(201);
    expect(deal.data).toMatchObject({
      title: "Поставка оборудования",
      amountMinor: 15000000,
      currency: "RUB",
      pipelineId: pipeline.id,
      stageId: first!.id,
      status: "open",
      contactIds: [contactId],
    });
    const dealId = deal.data!.id;
    // Dates travel as ISO strings: the generated type says so and the JSON holds so.
    expect(new Date(deal.data!.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const moved = await api.POST("/api/deals/{id}/move", {
      params: { path: { id: dealId } },
      body: { stageId: second!.id },
    });
    expect(moved.response.status).toBe(200);
    expect(moved.data).toMatchObject({ id: dealId, stageId: second!.id, status: "open" });

    const inSecond = await api.GET("/api/deals", {
      params: { query: { stageId: second!.id, contactId, limit: 10 } },
    });
    expect(inSecond.data!.items.map((d) => d.id)).toEqual([dealId]);
    expect(inSecond.data!.nextCursor).toBeNull();
    const inFirst = await api.GET("/api/deals", { params: { query: { stageId: first!.id } } });
    expect(inFirst.data!.items).toEqual([]);

    const history = await api.GET("/api/deals/{id}/stage-history", { params: { path: { id: dealId } } });
    expect(history.data!.items.map((h) => [h.stageId, h.leftAt === null])).toEqual([
      [first!.id, false],
      [second!.id, true],
    ]);

    const task = await api.POST("/api/tasks", {
      body: { ...(exampleOf("/api/tasks", "post") as { title: string }), dealId },
    });
    expect(task.response.status).toBe(201);
    expect(task.data).toMatchObject({ title: "Перезвонить клиенту", dealId, doneAt: null });
    expect(new Date(task.data!.dueAt!).toISOString()).toBe("2026-12-01T07:00:00.000Z");

    // The timeline is written from the outbox, a moment after the change.
    const kinds = await waitFor(async () => {
      const timeline = await api.GET("/api/timeline", {
        params: { query: { recordType: "deal", recordId: dealId } },
      });
      expect(timeline.response.status).toBe(200);
      const items = timeline.data!.items.map((e) => e.kind);
      return items.includes("task_created") && items;
    }, "the task on the deal's timeline");
    expect(kinds).toEqual(expect.arrayContaining(["created", "stage_changed", "task_created"]));
  });

  it("replays a POST sent again with the same Idempotency-Key instead of creating a second record", async () => {
    const send = () =>
      api.POST("/api/contacts", {
        params: { header: { "Idempotency-Key": "import-row-17" } },
        body: { firstName: "Пётр", lastName: "Идемпотентов" },
      });
    const first = await send();
    const again = await send();
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data!.id).toBe(first.data!.id);
    const found = await api.GET("/api/contacts", { params: { query: { q: "Идемпотентов" } } });
    expect(found.data!.items).toHaveLength(1);
  });

  it("returns the declared error shape: 404 for a missing deal, 422 for a bad body, 401 without a key", async () => {
    const missing = await api.GET("/api/deals/{id}", { params: { path: { id: "no-such-deal" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.data).toBeUndefined();
    expect(missing.error?.error.code).toBe("not_found");

    // A body the types refuse, to see what the server says about it.
    const invalid = await api.POST("/api/deals", { body: { title: "" } });
    expect(invalid.response.status).toBe(422);
    expect(invalid.error?.error).toMatchObject({ code: "validation_failed", message: expect.any(String) });

    const anonymous = createApiClient(baseUrl);
    const refused = await anonymous.GET("/api/contacts");
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error.code).toBe("unauthenticated");
  });
});
