import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../test/support/auth.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { caller, meOf } from "../../../../test/support/workspace.ts";
import { mailOutbox, outbox, webhookDeliveries, webhookIntegrations } from "../../db/schema/index.ts";
import { newId } from "../../platform/ids.ts";
import { configureWebhookDelivery, type DeliverySettings, sendTestDelivery } from "./delivery.ts";
import { verifySignature } from "./signing.ts";
import { WEBHOOK_SECRET_CONTEXT } from "./webhooks.schemas.ts";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number | "hang";
}
type Answer = { status: number; headers?: Record<string, string>; body?: string } | "hang";

/** A receiver on 127.0.0.1 that records every request and answers as the test says. */
async function startReceiver() {
  const requests: Received[] = [];
  let answer: (r: Omit<Received, "status">) => Answer = () => ({ status: 200 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() };
      const a = answer(request);
      requests.push({ ...request, status: a === "hang" ? "hang" : a.status });
      if (a === "hang") return;
      res.writeHead(a.status, a.headers).end(a.body ?? "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    answer(fn: typeof answer) {
      answer = fn;
    },
    /** The requests for one subscription (its URL path). */
    to: (path: string) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Days of retries in seconds. Delayed jobs are picked up by pg-boss's 2-second poll.
const FAST: DeliverySettings = {
  retryDelaysMs: [300],
  jitter: 0,
  giveUpAfterMs: 10 * 60_000,
  disableAfterMs: 10 * 60_000,
  timeoutMs: 1000,
};

describe("webhook delivery", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp({
      env: { FLAME_ALLOW_PRIVATE_WEBHOOKS: "true" },
      beforeStart: (platform) => configureWebhookDelivery(platform, FAST),
    });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function workspace() {
    const session = await signUp(t.app);
    const workspaceId = (await meOf(t.app, session)).activeWorkspace.id as string;
    const [pipeline] = (await call(session, "GET", "/api/pipelines")).json().items;
    return { session, workspaceId, pipeline, stages: pipeline.stages as { id: string; kind: string }[] };
  }

  /** A subscription inserted as the API stores it (sealed secret); its requests arrive at `/<path>`. */
  async function subscribe(
    workspaceId: string,
    fields: Partial<typeof webhookIntegrations.$inferInsert> & { path?: string } = {},
  ) {
    const id = newId();
    const secret = `whsec_${newId(32)}`;
    const path = fields.path ?? `/${id}`;
    await t.database.db.insert(webhookIntegrations).values({
      workspaceId,
      id,
      url: `${receiver.url}${path}`,
      events: ["*"],
      secret: t.platform.secrets.seal(secret, WEBHOOK_SECRET_CONTEXT),
      ...fields,
    });
    return { id, secret, path };
  }

  const deliveriesOf = (webhookId: string) =>
    t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
  const webhookRow = async (id: string) =>
    (await t.database.db.select().from(webhookIntegrations).where(eq(webhookIntegrations.id, id)))[0]!;
  const settled = (webhookId: string, count: number, status = "succeeded") =>
    waitFor(async () => {
      const rows = await deliveriesOf(webhookId);
      return rows.length >= count && rows.every((d) => d.status === status) ? rows : null;
    }, `${count} ${status} deliveries`);
  const createDeal = async (s: Session, body: Record<string, unknown>) => {
    const res = await call(s, "POST", "/api/deals", body);
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; pipelineId: string; stageId: string };
  };
  /** Waits until every outbox event of the workspace is dispatched (all deliveries exist then). */
  const dispatched = (workspaceId: string) =>
    waitFor(async () => {
      const rows = await t.database.db.select().from(outbox).where(eq(outbox.workspaceId, workspaceId));
      return rows.every((r) => r.dispatchedAt) ? rows : null;
    }, "the outbox dispatched");

  it("sends a deal created through the API, signed, with the documented headers and envelope", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.created"] });
    const deal = await createDeal(w.session, { title: "Поставка", amountMinor: 150_000 });
    const [received] = await waitFor(
      () => (receiver.to(hook.path).length ? receiver.to(hook.path) : null),
      "the POST",
    );
    const { headers, body } = received!;
    const envelope = JSON.parse(body);
    expect(envelope).toMatchObject({
      event: "deal.created",
      workspaceId: w.workspaceId,
      data: { id: deal.id, record: { id: deal.id, title: "Поставка", amountMinor: 150_000 } },
    });
    expect(new Date(envelope.createdAt).toISOString()).toBe(envelope.createdAt);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toBe("FlameCRM-Webhooks/1");
    expect(headers["x-flame-event"]).toBe("deal.created");
    expect(headers["x-flame-event-id"]).toBe(String(envelope.id));
    expect(headers["x-flame-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(hook.secret, body, String(headers["x-flame-signature"]))).toBe(true);
    expect(verifySignature("whsec_another", body, String(headers["x-flame-signature"]))).toBe(false);
    expect(verifySignature(hook.secret, `${body} `, String(headers["x-flame-signature"]))).toBe(false);

    const [delivery] = await settled(hook.id, 1);
    expect(delivery).toMatchObject({
      id: headers["x-flame-delivery"],
      eventId: envelope.id,
      topic: "deal.created",
      body, // the exact bytes sent
      status: "succeeded",
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      responseExcerpt: "ok",
      nextAttemptAt: null,
    });
    expect(delivery?.deliveredAt).toBeInstanceOf(Date);
  });

  it("sends each subscription the topics it asked for, and deal events of its pipeline only", async () => {
    const w = await workspace();
    const second = (await call(w.session, "POST", "/api/pipelines", { name: "Опт" })).json();
    const all = await subscribe(w.workspaceId, { events: ["*"] });
    const dealsOnly = await subscribe(w.workspaceId, { events: ["deal.*"] });
    const moves = await subscribe(w.workspaceId, { events: ["deal.stage_changed"] });
    const contactsOnly = await subscribe(w.workspaceId, { events: ["contact.created"] });
    const wholesale = await subscribe(w.workspaceId, { events: ["deal.*"], pipelineId: second.id });

    const retail = await createDeal(w.session, { title: "Розница" });
    const open = w.stages.filter((s) => s.kind === "open");
    const moved = await call(w.session, "POST", `/api/deals/${retail.id}/move`, { stageId: open[1]!.id });
    expect(moved.statusCode).toBe(200);
    const renamed = await call(w.session, "PATCH", `/api/deals/${retail.id}`, { title: "Розница 2" });
    expect(renamed.statusCode).toBe(200);
    const bulk = await createDeal(w.session, { title: "Опт", pipelineId: second.id });
    const contact = (await call(w.session, "POST", "/api/contacts", { firstName: "Анна" })).json();
    await dispatched(w.workspaceId);

    const topics = async (hook: { id: string }) => {
      const rows = await settled(hook.id, 0);
      return rows.map((d) => `${d.topic} ${JSON.parse(d.body).data.id}`).sort();
    };
    expect(await topics(all)).toEqual(
      expect.arrayContaining([
        `contact.created ${contact.id}`,
        `deal.created ${retail.id}`,
        `deal.created ${bulk.id}`,
        `deal.stage_changed ${retail.id}`,
        `deal.updated ${retail.id}`,
      ]),
    );
    expect((await topics(dealsOnly)).every((x) => x.startsWith("deal."))).toBe(true);
    expect(await topics(dealsOnly)).toContain(`deal.updated ${retail.id}`);
    expect(await topics(moves)).toEqual([`deal.stage_changed ${retail.id}`]);
    expect(await topics(contactsOnly)).toEqual([`contact.created ${contact.id}`]);
    // deal.updated names no pipeline: the deal's own is looked up.
    expect(await topics(wholesale)).toEqual([`deal.created ${bulk.id}`]);
    // Everything stored was also received, once per event.
    const ids = receiver.to(all.path).map((r) => r.headers["x-flame-event-id"]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps retrying through an outage and delivers every event once the receiver recovers", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.created"] });
    let down = true;
    receiver.answer((r) => (r.path === hook.path && down ? { status: 500, body: "down" } : { status: 200 }));
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await createDeal(w.session, { title: `Сделка ${i}` }));

    // Two failed attempts of each, with the error and the next attempt recorded.
    const failing = await waitFor(async () => {
      const rows = await deliveriesOf(hook.id);
      return rows.length === 3 && rows.every((d) => d.attempts >= 2) ? rows : null;
    }, "two failed attempts of each delivery");
    for (const d of failing) {
      expect(d.status).toBe("pending");
      expect(d.lastStatusCode).toBe(500);
      expect(d.lastError).toBe("HTTP 500");
      expect(d.responseExcerpt).toBe("down");
    }
    expect((await webhookRow(hook.id)).failingSince).toBeInstanceOf(Date);

    down = false;
    const delivered = await settled(hook.id, 3);
    // No event lost, none delivered twice: each got exactly one 200.
    const ok = receiver.to(hook.path).filter((r) => r.status === 200);
    expect(ok.map((r) => JSON.parse(r.body).data.id).sort()).toEqual(created.map((d) => d.id).sort());
    for (const d of delivered) {
      const sent = receiver.to(hook.path).filter((r) => r.headers["x-flame-delivery"] === d.id);
      expect(d.attempts).toBe(sent.length);
      expect(d.attempts).toBeGreaterThanOrEqual(3);
      expect(d.lastStatusCode).toBe(200);
    }
    const after = await webhookRow(hook.id);
    expect(after).toMatchObject({ active: true, failingSince: null, disabledReason: null });
    receiver.answer(() => ({ status: 200 }));
  });

  it("turns a subscription off when the receiver answers 410 Gone", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.created"] });
    receiver.answer((r) => (r.path === hook.path ? { status: 410 } : { status: 200 }));
    await createDeal(w.session, { title: "Gone" });
    const [delivery] = await settled(hook.id, 1, "failed");
    expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: 410, nextAttemptAt: null });
    expect(await webhookRow(hook.id)).toMatchObject({ active: false, disabledReason: "gone" });

    // An inactive subscription gets no more deliveries.
    await createDeal(w.session, { title: "After" });
    await dispatched(w.workspaceId);
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
    expect(receiver.to(hook.path)).toHaveLength(1);
    receiver.answer(() => ({ status: 200 }));
  });

  it("does not follow a redirect: a 3xx is a failed attempt", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.created"] });
    receiver.answer((r) =>
      r.path === hook.path
        ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } }
        : { status: 200 },
    );
    await createDeal(w.session, { title: "Redirect" });
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(hook.id);
      return rows[0]?.attempts ? rows : null;
    }, "an attempt");
    expect(delivery).toMatchObject({ status: "pending", lastStatusCode: 302 });
    expect(delivery?.lastError).toMatch(/^Redirect \(HTTP 302 to .*\/elsewhere\) not followed$/);
    expect(delivery?.nextAttemptAt).toBeInstanceOf(Date);
    expect(receiver.to("/elsewhere")).toHaveLength(0);
    await t.database.db.delete(webhookIntegrations).where(eq(webhookIntegrations.id, hook.id));
    receiver.answer(() => ({ status: 200 }));
  });

  it("records a timeout when the receiver does not answer, and tries again", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.created"] });
    receiver.answer((r) => (r.path === hook.path ? "hang" : { status: 200 }));
    await createDeal(w.session, { title: "Hang" });
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(hook.id);
      return (rows[0]?.attempts ?? 0) >= 2 ? rows : null;
    }, "two timed-out attempts");
    expect(delivery).toMatchObject({ status: "pending", lastStatusCode: null });
    expect(delivery?.lastError).toBe("Timed out: no answer within 1 s");
    expect(delivery?.lastDurationMs).toBeGreaterThanOrEqual(900);
    expect(delivery?.lastDurationMs).toBeLessThan(3000);
    await t.database.db.delete(webhookIntegrations).where(eq(webhookIntegrations.id, hook.id));
    receiver.answer(() => ({ status: 200 }));
  });

  it("sends amoCRM's form body for a deal stage change", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.*"], format: "amocrm" });
    const deal = await createDeal(w.session, { title: "Окна", amountMinor: 1_250_050 });
    const open = w.stages.filter((s) => s.kind === "open");
    await call(w.session, "POST", `/api/deals/${deal.id}/move`, { stageId: open[2]!.id });
    const move = await waitFor(
      () => receiver.to(hook.path).find((r) => r.headers["x-flame-event"] === "deal.stage_changed"),
      "the stage change",
    );
    expect(move.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(verifySignature(hook.secret, move.body, String(move.headers["x-flame-signature"]))).toBe(true);
    const form = Object.fromEntries(new URLSearchParams(move.body));
    expect(form).toMatchObject({
      "leads[status][0][id]": deal.id,
      "leads[status][0][name]": "Окна",
      "leads[status][0][status_id]": open[2]!.id,
      "leads[status][0][pipeline_id]": w.pipeline.id,
      "leads[status][0][old_status_id]": deal.stageId,
      "leads[status][0][old_pipeline_id]": w.pipeline.id,
      "leads[status][0][price]": "12500.5",
      "account[id]": w.workspaceId,
    });
    expect(form["leads[status][0][last_modified]"]).toMatch(/^\d{10}$/);
    const add = receiver.to(hook.path).find((r) => r.headers["x-flame-event"] === "deal.created");
    expect(new URLSearchParams(add?.body).get("leads[add][0][id]")).toBe(deal.id);
  });

  it("never sends one workspace's events to another's subscription", async () => {
    const a = await workspace();
    const b = await workspace();
    const hook = await subscribe(a.workspaceId, { events: ["*"] });
    const theirs = await createDeal(b.session, { title: "Чужая" });
    await call(b.session, "POST", "/api/contacts", { firstName: "Чужой" });
    await dispatched(b.workspaceId);
    const ours = await createDeal(a.session, { title: "Своя" });
    await waitFor(() => receiver.to(hook.path).length > 0, "our deal");
    await dispatched(a.workspaceId);
    const sent = await settled(hook.id, 1);
    expect(sent.map((d) => JSON.parse(d.body).data.id)).toEqual([ours.id]);
    expect(
      receiver.to(hook.path).some((r) => r.body.includes(theirs.id) || r.body.includes(b.workspaceId)),
    ).toBe(false);
  });

  it("sends a signed ping once for the test button, storing nothing", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.created"] });
    const result = await sendTestDelivery(t.platform, await webhookRow(hook.id));
    expect(result).toMatchObject({ statusCode: 200, error: null, responseExcerpt: "ok" });
    const [ping] = receiver.to(hook.path);
    expect(ping?.headers["x-flame-event"]).toBe("ping");
    expect(JSON.parse(ping!.body)).toMatchObject({
      event: "ping",
      workspaceId: w.workspaceId,
      data: { webhookId: hook.id },
    });
    expect(verifySignature(hook.secret, ping!.body, String(ping!.headers["x-flame-signature"]))).toBe(true);
    expect(await deliveriesOf(hook.id)).toHaveLength(0);

    receiver.answer((r) => (r.path === hook.path ? "hang" : { status: 200 }));
    const hung = await sendTestDelivery(t.platform, await webhookRow(hook.id));
    expect(hung).toMatchObject({ statusCode: null, error: "Timed out: no answer within 1 s" });
    receiver.answer(() => ({ status: 200 }));
  });

  it("records a secret that cannot be opened as a failed attempt instead of failing the job", async () => {
    const w = await workspace();
    const hook = await subscribe(w.workspaceId, { events: ["deal.created"], secret: "v1:unknown:a:b:c" });
    await createDeal(w.session, { title: "Ключ" });
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(hook.id);
      return rows[0]?.attempts ? rows : null;
    }, "an attempt");
    expect(delivery).toMatchObject({ status: "pending", lastStatusCode: null });
    expect(delivery?.lastError).toMatch(/^Not sent: sealed with key unknown.*; rotate the secret$/);
    expect(receiver.to(hook.path)).toHaveLength(0);
    await t.database.db.delete(webhookIntegrations).where(eq(webhookIntegrations.id, hook.id));
  });

  it("gives a delivery up after the retry window, and turns off a subscription failing that long, telling the admins", async () => {
    configureWebhookDelivery(t.platform, { giveUpAfterMs: 2500, disableAfterMs: 2500 });
    try {
      const w = await workspace();
      const hook = await subscribe(w.workspaceId, { events: ["deal.created"], name: "Склад" });
      receiver.answer((r) => (r.path === hook.path ? { status: 503 } : { status: 200 }));
      await createDeal(w.session, { title: "Never" });
      const [delivery] = await waitFor(
        async () => {
          const rows = await deliveriesOf(hook.id);
          return rows[0]?.status === "failed" ? rows : null;
        },
        "the delivery given up",
        20_000,
      );
      expect(delivery).toMatchObject({ lastStatusCode: 503, nextAttemptAt: null });
      expect(delivery!.attempts).toBeGreaterThanOrEqual(2);
      expect(await webhookRow(hook.id)).toMatchObject({ active: false, disabledReason: "failing" });
      // The admins are mailed after the attempt's transaction commits: the turned-off row may show first.
      const mails = await waitFor(async () => {
        const rows = await t.database.db
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.kind, "webhook-disabled"), inArray(mailOutbox.to, [w.session.email])));
        return rows.length > 0 ? rows : null;
      }, "the admins' mail");
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe('Webhook "Склад" was turned off');
      expect(mails[0]?.text).toContain("/settings/webhooks");
    } finally {
      configureWebhookDelivery(t.platform, FAST);
      receiver.answer(() => ({ status: 200 }));
    }
  }, 30_000);
});
