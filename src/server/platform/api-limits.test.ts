// Per-key and per-address request limits on /api, with the limits set low through the environment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { signUp } from "../../../test/support/auth.ts";
import { caller, meOf } from "../../../test/support/workspace.ts";
import { ConfigError, loadConfig } from "../config.ts";

describe("API rate limits", () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  let owner: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    t = await createTestApp({ env: { FLAME_RATE_LIMIT_PER_KEY: "5", FLAME_RATE_LIMIT_PER_IP: "8" } });
    owner = await signUp(t.app, { workspaceName: "Лимиты" });
    const workspaceId = (await meOf(t.app, owner)).activeWorkspace.id;
    const newKey = async (name: string) =>
      (
        await caller(t.app)(owner, "POST", `/api/workspaces/${workspaceId}/api-keys`, {
          name,
          role: "manager",
        })
      ).json().key as string;
    keyA = await newKey("1С");
    keyB = await newKey("Сайт");
  });
  afterAll(() => t.close());

  // Each test calls from its own client address, so address budgets do not leak between tests.
  const get = (url: string, from: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "GET", url, headers: { "x-forwarded-for": from, ...headers } });
  const limitHeaders = (res: { headers: Record<string, unknown> }) => ({
    limit: Number(res.headers["x-ratelimit-limit"]),
    remaining: Number(res.headers["x-ratelimit-remaining"]),
    reset: Number(res.headers["x-ratelimit-reset"]),
  });

  it("counts down per API key, then answers 429 with Retry-After; another key and the address are unaffected", async () => {
    const from = "203.0.113.1";
    const asA = { authorization: `Bearer ${keyA}` };
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await get("/api/contacts", from, asA);
      expect(res.statusCode).toBe(200);
      const h = limitHeaders(res);
      expect(h.limit).toBe(5);
      expect(h.reset).toBeGreaterThan(0);
      expect(h.reset).toBeLessThanOrEqual(60);
      remaining.push(h.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);

    const over = await get("/api/contacts", from, asA);
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ error: { code: "rate_limited", message: expect.any(String) } });
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect(limitHeaders(over)).toMatchObject({ limit: 5, remaining: 0 });

    const otherKey = await get("/api/contacts", from, { authorization: `Bearer ${keyB}` });
    expect(otherKey.statusCode).toBe(200);
    expect(limitHeaders(otherKey)).toMatchObject({ limit: 5, remaining: 4 });

    // The same address with a session is counted per address, where the key's calls never went.
    const session = await get("/api/contacts", from, owner.headers);
    expect(session.statusCode).toBe(200);
    expect(limitHeaders(session)).toMatchObject({ limit: 8, remaining: 7 });
  });

  it("counts sessions and anonymous calls per address, and leaves health, provider hooks and pages alone", async () => {
    const from = "203.0.113.2";
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get("/api/contacts", from, owner.headers)).statusCode);
    for (let i = 0; i < 4; i++) statuses.push((await get("/api/contacts", from)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 401, 401, 401, 401]);

    const anonymous = await get("/api/contacts", from);
    expect(anonymous.statusCode).toBe(429);
    expect(anonymous.headers["retry-after"]).toBeDefined();
    const session = await get("/api/me", from, owner.headers);
    expect(session.statusCode).toBe(429);
    expect(session.json().error.code).toBe("rate_limited");
    // The API key is not held back by the address it calls from.
    expect((await get("/api/contacts", from, { authorization: `Bearer ${keyB}` })).statusCode).toBe(200);
    // Another address is not either.
    expect((await get("/api/me", "203.0.113.3", owner.headers)).statusCode).toBe(200);

    for (const url of ["/api/health", "/api/health/live", "/", "/deals"]) {
      const res = await get(url, from);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["x-ratelimit-limit"], url).toBeUndefined();
    }
    const hook = await t.app.inject({
      method: "POST",
      url: "/api/hooks/telegram/nonexistent",
      headers: { "x-forwarded-for": from },
      payload: {},
    });
    expect(hook.statusCode).not.toBe(429);
    expect(hook.headers["x-ratelimit-limit"]).toBeUndefined();
  });

  it("validates the limits in the configuration", () => {
    expect(loadConfig({}).rateLimits).toEqual({ perKey: 600, perIp: 300 });
    expect(loadConfig({ FLAME_RATE_LIMIT_PER_KEY: "50", FLAME_RATE_LIMIT_PER_IP: "20" }).rateLimits).toEqual({
      perKey: 50,
      perIp: 20,
    });
    for (const [name, value] of [
      ["FLAME_RATE_LIMIT_PER_KEY", "0"],
      ["FLAME_RATE_LIMIT_PER_IP", "many"],
      ["FLAME_RATE_LIMIT_PER_IP", "1.5"],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=.*requests a minute`));
    }
  });
});
