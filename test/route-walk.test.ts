// Deny by default, proven: every registered /api route that is not on the public list answers an
// anonymous call with 401 JSON. A route added without auth makes this test fail. A second walk, signed
// in, checks the shapes every client relies on: errors as {error:{code,message}}, lists as {items}.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.ts";
import { signUp } from "./support/auth.ts";

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
  // MoySklad: the secret in the registered URL (accounting/moysklad/webhook.ts).
  "POST /api/hooks/moysklad/:integrationId",
  // 1C: Basic auth on checkauth, then the session cookie it returned (accounting/one-c/exchange.ts).
  "GET /api/accounting/one-c/exchange",
  "POST /api/accounting/one-c/exchange",
  // Lead forms: the site posts with the form's public token; rate-limited, honeypot (modules/forms).
  "OPTIONS /api/forms/:token",
  "POST /api/forms/:token",
  "GET /api/forms/:token/snippet.js",
];

describe("the route walk", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Two walks over every route from one address: above the default per-address limit.
    t = await createTestApp({ env: { FLAME_RATE_LIMIT_PER_IP: "100000" } });
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

  it("answers every route signed in with the error shape or, for lists, {items}", async () => {
    const owner = await signUp(t.app, { workspaceName: "Обход" });
    const me = await t.app.inject({ method: "GET", url: "/api/me", headers: owner.headers });
    const workspaceId = me.json().activeWorkspace.id as string;
    const bareArrays: string[] = [];
    const problems: string[] = [];
    let walked = 0;
    // The live stream never ends; its shapes are tested in events.test.ts.
    for (const route of apiRoutes().filter((r) => !r.public && r.url !== "/api/events")) {
      // The real workspace, so its lists answer too; except where that would delete it mid-walk.
      const own =
        route.method === "DELETE" && route.url === "/api/workspaces/:workspaceId" ? "x" : workspaceId;
      const url = route.url
        .replace(":workspaceId", own)
        .replace(/:[A-Za-z]+/g, "placeholder-id")
        .replace("*", "x");
      const res = await t.app.inject({
        method: route.method as "GET",
        url,
        headers: owner.headers,
        ...(["POST", "PUT", "PATCH"].includes(route.method) ? { payload: {} } : {}),
      });
      const name = `${route.method} ${route.url} → ${res.statusCode}`;
      walked++;
      const body = res.headers["content-type"]?.toString().startsWith("application/json") ? res.json() : null;
      if (res.statusCode >= 500) problems.push(`${name}: ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400 && !isErrorBody(body))
        problems.push(`${name}: ${res.body.slice(0, 200)}`);
      else if (route.method === "GET" && Array.isArray(body)) bareArrays.push(`${route.method} ${route.url}`);
    }
    expect(problems).toEqual([]);
    expect(walked).toBeGreaterThan(20);
    // Lists that predate {items, nextCursor} and answer a bare array (the web app reads them so). The
    // list may only shrink: a new list route answers {items} or {items, nextCursor}.
    expect(bareArrays.filter((r) => !BARE_ARRAY_LISTS.includes(r))).toEqual([]);
  });
});

/** Exactly `{error:{code,message}}`, with optional `details`: nothing else at either level. */
function isErrorBody(body: unknown) {
  if (!body || typeof body !== "object" || Object.keys(body).join() !== "error") return false;
  const error = (body as { error: Record<string, unknown> }).error;
  const keys = Object.keys(error)
    .filter((k) => k !== "details")
    .sort()
    .join();
  return keys === "code,message" && typeof error.code === "string" && typeof error.message === "string";
}

const BARE_ARRAY_LISTS: string[] = [];
