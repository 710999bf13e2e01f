import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { lastMail, type Session, signUp, tokenIn, uniqueEmail } from "../../../../test/support/auth.ts";
import { workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { auditLog, invitations } from "../../db/schema/index.ts";

describe("workspaces, members, invitations, teams and API keys", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const call = (
    s: Session | { headers: Record<string, string> },
    method: string,
    url: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method: method as "GET",
      url,
      headers: s.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const me = async (s: Session) => (await call(s, "GET", "/api/me")).json();

  const team = (role: "admin" | "manager" | "member" = "manager") =>
    workspaceWithColleague(t.app, t.database.db, role);

  it("lets an invited colleague join the same workspace with a narrower role", async () => {
    const { owner, colleague, workspaceId } = await team("manager");
    const theirs = await me(colleague);
    expect(theirs.activeWorkspace.id).toBe(workspaceId);
    expect(theirs.role).toBe("manager");
    expect(theirs.permissions).not.toContain("members.manage");
    expect(theirs.workspaces.map((w: { role: string }) => w.role).sort()).toEqual(["manager", "owner"]);
    const list = (await call(owner, "GET", `/api/workspaces/${workspaceId}/members`)).json().items;
    expect(list.map((m: { role: string }) => m.role)).toEqual(["owner", "manager"]);
  });

  it("answers 410 for a used, revoked or expired invitation and 403 for someone else's", async () => {
    const { owner, colleague, workspaceId, token } = await team();
    expect((await call(colleague, "POST", "/api/invitations/accept", { token })).statusCode).toBe(410);

    const stranger = await signUp(t.app);
    const other = await call(owner, "POST", `/api/workspaces/${workspaceId}/invitations`, {
      email: uniqueEmail("x"),
      role: "member",
    });
    const otherToken = tokenIn((await lastMail(t.database.db, other.json().email, "invitation")).text);
    expect((await call(stranger, "POST", "/api/invitations/accept", { token: otherToken })).statusCode).toBe(
      403,
    );

    const late = await call(owner, "POST", `/api/workspaces/${workspaceId}/invitations`, {
      email: stranger.email,
      role: "member",
    });
    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, late.json().id)));
    const lateToken = tokenIn((await lastMail(t.database.db, stranger.email, "invitation")).text);
    const expired = await call(stranger, "POST", "/api/invitations/accept", { token: lateToken });
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ error: { code: "gone", details: { status: "expired" } } });

    const again = await call(owner, "POST", `/api/workspaces/${workspaceId}/invitations`, {
      email: stranger.email,
      role: "member",
    });
    expect(
      (await call(owner, "DELETE", `/api/workspaces/${workspaceId}/invitations/${again.json().id}`))
        .statusCode,
    ).toBe(204);
    const revokedToken = tokenIn((await lastMail(t.database.db, stranger.email, "invitation")).text);
    expect(
      (await call(stranger, "POST", "/api/invitations/accept", { token: revokedToken })).statusCode,
    ).toBe(410);
    expect(
      (await call(stranger, "POST", "/api/invitations/accept", { token: `${revokedToken}x` })).statusCode,
    ).toBe(404);
  });

  it("enforces roles: members cannot invite, admins cannot transfer ownership, the owner can", async () => {
    const { owner, colleague, workspaceId, colleagueId } = await team("member");
    const denied = await call(colleague, "POST", `/api/workspaces/${workspaceId}/invitations`, {
      email: uniqueEmail(),
      role: "member",
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (await call(colleague, "PATCH", `/api/workspaces/${workspaceId}`, { name: "Моё" })).statusCode,
    ).toBe(403);

    const promoted = await call(owner, "PATCH", `/api/workspaces/${workspaceId}/members/${colleagueId}`, {
      role: "admin",
    });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toEqual({
      workspaceId,
      userId: colleagueId,
      role: "admin",
      createdAt: expect.any(String),
    });
    const ownerId = (await me(owner)).user.id;
    expect(
      (
        await call(colleague, "POST", `/api/workspaces/${workspaceId}/transfer-ownership`, {
          userId: colleagueId,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call(colleague, "PATCH", `/api/workspaces/${workspaceId}/members/${ownerId}`, {
          role: "member",
        })
      ).statusCode,
    ).toBe(409);

    expect(
      (
        await call(owner, "POST", `/api/workspaces/${workspaceId}/transfer-ownership`, {
          userId: colleagueId,
        })
      ).statusCode,
    ).toBe(204);
    expect((await me(colleague)).role).toBe("owner");
    expect((await me(owner)).role).toBe("admin");
    const changes = await t.database.db.select().from(auditLog).where(eq(auditLog.workspaceId, workspaceId));
    expect(changes.map((c) => c.action)).toEqual(
      expect.arrayContaining([
        "member.role_changed",
        "workspace.ownership_transferred",
        "invitation.accepted",
      ]),
    );
  });

  it("removes a member, who then keeps working in their own workspace only", async () => {
    const { owner, colleague, workspaceId, colleagueId } = await team();
    expect(
      (await call(owner, "DELETE", `/api/workspaces/${workspaceId}/members/${colleagueId}`)).statusCode,
    ).toBe(204);
    const theirs = await me(colleague);
    expect(theirs.activeWorkspace.id).not.toBe(workspaceId);
    expect((await call(colleague, "GET", `/api/workspaces/${workspaceId}/members`)).statusCode).toBe(404);
  });

  it("keeps the unanswered-minutes threshold: 60 by default, 5 to 10080, owner and admin only", async () => {
    const { owner, colleague, workspaceId } = await team("manager");
    const url = `/api/workspaces/${workspaceId}`;
    expect((await me(owner)).activeWorkspace.unansweredMinutes).toBe(60);
    for (const unansweredMinutes of [4, 10_081, 30.5, "15", null]) {
      const bad = await call(owner, "PATCH", url, { unansweredMinutes });
      expect(bad.statusCode, String(unansweredMinutes)).toBe(422);
      expect(bad.json().error.code).toBe("validation_failed");
    }
    // A bad threshold fails the whole patch: the name does not change either.
    expect((await call(owner, "PATCH", url, { name: "Новое", unansweredMinutes: 1 })).statusCode).toBe(422);
    expect((await call(colleague, "PATCH", url, { unansweredMinutes: 15 })).statusCode).toBe(403);
    expect((await me(owner)).activeWorkspace).toMatchObject({ name: "Продажи", unansweredMinutes: 60 });

    const saved = await call(owner, "PATCH", url, { unansweredMinutes: 5 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().unansweredMinutes).toBe(5);
    expect((await call(owner, "PATCH", url, { unansweredMinutes: 10_080 })).json().unansweredMinutes).toBe(
      10_080,
    );
    // The colleague reads it from /api/me like every other workspace setting.
    expect((await me(colleague)).activeWorkspace.unansweredMinutes).toBe(10_080);

    const admin = await team("admin");
    const byAdmin = await call(admin.colleague, "PATCH", `/api/workspaces/${admin.workspaceId}`, {
      unansweredMinutes: 30,
    });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await me(admin.owner)).activeWorkspace.unansweredMinutes).toBe(30);
  });

  it("switches between the workspaces a person belongs to", async () => {
    const owner = await signUp(t.app);
    const first = (await me(owner)).activeWorkspace.id;
    const created = await call(owner, "POST", "/api/workspaces", {
      name: "Второе",
      timezone: "Asia/Yekaterinburg",
    });
    expect(created.statusCode).toBe(201);
    expect((await me(owner)).activeWorkspace).toMatchObject({
      name: "Второе",
      timezone: "Asia/Yekaterinburg",
    });
    const listed = (await call(owner, "GET", "/api/workspaces")).json();
    expect(listed.items).toMatchObject([
      { id: first, role: "owner" },
      { id: created.json().id, name: "Второе", timezone: "Asia/Yekaterinburg", role: "owner" },
    ]);
    expect((await call(owner, "POST", `/api/workspaces/${first}/activate`)).statusCode).toBe(204);
    expect((await me(owner)).activeWorkspace.id).toBe(first);
    const bad = await call(owner, "POST", "/api/workspaces", { name: "x", timezone: "Mars/Olympus" });
    expect(bad.statusCode).toBe(422);
  });

  it("groups members into teams with a lead", async () => {
    const { owner, workspaceId, colleagueId } = await team();
    const created = await call(owner, "POST", `/api/workspaces/${workspaceId}/teams`, {
      name: "Опт",
      leadUserId: colleagueId,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: "Опт", leadUserId: colleagueId, memberIds: [colleagueId] });
    const stranger = await signUp(t.app);
    const strangerId = (await me(stranger)).user.id;
    const bad = await call(
      owner,
      "PUT",
      `/api/workspaces/${workspaceId}/teams/${created.json().id}/members/${strangerId}`,
    );
    expect(bad.statusCode).toBe(422);
    const teams = (await call(owner, "GET", `/api/workspaces/${workspaceId}/teams`)).json();
    expect(teams.items).toHaveLength(1);
  });

  it("lets an API key act in its own workspace only, with its role, until revoked", async () => {
    const owner = await signUp(t.app);
    const workspaceId = (await me(owner)).activeWorkspace.id;
    const created = await call(owner, "POST", `/api/workspaces/${workspaceId}/api-keys`, {
      name: "1С",
      role: "manager",
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^flm_/);
    const listed = (await call(owner, "GET", `/api/workspaces/${workspaceId}/api-keys`)).body;
    expect(listed).not.toContain(key.split("_").at(-1));

    const bearer = { headers: { authorization: `Bearer ${key}` } };
    const asKey = await call(bearer, "GET", "/api/me");
    expect(asKey.statusCode).toBe(200);
    expect(asKey.json()).toMatchObject({
      user: null,
      apiKeyId: id,
      activeWorkspace: { id: workspaceId },
      role: "manager",
    });
    const own = (await call(bearer, "GET", "/api/workspaces")).json();
    expect(own).toEqual({ items: [expect.objectContaining({ id: workspaceId, role: "manager" })] });
    expect(own.items[0].name).toEqual(expect.any(String));

    const other = await signUp(t.app);
    const otherWorkspace = (await me(other)).activeWorkspace.id;
    expect((await call(bearer, "GET", `/api/workspaces/${otherWorkspace}/members`)).statusCode).toBe(404);
    expect(
      (await call(bearer, "POST", `/api/workspaces/${workspaceId}/api-keys`, { name: "x", role: "admin" }))
        .statusCode,
    ).toBe(403);

    expect((await call(owner, "DELETE", `/api/workspaces/${workspaceId}/api-keys/${id}`)).statusCode).toBe(
      204,
    );
    expect((await call(bearer, "GET", "/api/me")).statusCode).toBe(401);
    expect(
      (await call({ headers: { authorization: "Bearer flm_nonsense" } }, "GET", "/api/me")).statusCode,
    ).toBe(401);
  });

  it("answers 404 for another workspace's members, invitations, teams and keys", async () => {
    const a = await team();
    const b = await signUp(t.app);
    const bWorkspace = (await me(b)).activeWorkspace.id;
    const aTeam = (
      await call(a.owner, "POST", `/api/workspaces/${a.workspaceId}/teams`, { name: "A" })
    ).json();
    const aInvite = (
      await call(a.owner, "POST", `/api/workspaces/${a.workspaceId}/invitations`, {
        email: uniqueEmail(),
        role: "member",
      })
    ).json();
    const aKey = (
      await call(a.owner, "POST", `/api/workspaces/${a.workspaceId}/api-keys`, { name: "k", role: "member" })
    ).json();

    // Through A's path: B is not a member.
    for (const [method, url] of [
      ["GET", `/api/workspaces/${a.workspaceId}/members`],
      ["DELETE", `/api/workspaces/${a.workspaceId}/members/${a.colleagueId}`],
      ["DELETE", `/api/workspaces/${a.workspaceId}/invitations/${aInvite.id}`],
      ["DELETE", `/api/workspaces/${a.workspaceId}/teams/${aTeam.id}`],
      ["DELETE", `/api/workspaces/${a.workspaceId}/api-keys/${aKey.id}`],
    ] as const) {
      expect((await call(b, method, url)).statusCode, `${method} ${url}`).toBe(404);
    }
    // Through B's own path with A's ids.
    for (const [method, url, body] of [
      ["PATCH", `/api/workspaces/${bWorkspace}/members/${a.colleagueId}`, { role: "member" }],
      ["DELETE", `/api/workspaces/${bWorkspace}/members/${a.colleagueId}`, undefined],
      ["DELETE", `/api/workspaces/${bWorkspace}/invitations/${aInvite.id}`, undefined],
      ["DELETE", `/api/workspaces/${bWorkspace}/teams/${aTeam.id}`, undefined],
      ["PUT", `/api/workspaces/${bWorkspace}/teams/${aTeam.id}/members/${a.colleagueId}`, undefined],
      ["DELETE", `/api/workspaces/${bWorkspace}/api-keys/${aKey.id}`, undefined],
    ] as const) {
      expect((await call(b, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    // Nothing changed in A.
    const members = (await call(a.owner, "GET", `/api/workspaces/${a.workspaceId}/members`)).json();
    expect(members.items).toHaveLength(2);
    const teams = (await call(a.owner, "GET", `/api/workspaces/${a.workspaceId}/teams`)).json();
    expect(teams.items).toHaveLength(1);
    const keys = (await call(a.owner, "GET", `/api/workspaces/${a.workspaceId}/api-keys`)).json();
    expect(keys.items[0].revokedAt).toBeNull();
  });

  it("lets someone sign up from an invitation straight into the inviting workspace", async () => {
    const owner = await signUp(t.app);
    const workspaceId = (await me(owner)).activeWorkspace.id;
    const email = uniqueEmail("new");
    await call(owner, "POST", `/api/workspaces/${workspaceId}/invitations`, { email, role: "member" });
    const token = tokenIn((await lastMail(t.database.db, email, "invitation")).text);
    const newcomer = await signUp(t.app, { email, invitationToken: token });
    const theirs = await me(newcomer);
    expect(theirs.workspaces).toEqual([{ id: workspaceId, name: expect.any(String), role: "member" }]);
    expect(theirs.activeWorkspace.id).toBe(workspaceId);
  });
});
