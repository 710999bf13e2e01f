// The OpenAPI document is complete: every /api route the app registers is in it with a summary, a tag,
// its success answer and the error answers that apply; the app serves exactly the committed document
// (src/common/api/openapi.json, which the typed client is generated from) and the browsable UI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import committed from "../src/common/api/openapi.json" with { type: "json" };
import { createTestApp, type TestApp } from "./support/app.ts";

// Not in the document on purpose: the document itself, and better-auth's own routes (a catch-all that
// better-auth documents; sign-up and sign-in are for our pages, integrations use API keys).
const HIDDEN = ["GET /api/openapi.json", "GET /api/auth/*", "POST /api/auth/*"];

// Routes that do not declare their success answer yet (the document says only "Default Response"), so
// the typed client cannot type what they return. Each one is a gap to close in its route file with a
// `response` schema; this list may only shrink, and a new route cannot join it.
const UNDECLARED_SUCCESS: string[] = [];

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: unknown; $ref?: string }>;
}
type Document = typeof committed & { paths: Record<string, Record<string, Operation>> };

describe("the OpenAPI document", () => {
  let t: TestApp;
  let served: Document;
  const routes: { key: string; public: boolean; operation: Operation | undefined }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ driver: "pglite" });
    const res = await t.app.inject({ url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    served = res.json();
    for (const route of t.app.routeList) {
      const key = `${route.method} ${route.url}`;
      if (!route.url.startsWith("/api/") || route.url.startsWith("/api/docs") || route.method === "HEAD")
        continue;
      if (HIDDEN.includes(key)) continue;
      const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
      routes.push({
        key: `${route.method} ${path}`,
        public: route.public,
        operation: served.paths[path]?.[route.method.toLowerCase()],
      });
    }
  });
  afterAll(() => t.close());

  it("is the committed one (run `npm run openapi:generate` after changing a route)", () => {
    // toEqual ignores key order: the committed file is sorted, the served one is in registration order.
    expect(served).toEqual(committed);
  });

  it("is browsable at /api/docs", async () => {
    const res = await t.app.inject({ url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.body).toContain("swagger");
  });

  it("documents every /api route with a summary and a tag", () => {
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes.filter((r) => !r.operation).map((r) => r.key);
    expect(missing, "routes missing from the document").toEqual([]);
    const bare = routes.filter((r) => !r.operation?.summary || !r.operation.tags?.length).map((r) => r.key);
    expect(bare, "operations without a summary or a tag").toEqual([]);
  });

  it("declares the success answer of every route but the known gaps", () => {
    const undeclared = routes
      .filter(({ operation }) =>
        Object.entries(operation?.responses ?? {}).every(
          ([status, r]) => !status.startsWith("2") || (r.description === "Default Response" && !r.content),
        ),
      )
      .map((r) => r.key)
      .sort();
    expect(undeclared).toEqual([...UNDECLARED_SUCCESS].sort());
  });

  it("declares the shared error answers: 401 unless public, 404 with a path id, 422 with input, 409 and Idempotency-Key on POST, 429", () => {
    const lacking: string[] = [];
    for (const { key, public: isPublic, operation } of routes) {
      const responses = operation?.responses ?? {};
      const parameters = operation?.parameters ?? [];
      const expected = ["429", "500"];
      if (!isPublic) expected.push("401", "403");
      if (parameters.some((p) => p.in === "path")) expected.push("404");
      if (operation?.requestBody || parameters.some((p) => p.in !== "header")) expected.push("422");
      // A POST with a caller takes an Idempotency-Key (409 while the first request with it runs).
      if (key.startsWith("POST ") && !isPublic) {
        expected.push("409");
        if (!parameters.some((p) => p.in === "header" && p.name === "Idempotency-Key")) {
          lacking.push(`${key} Idempotency-Key`);
        }
      }
      for (const status of expected) if (!responses[status]) lacking.push(`${key} ${status}`);
    }
    expect(lacking).toEqual([]);
    // Stated once, as the error shape every route answers with.
    expect(served.paths["/api/contacts/{id}"]?.get?.responses["404"]).toEqual({
      $ref: "#/components/responses/NotFound",
    });
    expect(served.components.responses.NotFound).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    });
  });

  it("gives the main request bodies an example", () => {
    for (const path of ["/api/contacts", "/api/companies", "/api/deals", "/api/tasks", "/api/notes"]) {
      const body = served.paths[path]?.post?.requestBody as {
        content: { "application/json": { examples?: { example?: { value?: unknown } } } };
      };
      expect(body.content["application/json"].examples?.example?.value, path).toBeTruthy();
    }
  });
});
