// Response times: the inbox's waiting/overdue flags against the workspace threshold, and the dashboard's
// first-response report computed from known conversation rows.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { seedChannel, seedConversation } from "../../../../test/support/conversations.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { conversations } from "../../db/schema/index.ts";

const MINUTE = 60_000;

describe("response times", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    t = await createTestApp();
    call = caller(t.app);
  });
  afterAll(() => t.close());

  const owner = async () => {
    const session = await signUp(t.app);
    const me = await meOf(t.app, session);
    return { session, workspaceId: me.activeWorkspace.id as string, userId: me.user.id as string };
  };

  /** A conversation whose client first wrote at `inboundAt` and, when given, got a reply `replySeconds` later. */
  async function conversation(
    workspaceId: string,
    integrationId: string,
    inboundAt: Date,
    replySeconds: number | null,
    assigneeId: string | null = null,
  ) {
    const { id } = await seedConversation(t, workspaceId, integrationId, { at: inboundAt, assigneeId });
    if (replySeconds !== null) {
      const repliedAt = new Date(inboundAt.getTime() + replySeconds * 1000);
      await t.database.db
        .update(conversations)
        .set({ firstResponseAt: repliedAt, lastOutboundAt: repliedAt, lastMessageAt: repliedAt })
        .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
    }
    return id;
  }

  const setThreshold = async (s: Session, workspaceId: string, unansweredMinutes: number) => {
    const res = await call(s, "PATCH", `/api/workspaces/${workspaceId}`, { unansweredMinutes });
    expect(res.statusCode, res.body).toBe(200);
  };

  const inbox = async (s: Session, query = "") => {
    const res = await call(s, "GET", `/api/conversations${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string; overdue: boolean; waitingSince: string | null }[];
  };

  it("flags a conversation overdue once the client has waited longer than the workspace threshold", async () => {
    const o = await owner();
    const tg = await seedChannel(t, o.workspaceId);
    const waitingAt = new Date(Date.now() - 30 * MINUTE);
    const waiting = await conversation(o.workspaceId, tg, waitingAt, null);
    const answered = await conversation(o.workspaceId, tg, new Date(Date.now() - 90 * MINUTE), 125);

    // The default threshold is 60 minutes: half an hour of waiting is not overdue yet.
    const one = (await call(o.session, "GET", `/api/conversations/${waiting}`)).json();
    expect(one).toMatchObject({
      unanswered: true,
      waitingSince: waitingAt.toISOString(),
      overdue: false,
      firstResponseSeconds: null,
    });
    const replied = (await call(o.session, "GET", `/api/conversations/${answered}`)).json();
    expect(replied).toMatchObject({
      unanswered: false,
      waitingSince: null,
      overdue: false,
      firstResponseSeconds: 125,
    });
    expect(await inbox(o.session, "?overdue=true")).toEqual([]);

    await setThreshold(o.session, o.workspaceId, 15);
    expect((await call(o.session, "GET", `/api/conversations/${waiting}`)).json().overdue).toBe(true);
    expect((await inbox(o.session, "?overdue=true")).map((c) => c.id)).toEqual([waiting]);
    expect((await inbox(o.session, "?overdue=false")).map((c) => c.id)).toEqual([answered]);
    // The explicit minutes filter keeps working and ignores the setting.
    expect((await inbox(o.session, "?unansweredMinutes=45")).map((c) => c.id)).toEqual([]);
    expect((await inbox(o.session, "?unansweredMinutes=20")).map((c) => c.id)).toEqual([waiting]);

    await setThreshold(o.session, o.workspaceId, 45);
    expect((await inbox(o.session)).find((c) => c.id === waiting)?.overdue).toBe(false);

    // A reply ends the wait: no longer waiting, no longer overdue, whatever the threshold.
    await setThreshold(o.session, o.workspaceId, 5);
    const repliedAt = new Date();
    await t.database.db
      .update(conversations)
      .set({ firstResponseAt: repliedAt, lastOutboundAt: repliedAt })
      .where(eq(conversations.id, waiting));
    const after = (await call(o.session, "GET", `/api/conversations/${waiting}`)).json();
    expect(after).toMatchObject({ unanswered: false, waitingSince: null, overdue: false });
    expect(after.firstResponseSeconds).toBe(Math.round((repliedAt.getTime() - waitingAt.getTime()) / 1000));
    expect(await inbox(o.session, "?overdue=true")).toEqual([]);

    expect((await call(o.session, "GET", "/api/conversations?overdue=maybe")).statusCode).toBe(422);
  });

  it("reports median and p90 first response, answered, unanswered, overdue and per day, for one workspace only", async () => {
    const w = await workspaceWithColleague(t.app, t.database.db, "member");
    const tg = await seedChannel(t, w.workspaceId);
    // The workspace is in Europe/Moscow (UTC+3): these are 10, 11 and 12 March there.
    const at = (iso: string) => new Date(iso);
    await conversation(w.workspaceId, tg, at("2026-03-10T06:00:00Z"), 60);
    await conversation(w.workspaceId, tg, at("2026-03-10T07:00:00Z"), 120);
    await conversation(w.workspaceId, tg, at("2026-03-10T20:59:00Z"), 600);
    await conversation(w.workspaceId, tg, at("2026-03-11T08:00:00Z"), 300);
    await conversation(w.workspaceId, tg, at("2026-03-11T09:00:00Z"), null);
    await conversation(w.workspaceId, tg, at("2026-03-12T10:00:00Z"), null);
    // 9 March, 23:59 in Moscow: outside the period although it is 10 March nowhere near UTC midnight.
    await conversation(w.workspaceId, tg, at("2026-03-09T20:59:00Z"), 10_000);
    // 13 March: outside too, and unanswered (overdue now all the same: overdue ignores the period).
    await conversation(w.workspaceId, tg, at("2026-03-13T10:00:00Z"), null);
    // Assigned to the owner and linked to nothing: the colleague (a member, sees own) does not see it.
    await conversation(w.workspaceId, tg, at("2026-03-10T08:00:00Z"), 1, w.ownerId);

    // Another workspace with the same dates must never show up.
    const other = await owner();
    const otherTg = await seedChannel(t, other.workspaceId);
    await conversation(other.workspaceId, otherTg, at("2026-03-10T06:30:00Z"), 5);
    await conversation(other.workspaceId, otherTg, at("2026-03-11T06:30:00Z"), null);

    const period = "?from=2026-03-10&to=2026-03-12";
    const res = await call(w.owner, "GET", `/api/analytics/responses${period}`);
    expect(res.statusCode, res.body).toBe(200);
    // Answered [1, 60, 120, 300, 600]: median 120; p90 = 300 + 0.6 × (600 − 300) = 480.
    expect(res.json()).toEqual({
      period: {
        from: "2026-03-09T21:00:00.000Z",
        to: "2026-03-12T21:00:00.000Z",
        timezone: "Europe/Moscow",
      },
      unansweredMinutes: 60,
      medianSeconds: 120,
      p90Seconds: 480,
      answered: 5,
      unanswered: 2,
      overdueNow: 3,
      days: [
        { day: "2026-03-10", answered: 4, unanswered: 0, medianSeconds: 90 },
        { day: "2026-03-11", answered: 1, unanswered: 1, medianSeconds: 300 },
        { day: "2026-03-12", answered: 0, unanswered: 1, medianSeconds: null },
      ],
    });

    // The colleague counts only what their inbox shows: not the owner's assigned conversation.
    // Answered [60, 120, 300, 600]: median 210; p90 = 300 + 0.7 × 300 = 510.
    const theirs = (await call(w.colleague, "GET", `/api/analytics/responses${period}`)).json();
    expect(theirs).toMatchObject({ medianSeconds: 210, p90Seconds: 510, answered: 4, unanswered: 2 });
    expect(theirs.days[0]).toEqual({ day: "2026-03-10", answered: 3, unanswered: 0, medianSeconds: 120 });

    // The overdue count follows the threshold, like the inbox filter.
    await setThreshold(w.owner, w.workspaceId, 10_080);
    const week = (await call(w.owner, "GET", `/api/analytics/responses${period}`)).json();
    expect(week).toMatchObject({ unansweredMinutes: 10_080, overdueNow: 3 });
    const recent = await conversation(w.workspaceId, tg, new Date(Date.now() - 10 * MINUTE), null);
    expect((await call(w.owner, "GET", "/api/analytics/responses")).json().overdueNow).toBe(3);
    await setThreshold(w.owner, w.workspaceId, 5);
    expect((await call(w.owner, "GET", "/api/analytics/responses")).json().overdueNow).toBe(4);
    expect((await inbox(w.owner, "?overdue=true")).map((c) => c.id)).toContain(recent);

    // The other workspace sees its own figures only.
    const theirWorkspace = (await call(other.session, "GET", `/api/analytics/responses${period}`)).json();
    expect(theirWorkspace).toMatchObject({
      medianSeconds: 5,
      p90Seconds: 5,
      answered: 1,
      unanswered: 1,
      overdueNow: 1,
    });

    const empty = (
      await call(w.owner, "GET", "/api/analytics/responses?from=2020-01-01&to=2020-01-31")
    ).json();
    expect(empty).toMatchObject({
      medianSeconds: null,
      p90Seconds: null,
      answered: 0,
      unanswered: 0,
      days: [],
    });
    const backwards = await call(w.owner, "GET", "/api/analytics/responses?from=2026-03-12&to=2026-03-10");
    expect(backwards.statusCode).toBe(422);
  });
});
