// Deny by default, proven: every registered /api route that is not on the public list answers an
// anonymous call with 401 JSON. A route added without auth makes this test fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.ts";

// The explicit public list. Adding to it is a decision to review, not a way to make this test pass.
const PUBLIC = [
  "GET /api/health",
  "GET /api/health/live",
  "GET /api/health/ready",
  "GET /api/openapi.json",
  "GET /api/auth/*",
  "POST /api/auth/*",
  // Telegram proves itself with the channel's secret header instead (inbound/telegram.hook.ts).
  "POST /api/hooks/telegram/:integrationId",
  // WhatsApp: the verify token (GET) and the App Secret signature (POST), inbound/whatsapp.hook.ts.
  "GET /api/hooks/whatsapp/:integrationId",
  "POST /api/hooks/whatsapp/:integrationId",
  // Avito: the secret in the subscribed URL (inbound/avito.hook.ts).
  "POST /api/hooks/avito/:integrationId",
];

describe("the anonymous route walk", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const apiRoutes = () =>
    t.app.routeList.filter(
      (r) => r.url.startsWith("/api") && !r.url.startsWith("/api/docs") && r.method !== "HEAD",
    );

  it("knows the routes", () => {
    expect(apiRoutes().length).toBeGreaterThan(25);
  });

  it("marks public exactly the routes on the public list", () => {
    const marked = apiRoutes()
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(marked).toEqual([...PUBLIC].sort());
  });

  it("answers 401 JSON, never a redirect or data, on every other route and method", async () => {
    const walked: string[] = [];
    for (const route of apiRoutes().filter((r) => !r.public)) {
      const url = route.url.replace(/:[A-Za-z]+/g, "placeholder-id").replace("*", "x");
      const res = await t.app.inject({
        method: route.method as "GET",
        url,
        ...(["POST", "PUT", "PATCH"].includes(route.method) ? { payload: {} } : {}),
      });
      walked.push(`${route.method} ${route.url} → ${res.statusCode}`);
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.json(), `${route.method} ${route.url}`).toEqual({
        error: { code: "unauthenticated", message: expect.any(String) },
      });
    }
    expect(walked.length).toBeGreaterThan(20);
  });
});
