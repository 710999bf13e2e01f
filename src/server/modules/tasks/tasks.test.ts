import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { outbox } from "../../db/schema/index.ts";

const DAY = 24 * 3600_000;
const MSK = 3 * 3600_000; // Europe/Moscow is UTC+3 all year round
/** An instant written as Moscow local time with its offset, as a client in Moscow sends it. */
const inMoscow = (ms: number) => new Date(ms + MSK).toISOString().replace("Z", "+03:00");

describe("tasks", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  const whoIs = async (s: Session) => {
    const me = await meOf(t.app, s);
    return { userId: me.user.id as string, workspaceId: me.activeWorkspace.id as string };
  };
  const taskEvents = (workspaceId: string) =>
    t.database.db
      .select({ topic: outbox.topic, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), like(outbox.topic, "task.%")))
      .orderBy(asc(outbox.id));
  const createCompany = async (who: Session, body: object = {}) => {
    const res = await call(who, "POST", "/api/companies", { name: "ООО Ромашка", ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const createDeal = async (who: Session, body: object = {}) => {
    const res = await call(who, "POST", "/api/deals", { title: "Поставка", ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);
  const titles = (res: { json(): { items: { title: string }[] } }) => res.json().items.map((i) => i.title);

  it("creates a task assigned to the caller, linked to records, reads it back and emits task.created", async () => {
    const s = await signUp(t.app);
    const { userId, workspaceId } = await whoIs(s);
    const contactId = (await call(s, "POST", "/api/contacts", { firstName: "Анна" })).json().id;
    const companyId = await createCompany(s);
    const dealId = await createDeal(s);
    const res = await call(s, "POST", "/api/tasks", {
      title: "Позвонить клиенту",
      description: "Уточнить сроки",
      dueAt: "2030-01-15T12:00:00+03:00",
      contactId,
      companyId,
      dealId,
      doneAt: "2030-01-01T00:00:00Z", // read-only: ignored
    });
    expect(res.statusCode).toBe(201);
    const task = res.json();
    expect(task).toMatchObject({
      title: "Позвонить клиенту",
      description: "Уточнить сроки",
      dueAt: "2030-01-15T09:00:00.000Z",
      assigneeId: userId,
      createdBy: userId,
      doneAt: null,
      contactId,
      companyId,
      dealId,
    });
    expect((await call(s, "GET", `/api/tasks/${task.id}`)).json()).toEqual(task);
    expect(await taskEvents(workspaceId)).toEqual([
      {
        topic: "task.created",
        payload: expect.objectContaining({ id: task.id, contactId, companyId, dealId }),
      },
    ]);
  });

  it("refuses a task without a title or with a due time lacking an offset with 422, and writes nothing", async () => {
    const s = await signUp(t.app);
    const missing = await call(s, "POST", "/api/tasks", { description: "без названия" });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details).toEqual([{ field: "body.title", message: expect.any(String) }]);
    for (const body of [
      { title: "   " },
      { title: "X", dueAt: "2030-01-15T12:00:00" },
      { title: "X", dueAt: "завтра" },
      { title: "X", dueAt: 5 },
    ]) {
      expect((await call(s, "POST", "/api/tasks", body)).statusCode, JSON.stringify(body)).toBe(422);
    }
    expect((await call(s, "GET", "/api/tasks")).json().items).toEqual([]);
  });

  it("refuses an assignee from outside the workspace and links into another workspace with 404, writing nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const aw = await whoIs(a);
    const bw = await whoIs(b);
    const bContact = (await call(b, "POST", "/api/contacts", { firstName: "Чужой" })).json().id;
    const bCompany = await createCompany(b);
    const bDeal = await createDeal(b);
    const existing = (await call(a, "POST", "/api/tasks", { title: "Своя" })).json();
    for (const body of [
      { assigneeId: bw.userId },
      { contactId: bContact },
      { companyId: bCompany },
      { dealId: bDeal },
      { contactId: "nope" },
    ]) {
      const created = await call(a, "POST", "/api/tasks", { title: "X", ...body });
      expect(created.statusCode, JSON.stringify(body)).toBe(404);
      const patched = await call(a, "PATCH", `/api/tasks/${existing.id}`, { title: "Изменена", ...body });
      expect(patched.statusCode, JSON.stringify(body)).toBe(404);
    }
    expect((await call(a, "GET", "/api/tasks")).json().items).toEqual([existing]);
    expect((await taskEvents(aw.workspaceId)).map((e) => e.topic)).toEqual(["task.created"]);
  });

  it("answers 404 to another workspace's read, change, complete, reopen and delete, and changes nothing", async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const { workspaceId } = await whoIs(a);
    const task = (await call(a, "POST", "/api/tasks", { title: "Секретная" })).json();
    for (const [method, url, body] of [
      ["GET", ""],
      ["PATCH", "", { title: "Взлом" }],
      ["POST", "/complete"],
      ["POST", "/reopen"],
      ["DELETE", ""],
    ] as const) {
      const res = await call(b, method, `/api/tasks/${task.id}${url}`, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call(b, "GET", "/api/tasks")).json().items).toEqual([]);
    expect((await call(a, "GET", `/api/tasks/${task.id}`)).json()).toEqual(task);
    expect((await taskEvents(workspaceId)).map((e) => e.topic)).toEqual(["task.created"]);
  });

  it("changes a task with a diff, completes and reopens it, deletes it, and emits each step", async () => {
    const s = await signUp(t.app);
    const { workspaceId } = await whoIs(s);
    const contactId = (await call(s, "POST", "/api/contacts", { firstName: "Олег" })).json().id;
    const task = (
      await call(s, "POST", "/api/tasks", { title: "Отправить КП", dueAt: "2030-02-01T10:00:00Z", contactId })
    ).json();

    const patched = await call(s, "PATCH", `/api/tasks/${task.id}`, {
      title: "Отправить договор",
      dueAt: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ title: "Отправить договор", dueAt: null, contactId });
    // The same values again change nothing and emit nothing.
    await call(s, "PATCH", `/api/tasks/${task.id}`, { title: "Отправить договор" });

    const done = (await call(s, "POST", `/api/tasks/${task.id}/complete`)).json();
    expect(done.doneAt).toEqual(expect.any(String));
    // Completing twice keeps the first completion.
    expect((await call(s, "POST", `/api/tasks/${task.id}/complete`)).json().doneAt).toBe(done.doneAt);
    expect(ids(await call(s, "GET", "/api/tasks?status=done"))).toEqual([task.id]);
    expect(ids(await call(s, "GET", "/api/tasks?status=open"))).toEqual([]);

    const reopened = await call(s, "POST", `/api/tasks/${task.id}/reopen`);
    expect(reopened.json().doneAt).toBeNull();
    expect(ids(await call(s, "GET", "/api/tasks?status=open"))).toEqual([task.id]);

    expect((await call(s, "DELETE", `/api/tasks/${task.id}`)).statusCode).toBe(204);
    expect((await call(s, "GET", `/api/tasks/${task.id}`)).statusCode).toBe(404);

    const events = await taskEvents(workspaceId);
    expect(events.map((e) => e.topic)).toEqual([
      "task.created",
      "task.updated",
      "task.completed",
      "task.reopened",
      "task.deleted",
    ]);
    for (const e of events) {
      expect(e.payload).toMatchObject({ id: task.id, contactId, companyId: null, dealId: null });
    }
    expect(events[1]?.payload.changes).toEqual({
      title: { from: "Отправить КП", to: "Отправить договор" },
      dueAt: { from: "2030-02-01T10:00:00.000Z", to: null },
    });
    expect(Object.keys(events[2]?.payload.changes as object)).toEqual(["doneAt"]);
  });

  it("lists today's, overdue and upcoming tasks by the workspace's day in Europe/Moscow", async () => {
    const s = await signUp(t.app);
    const { workspaceId } = await whoIs(s);
    const tz = await call(s, "PATCH", `/api/workspaces/${workspaceId}`, { timezone: "Europe/Moscow" });
    expect(tz.statusCode).toBe(200);
    const now = Date.now();
    const midnight = Math.floor((now + MSK) / DAY) * DAY - MSK; // today 00:00 in Moscow
    const due = {
      yesterday: midnight - 12 * 3600_000,
      "today 00:00": midnight,
      "earlier today": midnight + Math.floor((now - midnight) / 2),
      "tomorrow 00:00": midnight + DAY,
      tomorrow: midnight + DAY + 12 * 3600_000,
    };
    for (const [title, at] of Object.entries(due)) {
      expect((await call(s, "POST", "/api/tasks", { title, dueAt: inMoscow(at) })).statusCode).toBe(201);
    }
    const doneYesterday = (
      await call(s, "POST", "/api/tasks", { title: "done yesterday", dueAt: inMoscow(due.yesterday + 1) })
    ).json();
    await call(s, "POST", `/api/tasks/${doneYesterday.id}/complete`);
    await call(s, "POST", "/api/tasks", { title: "no due date" });

    expect(titles(await call(s, "GET", "/api/tasks?view=today"))).toEqual(["today 00:00", "earlier today"]);
    expect(titles(await call(s, "GET", "/api/tasks?view=overdue"))).toEqual([
      "yesterday",
      "today 00:00",
      "earlier today",
    ]);
    expect(titles(await call(s, "GET", "/api/tasks?view=upcoming"))).toEqual(["tomorrow 00:00", "tomorrow"]);
    expect(titles(await call(s, "GET", "/api/tasks"))).toEqual([
      "yesterday",
      "done yesterday",
      "today 00:00",
      "earlier today",
      "tomorrow 00:00",
      "tomorrow",
      "no due date",
    ]);
    expect(titles(await call(s, "GET", "/api/tasks?view=overdue&status=done"))).toEqual([]);
    expect((await call(s, "GET", "/api/tasks?view=someday")).statusCode).toBe(422);
  });

  it("pages by due time then id with a keyset cursor, every task exactly once, undated last", async () => {
    const s = await signUp(t.app);
    const base = Date.parse("2030-03-01T00:00:00Z");
    for (let i = 0; i < 25; i++) {
      // Several tasks share a due time, and some have none: the id breaks ties.
      const dueAt = i % 5 === 4 ? null : new Date(base + (i % 7) * 3600_000).toISOString();
      await call(s, "POST", "/api/tasks", { title: `Задача ${i}`, dueAt });
    }
    const seen: { id: string; dueAt: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/tasks?limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const res = (await call(s, "GET", query)).json();
      seen.push(...res.items);
      cursor = res.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen.map((x) => x.id)).size).toBe(25);
    const key = (x: { id: string; dueAt: string | null }) =>
      [x.dueAt ? Date.parse(x.dueAt) : Infinity, x.id] as const;
    const sorted = [...seen].sort((x, y) => {
      const [[dx, ix], [dy, iy]] = [key(x), key(y)];
      return dx !== dy ? dx - dy : ix < iy ? -1 : ix > iy ? 1 : 0;
    });
    expect(seen.map((x) => x.id)).toEqual(sorted.map((x) => x.id));
    expect(seen.slice(-5).every((x) => x.dueAt === null)).toBe(true);
    const firstDesc = (await call(s, "GET", "/api/tasks?order=desc&limit=1")).json().items[0];
    expect(firstDesc.dueAt).toBeNull();
  });

  it("filters by assignee, record and status", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "manager");
    const contactId = (await call(w.owner, "POST", "/api/contacts", { firstName: "Пётр" })).json().id;
    const dealId = await createDeal(w.owner);
    const companyId = await createCompany(w.owner, { ownerId: null });
    const make = async (body: object) =>
      (await call(w.owner, "POST", "/api/tasks", body)).json().id as string;
    const forColleague = await make({ title: "Коллеге", assigneeId: w.colleagueId, contactId });
    const onDeal = await make({ title: "По сделке", dealId });
    const onCompany = await make({ title: "По компании", companyId });
    await call(w.owner, "POST", `/api/tasks/${onCompany}/complete`);

    expect(ids(await call(w.owner, "GET", `/api/tasks?assigneeId=${w.colleagueId}`))).toEqual([forColleague]);
    expect(ids(await call(w.owner, "GET", `/api/tasks?contactId=${contactId}`))).toEqual([forColleague]);
    expect(ids(await call(w.owner, "GET", `/api/tasks?dealId=${dealId}`))).toEqual([onDeal]);
    expect(ids(await call(w.owner, "GET", `/api/tasks?companyId=${companyId}`))).toEqual([onCompany]);
    expect(ids(await call(w.owner, "GET", "/api/tasks?status=done"))).toEqual([onCompany]);
    expect((await call(w.owner, "GET", "/api/tasks?status=open")).json().items).toHaveLength(2);
  });

  it("shows a member with `own` visibility the tasks assigned to them, created by them or unassigned", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const make = async (who: Session, body: object) => {
      const res = await call(who, "POST", "/api/tasks", body);
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const owners = await make(w.owner, { title: "Владельца" });
    const assigned = await make(w.owner, { title: "Коллеге", assigneeId: w.colleagueId });
    const unassigned = await make(w.owner, { title: "Ничья", assigneeId: null });
    const delegated = await make(w.colleague, { title: "Поручена владельцу", assigneeId: w.ownerId });

    const seen = ids(await call(w.colleague, "GET", "/api/tasks"));
    expect(seen.sort()).toEqual([assigned, unassigned, delegated].sort());
    for (const [method, url, body] of [
      ["GET", ""],
      ["PATCH", "", { title: "Взлом" }],
      ["POST", "/complete"],
    ] as const) {
      expect((await call(w.colleague, method, `/api/tasks/${owners}${url}`, body)).statusCode).toBe(404);
    }
    expect((await call(w.owner, "GET", "/api/tasks")).json().items).toHaveLength(4);
    expect((await call(w.owner, "GET", `/api/tasks/${owners}`)).json().title).toBe("Владельца");

    // A record the member may not see cannot be linked, and a member may not delete tasks.
    const ownersContact = (await call(w.owner, "POST", "/api/contacts", { firstName: "Чужой" })).json().id;
    const linked = await call(w.colleague, "POST", "/api/tasks", { title: "X", contactId: ownersContact });
    expect(linked.statusCode).toBe(404);
    const ownersDeal = await createDeal(w.owner);
    const onDeal = await call(w.colleague, "PATCH", `/api/tasks/${assigned}`, { dealId: ownersDeal });
    expect(onDeal.statusCode).toBe(404);
    expect((await call(w.colleague, "GET", `/api/tasks/${assigned}`)).json().dealId).toBeNull();
    expect((await call(w.colleague, "DELETE", `/api/tasks/${assigned}`)).statusCode).toBe(403);
    expect((await call(w.colleague, "GET", "/api/tasks")).json().items).toHaveLength(3);
  });

  it("shows a manager with `team` visibility the tasks of teammates only", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "manager");
    const owners = (await call(w.owner, "POST", "/api/tasks", { title: "Владельца" })).json().id;
    expect((await call(w.colleague, "GET", `/api/tasks/${owners}`)).statusCode).toBe(404);
    const team = await call(w.owner, "POST", `/api/workspaces/${w.workspaceId}/teams`, {
      name: "Отдел продаж",
      memberIds: [w.ownerId, w.colleagueId],
    });
    expect(team.statusCode).toBe(201);
    expect((await call(w.colleague, "GET", `/api/tasks/${owners}`)).statusCode).toBe(200);
    expect(ids(await call(w.colleague, "GET", "/api/tasks"))).toEqual([owners]);
  });
});
