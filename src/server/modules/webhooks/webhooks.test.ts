// /api/webhooks end to end: real HTTP through the app, real PostgreSQL, and a real receiver on
// 127.0.0.1 (hence FLAME_ALLOW_PRIVATE_WEBHOOKS=true, except in the SSRF block at the end).
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { auditLog, webhookDeliveries, webhookIntegrations } from "../../db/schema/index.ts";
import { WEBHOOK_SECRET_CONTEXT } from "./webhooks.schemas.ts";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers `status`. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(state.status, { "content-type": "text/plain" }).end(`answered ${state.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/flame`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver checks: `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
function signedWith(secret: string, received: Received) {
  const header = String(received.headers["x-flame-signature"]);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(`${match[1]}.${received.body}`).digest("hex");
  return match[2] === expected;
}

describe("/api/webhooks", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp({ env: { FLAME_ALLOW_PRIVATE_WEBHOOKS: "true" } });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const db = () => t.database.db;
  const workspaceOf = async (who: Session) => (await meOf(t.app, who)).activeWorkspace.id as string;
  const create = async (who: Session, body: Record<string, unknown> = {}) => {
    const res = await call(who, "POST", "/api/webhooks", {
      url: receiver.url,
      events: ["deal.won"],
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string } & Record<string, unknown>;
  };
  const storedRows = (workspaceId: string) =>
    db().select().from(webhookIntegrations).where(eq(webhookIntegrations.workspaceId, workspaceId));
  let eventId = 1;
  const insertDeliveries = async (
    workspaceId: string,
    webhookId: string,
    rows: { status: "pending" | "succeeded" | "failed"; createdAt: Date; attempts?: number }[],
  ) => {
    const inserted = await db()
      .insert(webhookDeliveries)
      .values(
        rows.map((row, i) => ({
          workspaceId,
          id: `dlv${eventId}x${i}`,
          webhookId,
          eventId: eventId++,
          topic: "deal.won",
          body: JSON.stringify({ id: eventId, event: "deal.won", data: { n: i } }),
          contentType: "application/json",
          status: row.status,
          attempts: row.attempts ?? 3,
          lastStatusCode: row.status === "failed" ? 500 : 200,
          lastError: row.status === "failed" ? "HTTP 500" : null,
          createdAt: row.createdAt,
          deliveredAt: row.status === "succeeded" ? row.createdAt : null,
        })),
      )
      .returning();
    return inserted;
  };

  it("creates, lists, reads, changes and deletes a webhook; the secret only in the creation answer", async () => {
    const owner = await signUp(t.app);
    const workspaceId = await workspaceOf(owner);
    const pipelines = (await call(owner, "GET", "/api/pipelines")).json().items as { id: string }[];
    const pipelineId = pipelines[0]?.id;
    expect(pipelineId).toBeTruthy();

    const created = await create(owner, {
      name: "Склад",
      events: ["deal.*", "contact.created", "deal.*"],
      pipelineId,
      format: "amocrm",
    });
    expect(created).toMatchObject({
      name: "Склад",
      url: receiver.url,
      events: ["deal.*", "contact.created"],
      pipelineId,
      format: "amocrm",
      active: true,
      disabledReason: null,
      failingSince: null,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [stored] = await storedRows(workspaceId);
    expect(stored?.secret).not.toContain(created.secret);
    expect(t.platform.secrets.open(stored?.secret ?? "", WEBHOOK_SECRET_CONTEXT)).toBe(created.secret);

    const defaults = await create(owner, { url: `${receiver.url}?second` });
    expect(defaults).toMatchObject({ name: "", format: "json", active: true, pipelineId: null });

    const list = await call(owner, "GET", "/api/webhooks");
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((w: { id: string }) => w.id)).toEqual([created.id, defaults.id]);
    expect(list.body).not.toContain(created.secret);
    expect(list.body).not.toContain("secret");

    const one = await call(owner, "GET", `/api/webhooks/${created.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ ...created, secret: undefined, updatedAt: expect.any(String) });
    expect(one.body).not.toContain("secret");

    const patched = await call(owner, "PATCH", `/api/webhooks/${created.id}`, {
      name: "Склад 2",
      events: ["*"],
      pipelineId: null,
      format: "json",
      active: false,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: "Склад 2", events: ["*"], pipelineId: null, active: false });
    expect(patched.body).not.toContain("secret");

    // The engine turned it off after a 410; turning it back on clears why and the failure streak.
    await db()
      .update(webhookIntegrations)
      .set({ disabledReason: "gone", failingSince: new Date() })
      .where(eq(webhookIntegrations.id, created.id));
    const reactivated = await call(owner, "PATCH", `/api/webhooks/${created.id}`, { active: true });
    expect(reactivated.json()).toMatchObject({ active: true, disabledReason: null, failingSince: null });

    const deleted = await call(owner, "DELETE", `/api/webhooks/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    expect((await call(owner, "GET", `/api/webhooks/${created.id}`)).statusCode).toBe(404);
    expect((await call(owner, "GET", "/api/webhooks")).json().items).toHaveLength(1);

    const audited = await db()
      .select({ action: auditLog.action, target: auditLog.target })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.target, created.id)));
    expect(audited.map((a) => a.action).sort()).toEqual([
      "webhook.created",
      "webhook.deleted",
      "webhook.updated",
      "webhook.updated",
    ]);
  });

  it("rotates the secret: the test ping is signed with the new one, never the old", async () => {
    const owner = await signUp(t.app);
    const webhook = await create(owner);
    const rotated = await call(owner, "POST", `/api/webhooks/${webhook.id}/rotate-secret`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret } = rotated.json() as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(webhook.secret);

    const before = receiver.received.length;
    const tested = await call(owner, "POST", `/api/webhooks/${webhook.id}/test`);
    expect(tested.statusCode, tested.body).toBe(200);
    const ping = receiver.received[before];
    expect(ping).toBeDefined();
    expect(signedWith(secret, ping as Received)).toBe(true);
    expect(signedWith(webhook.secret, ping as Received)).toBe(false);
    expect((await call(owner, "GET", `/api/webhooks/${webhook.id}`)).body).not.toContain(secret);
  });

  it("sends a test ping and answers with the receiver's status code", async () => {
    const owner = await signUp(t.app);
    const webhook = await create(owner);
    const before = receiver.received.length;
    receiver.state.status = 418;
    try {
      const res = await call(owner, "POST", `/api/webhooks/${webhook.id}/test`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ statusCode: 418, responseExcerpt: "answered 418" });
      expect(res.json().durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      receiver.state.status = 200;
    }
    const ok = await call(owner, "POST", `/api/webhooks/${webhook.id}/test`);
    expect(ok.json()).toMatchObject({ statusCode: 200, error: null });

    const ping = receiver.received[before] as Received;
    expect(ping.headers["x-flame-event"]).toBe("ping");
    expect(signedWith(webhook.secret, ping)).toBe(true);
    // Not a delivery: the log stays empty.
    const log = await call(owner, "GET", `/api/webhooks/${webhook.id}/deliveries`);
    expect(log.json()).toEqual({ items: [], nextCursor: null });
  });

  it("answers an anonymous caller 401 JSON", async () => {
    for (const [method, url] of [
      ["GET", "/api/webhooks"],
      ["POST", "/api/webhooks"],
      ["GET", "/api/webhooks/abc"],
      ["POST", "/api/webhooks/abc/test"],
      ["POST", "/api/webhooks/abc/deliveries/def/replay"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "POST" ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe("unauthenticated");
    }
  });

  it("lets owners and admins manage webhooks, and refuses members and managers with 403", async () => {
    const { owner, colleague: member, workspaceId } = await workspaceWithColleague(t.app, db(), "member");
    const webhook = await create(owner);
    for (const [method, url, body] of [
      ["GET", "/api/webhooks", undefined],
      ["POST", "/api/webhooks", { url: receiver.url, events: ["*"] }],
      ["GET", `/api/webhooks/${webhook.id}`, undefined],
      ["PATCH", `/api/webhooks/${webhook.id}`, { name: "чужой" }],
      ["DELETE", `/api/webhooks/${webhook.id}`, undefined],
      ["POST", `/api/webhooks/${webhook.id}/rotate-secret`, undefined],
      ["GET", `/api/webhooks/${webhook.id}/deliveries`, undefined],
    ] as const) {
      const res = await call(member, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
    const rows = await storedRows(workspaceId);
    expect(rows.map((r) => [r.id, r.name])).toEqual([[webhook.id, ""]]);

    const { owner: owner2, colleague: admin } = await workspaceWithColleague(t.app, db(), "admin");
    const manager = (await workspaceWithColleague(t.app, db(), "manager")).colleague;
    expect((await call(manager, "GET", "/api/webhooks")).statusCode).toBe(403);
    const byAdmin = await create(admin);
    const seenByOwner = await call(owner2, "GET", `/api/webhooks/${byAdmin.id}`);
    expect(seenByOwner.statusCode).toBe(200);
  });

  it("answers 404 for another workspace's webhook on every route and changes nothing", async () => {
    const owner = await signUp(t.app);
    const intruder = await signUp(t.app);
    const webhook = await create(owner);
    const workspaceId = await workspaceOf(owner);
    const [delivery] = await insertDeliveries(workspaceId, webhook.id, [
      { status: "failed", createdAt: new Date() },
    ]);
    const base = `/api/webhooks/${webhook.id}`;
    for (const [method, url, body] of [
      ["GET", base, undefined],
      ["PATCH", base, { name: "чужой", active: false }],
      ["DELETE", base, undefined],
      ["POST", `${base}/rotate-secret`, undefined],
      ["POST", `${base}/test`, undefined],
      ["GET", `${base}/deliveries`, undefined],
      ["POST", `${base}/deliveries/${delivery?.id}/replay`, undefined],
      ["POST", `${base}/replay-failed`, undefined],
    ] as const) {
      const res = await call(intruder, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe("not_found");
    }
    const [row] = await storedRows(workspaceId);
    expect(row).toMatchObject({ name: "", active: true });
    expect(t.platform.secrets.open(row?.secret ?? "", WEBHOOK_SECRET_CONTEXT)).toBe(webhook.secret);
    const [untouched] = await db()
      .select({ status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, delivery?.id ?? ""));
    expect(untouched?.status).toBe("failed");

    // A delivery id of another webhook, even in the same workspace, is not found under this one.
    const other = await create(owner);
    const res = await call(owner, "POST", `/api/webhooks/${other.id}/deliveries/${delivery?.id}/replay`);
    expect(res.statusCode).toBe(404);
  });

  it("refuses bad input with 422 and stores nothing", async () => {
    const owner = await signUp(t.app);
    const workspaceId = await workspaceOf(owner);
    const cases: Record<string, unknown>[] = [
      { url: "ftp://example.com/hook" },
      { url: "javascript:alert(1)" },
      { url: `https://example.com/${"a".repeat(2000)}` },
      { url: "https://user:secret@example.com/hook" },
      { url: "" },
      { url: undefined },
      { events: [] },
      { events: ["deal.exploded"] },
      { events: ["deal"] },
      { events: "deal.won" },
      { format: "xml" },
      { name: "x".repeat(101) },
      { secret: "whsec_mine" },
    ];
    for (const input of cases) {
      const res = await call(owner, "POST", "/api/webhooks", { url: receiver.url, events: ["*"], ...input });
      expect(res.statusCode, JSON.stringify(input).slice(0, 80)).toBe(422);
      expect(res.json().error.code).toBe("validation_failed");
    }
    expect(await storedRows(workspaceId)).toEqual([]);

    const webhook = await create(owner);
    for (const input of [{ url: "ftp://example.com/" }, { events: [] }, { active: "yes" }]) {
      const res = await call(owner, "PATCH", `/api/webhooks/${webhook.id}`, input);
      expect(res.statusCode, JSON.stringify(input)).toBe(422);
    }
    const [row] = await storedRows(workspaceId);
    expect(row).toMatchObject({ url: receiver.url, events: ["deal.won"], active: true });
  });

  it("refuses a pipeline of another workspace with 404", async () => {
    const owner = await signUp(t.app);
    const stranger = await signUp(t.app);
    const [foreign] = (await call(stranger, "GET", "/api/pipelines")).json().items as { id: string }[];
    const res = await call(owner, "POST", "/api/webhooks", {
      url: receiver.url,
      events: ["deal.*"],
      pipelineId: foreign?.id,
    });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    expect(await storedRows(await workspaceOf(owner))).toEqual([]);

    const webhook = await create(owner);
    const patched = await call(owner, "PATCH", `/api/webhooks/${webhook.id}`, { pipelineId: foreign?.id });
    expect(patched.statusCode).toBe(404);
    expect((await call(owner, "GET", `/api/webhooks/${webhook.id}`)).json().pipelineId).toBeNull();
  });

  it("pages the delivery log newest first and filters it by status", async () => {
    const owner = await signUp(t.app);
    const workspaceId = await workspaceOf(owner);
    const webhook = await create(owner);
    const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n));
    const rows = await insertDeliveries(workspaceId, webhook.id, [
      { status: "succeeded", createdAt: minute(1) },
      { status: "failed", createdAt: minute(2) },
      { status: "succeeded", createdAt: minute(3) },
      { status: "failed", createdAt: minute(4) },
      { status: "succeeded", createdAt: minute(5) },
    ]);
    const newestFirst = rows.map((r) => r.id).reverse();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const res = await call(owner, "GET", `/api/webhooks/${webhook.id}/deliveries?limit=2${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(3);

    const failed = await call(owner, "GET", `/api/webhooks/${webhook.id}/deliveries?status=failed`);
    const items = failed.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.id)).toEqual([rows[3]?.id, rows[1]?.id]);
    expect(items[0]).toMatchObject({
      topic: "deal.won",
      status: "failed",
      attempts: 3,
      lastStatusCode: 500,
      lastError: "HTTP 500",
      deliveredAt: null,
    });
    expect(items[0]).not.toHaveProperty("body");

    const bad = await call(owner, "GET", `/api/webhooks/${webhook.id}/deliveries?cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    const badStatus = await call(owner, "GET", `/api/webhooks/${webhook.id}/deliveries?status=lost`);
    expect(badStatus.statusCode).toBe(422);
  });

  it("replays one delivery: back to pending with its attempts, then sent again", async () => {
    const owner = await signUp(t.app);
    const workspaceId = await workspaceOf(owner);
    const webhook = await create(owner);
    const [failed, pending] = await insertDeliveries(workspaceId, webhook.id, [
      { status: "failed", createdAt: new Date(), attempts: 7 },
      { status: "pending", createdAt: new Date() },
    ]);
    const res = await call(owner, "POST", `/api/webhooks/${webhook.id}/deliveries/${failed?.id}/replay`);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ id: failed?.id, status: "pending", attempts: 7 });

    // The engine sends it again: the same body, signed with the current secret.
    const got = await waitFor(
      () => receiver.received.find((r) => r.headers["x-flame-delivery"] === failed?.id),
      "the replayed delivery at the receiver",
    );
    expect(got.body).toBe(failed?.body);
    expect(signedWith(webhook.secret, got)).toBe(true);

    const again = await call(owner, "POST", `/api/webhooks/${webhook.id}/deliveries/${pending?.id}/replay`);
    expect(again.statusCode).toBe(409);
    const missing = await call(owner, "POST", `/api/webhooks/${webhook.id}/deliveries/nope/replay`);
    expect(missing.statusCode).toBe(404);
  });

  it("replays every failed delivery, and none of an inactive webhook", async () => {
    const owner = await signUp(t.app);
    const workspaceId = await workspaceOf(owner);
    const webhook = await create(owner, { active: false });
    const rows = await insertDeliveries(workspaceId, webhook.id, [
      { status: "failed", createdAt: new Date() },
      { status: "succeeded", createdAt: new Date() },
      { status: "failed", createdAt: new Date() },
      { status: "failed", createdAt: new Date() },
    ]);
    const refused = await call(owner, "POST", `/api/webhooks/${webhook.id}/replay-failed`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("conflict");

    await call(owner, "PATCH", `/api/webhooks/${webhook.id}`, { active: true });
    const res = await call(owner, "POST", `/api/webhooks/${webhook.id}/replay-failed`);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ count: 3 });
    const failedIds = rows.filter((r) => r.status === "failed").map((r) => r.id);
    await waitFor(
      () => failedIds.every((id) => receiver.received.some((r) => r.headers["x-flame-delivery"] === id)),
      "the three replayed deliveries at the receiver",
    );
    const states = await db()
      .select({ id: webhookDeliveries.id, status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, failedIds));
    expect(states.every((s) => s.status !== "failed")).toBe(true);
    expect((await call(owner, "POST", `/api/webhooks/${webhook.id}/replay-failed`)).json()).toEqual({
      count: 0,
    });
  });
});

describe("/api/webhooks without FLAME_ALLOW_PRIVATE_WEBHOOKS", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("refuses private, loopback and link-local targets with 422 and stores nothing", async () => {
    const call = caller(t.app);
    const owner = await signUp(t.app);
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://10.0.0.5/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/hook",
      "http://[::ffff:192.168.0.1]/hook",
      "https://no-such-host.invalid/hook",
    ]) {
      const res = await call(owner, "POST", "/api/webhooks", { url, events: ["*"] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().error).toMatchObject({
        code: "validation_failed",
        details: [{ field: "body.url", message: expect.any(String) }],
      });
    }
    expect((await call(owner, "GET", "/api/webhooks")).json().items).toEqual([]);
  });
});
