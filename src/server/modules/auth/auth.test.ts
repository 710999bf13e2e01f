import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import {
  lastMail,
  ORIGIN,
  PASSWORD,
  signIn,
  signUp,
  tokenIn,
  uniqueEmail,
} from "../../../../test/support/auth.ts";
import { auditLog, users } from "../../db/schema/index.ts";

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

  it("sets an httpOnly, SameSite=Lax session cookie", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-up/email",
      headers: { origin: ORIGIN },
      payload: { email: uniqueEmail(), name: "x", password: PASSWORD },
    });
    const cookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith("flame.session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // PUBLIC_URL is http here
  });

  it("verifies an e-mail through the link in the mail", async () => {
    const s = await signUp(t.app);
    const mail = await lastMail(t.database.db, s.email, "verify-email");
    expect(mail.text).toContain("http://localhost:3000/verify-email?token=");
    const res = await t.app.inject({
      url: `/api/auth/verify-email?token=${encodeURIComponent(tokenIn(mail.text))}`,
    });
    expect(res.statusCode).toBe(200);
    const [user] = await t.database.db.select().from(users).where(eq(users.email, s.email));
    expect(user?.emailVerified).toBe(true);
  });

  it("resets a forgotten password through the mailed link and ends the old sessions", async () => {
    const s = await signUp(t.app);
    const asked = await t.app.inject({
      method: "POST",
      url: "/api/auth/request-password-reset",
      headers: { origin: ORIGIN },
      payload: { email: s.email },
    });
    expect(asked.statusCode).toBe(200);
    const token = tokenIn((await lastMail(t.database.db, s.email, "reset-password")).text);
    const reset = await t.app.inject({
      method: "POST",
      url: "/api/auth/reset-password",
      headers: { origin: ORIGIN },
      payload: { token, newPassword: "a brand new password" },
    });
    expect(reset.statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/me", headers: s.headers })).statusCode).toBe(401);
    await signIn(t.app, s.email, "a brand new password");
    await expect(signIn(t.app, s.email, PASSWORD)).rejects.toThrow(/401/);
  });

  it("records sign-ins and failed sign-ins in the audit log", async () => {
    const s = await signUp(t.app);
    await signIn(t.app, s.email);
    await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: { origin: ORIGIN },
      payload: { email: s.email, password: "not the password" },
    });
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.target, s.email));
    expect(rows.map((r) => r.action).sort()).toEqual(["auth.sign_in", "auth.sign_in_failed"]);
  });

  it("refuses a cookie-authenticated write from another site (CSRF)", async () => {
    const s = await signUp(t.app);
    const { cookie } = s;
    for (const headers of [{ cookie }, { cookie, origin: "https://evil.example" }]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/workspaces",
        headers,
        payload: { name: "x" },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: "forbidden", details: { reason: "csrf" } } });
    }
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/workspaces",
      headers: s.headers,
      payload: { name: "x" },
    });
    expect(ok.statusCode).toBe(201);
  });

  it("answers brute force on one account with 429 and Retry-After", async () => {
    const s = await signUp(t.app);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof t.app.inject>> | null = null;
    for (let i = 0; i < 12; i++) {
      last = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        headers: { origin: ORIGIN, "x-forwarded-for": `10.0.0.${i}` },
        payload: { email: s.email, password: `guess number ${i}` },
      });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 10).every((code) => code === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(last?.headers["retry-after"])).toBeGreaterThan(0);
    expect(last?.json()).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("answers many sign-ins from one address with 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        headers: { origin: ORIGIN, "x-forwarded-for": "10.9.9.9" },
        payload: { email: uniqueEmail("spray"), password: "whatever password" },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((code) => code === 401)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);
  });
});
