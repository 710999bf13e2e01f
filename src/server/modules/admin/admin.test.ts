import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { ORIGIN, PASSWORD, type Session, signIn, signUp } from "../../../../test/support/auth.ts";

describe("platform admin", () => {
  let t: TestApp;
  let admin: Session;
  let member: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signUp(t.app, { name: "Оператор" }); // the first account of a fresh installation
    member = await signUp(t.app, { name: "Менеджер Иванов" });
  });
  afterAll(() => t.close());

  it("answers /api/admin/users 401 anonymous, 403 to a member, 200 to the platform admin", async () => {
    expect((await t.app.inject({ url: "/api/admin/users" })).statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/admin/users", headers: member.headers })).statusCode).toBe(403);
    const res = await t.app.inject({ url: "/api/admin/users?q=иванов", headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total: 1,
      items: [{ email: member.email, role: "user", workspaces: 1 }],
    });
    const me = (await t.app.inject({ url: "/api/me", headers: admin.headers })).json();
    expect(me.user.isPlatformAdmin).toBe(true);
  });

  it("lists workspaces with their owner", async () => {
    const res = await t.app.inject({ url: "/api/admin/workspaces?limit=10", headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((w: { ownerEmail: string }) => w.ownerEmail)
        .sort(),
    ).toEqual([admin.email, member.email].sort());
    expect(res.json()).toMatchObject({ total: 2, page: 1, limit: 10 });
    expect(res.json().items[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      createdAt: expect.any(String),
      members: 1,
      ownerEmail: expect.any(String),
    });
  });

  it("bans at once and unbans", async () => {
    const victim = await signUp(t.app);
    const id = (await t.app.inject({ url: "/api/me", headers: victim.headers })).json().user.id;
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: `/api/admin/users/${id}/ban`,
          headers: admin.headers,
          payload: { reason: "spam" },
        })
      ).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: "/api/me", headers: victim.headers })).statusCode).toBe(401);
    const listed = await t.app.inject({
      url: `/api/admin/users?q=${encodeURIComponent(victim.email)}`,
      headers: admin.headers,
    });
    expect(listed.json().items).toEqual([
      {
        id,
        email: victim.email,
        name: expect.any(String),
        role: "user",
        emailVerified: expect.any(Boolean),
        banned: true,
        banReason: "spam",
        createdAt: expect.any(String),
        workspaces: 1,
      },
    ]);
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: { origin: ORIGIN },
      payload: { email: victim.email, password: PASSWORD },
    });
    expect(refused.statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: `/api/admin/users/${id}/unban`,
          headers: admin.headers,
          payload: {},
        })
      ).statusCode,
    ).toBe(204);
    await signIn(t.app, victim.email);
  });

  it("keeps better-auth's own admin endpoints switched off", async () => {
    for (const url of [
      "/api/auth/admin/list-users",
      "/api/auth/admin/impersonate-user",
      "/api/auth/admin/set-role",
    ]) {
      const res = await t.app.inject({
        method: url.endsWith("list-users") ? "GET" : "POST",
        url,
        headers: admin.headers,
        payload: url.endsWith("list-users") ? undefined : {},
      });
      expect(res.statusCode, url).toBe(404);
    }
  });
});
