import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { ORIGIN, PASSWORD, signIn, signUp, uniqueEmail } from "../../../../test/support/auth.ts";

describe("accounts", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("signs up into a workspace of one's own and reads it from /api/me", async () => {
    const s = await signUp(t.app, { name: "Анна Смирнова", workspaceName: "ООО Ромашка" });
    const me = await t.app.inject({ url: "/api/me", headers: s.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: s.email, name: "Анна Смирнова" },
      workspaces: [{ name: "ООО Ромашка", role: "owner" }],
      activeWorkspace: { name: "ООО Ромашка", timezone: "Europe/Moscow", currency: "RUB", locale: "ru" },
      role: "owner",
    });
    expect(me.json().permissions).toContain("members.manage");
  });

  it("answers 401 JSON to /api/me without a session", async () => {
    const res = await t.app.inject({ url: "/api/me" });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("refuses a duplicate e-mail with 409, a weak password with 422, wrong credentials with 401", async () => {
    const email = uniqueEmail();
    await signUp(t.app, { email });
    const again = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-up/email",
      headers: { origin: ORIGIN },
      payload: { email: email.toUpperCase(), name: "x", password: PASSWORD },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: "conflict" } });

    const short = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-up/email",
      headers: { origin: ORIGIN },
      payload: { email: uniqueEmail(), name: "x", password: "short" },
    });
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({
      error: { code: "validation_failed", details: { reason: "PASSWORD_TOO_SHORT" } },
    });

    const sameAsEmail = uniqueEmail();
    const same = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-up/email",
      headers: { origin: ORIGIN },
      payload: { email: sameAsEmail, name: "x", password: sameAsEmail },
    });
    expect(same.statusCode).toBe(422);

    for (const [login, password] of [
      [email, "wrong password!"],
      [uniqueEmail("nobody"), PASSWORD],
    ]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        headers: { origin: ORIGIN },
        payload: { email: login, password },
      });
      expect(res.statusCode).toBe(401);
      // The same answer for an unknown e-mail and a wrong password: nothing to enumerate.
      expect(res.json()).toEqual({
        error: {
          code: "unauthenticated",
          message: expect.any(String),
          details: { reason: "INVALID_EMAIL_OR_PASSWORD" },
        },
      });
    }
  });

  it("signs in, signs out, and signs out everywhere", async () => {
    const first = await signUp(t.app);
    const second = await signIn(t.app, first.email);
    expect((await t.app.inject({ url: "/api/me", headers: second.headers })).statusCode).toBe(200);

    await t.app.inject({ method: "POST", url: "/api/auth/sign-out", headers: second.headers, payload: {} });
    expect((await t.app.inject({ url: "/api/me", headers: second.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/me", headers: first.headers })).statusCode).toBe(200);

    const third = await signIn(t.app, first.email);
    const everywhere = await t.app.inject({
      method: "POST",
      url: "/api/auth/revoke-sessions",
      headers: third.headers,
      payload: {},
    });
    expect(everywhere.statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/me", headers: first.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/me", headers: third.headers })).statusCode).toBe(401);
  });
});
