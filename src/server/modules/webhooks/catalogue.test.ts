// The catalogue's main topics as a `*` subscriber receives them: `data` is exactly the outbox payload.
// WEBHOOK_EXAMPLES=<file> writes the received envelopes there (the examples in docs/webhooks.md).

import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textUpdate } from "../../../../test/fakes/telegram.ts";
import { type HookKit, startHookKit } from "../../../../test/support/telegram-hooks.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { outbox, webhookIntegrations } from "../../db/schema/index.ts";
import { newId } from "../../platform/ids.ts";
import { WEBHOOK_SECRET_CONTEXT } from "./webhooks.schemas.ts";

const TOPICS = ["deal.created", "deal.stage_changed", "contact.created", "message.received", "lead.unsorted"];

describe("the event catalogue", () => {
  let k: HookKit;
  const received: { topic: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      received.push({ topic: String(req.headers["x-flame-event"]), body });
      res.end("ok");
    });
  });
  beforeAll(async () => {
    k = await startHookKit({ env: { FLAME_ALLOW_PRIVATE_WEBHOOKS: "true" } });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await k.close();
    server.closeAllConnections();
    server.close();
  });

  it("delivers deals, contacts, chat messages and Unsorted leads with the outbox payload as data", async () => {
    const o = await k.owner();
    await k.t.database.db.insert(webhookIntegrations).values({
      workspaceId: o.workspaceId,
      id: newId(),
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      events: ["*"],
      secret: k.t.platform.secrets.seal("whsec_x", WEBHOOK_SECRET_CONTEXT),
    });
    const [pipeline] = (await k.call(o.session, "GET", "/api/pipelines")).json().items;
    const contact = (
      await k.call(o.session, "POST", "/api/contacts", {
        firstName: "Анна",
        lastName: "Смирнова",
        phones: [{ number: "+7 916 123-45-67", type: "mobile" }],
      })
    ).json();
    expect(contact.id).toEqual(expect.any(String));
    const deal = (
      await k.call(o.session, "POST", "/api/deals", {
        title: "Диван «Остин»",
        amountMinor: 8_990_000,
        contactIds: [contact.id],
      })
    ).json();
    expect(deal.id).toEqual(expect.any(String));
    const moved = await k.call(o.session, "POST", `/api/deals/${deal.id}/move`, {
      stageId: pipeline.stages[1].id,
    });
    expect(moved.statusCode).toBe(200);
    const lead = await k.call(o.session, "POST", "/api/unsorted", {
      channel: "api",
      title: "Заявка с сайта",
      contact: { name: "Олег", phone: "+79031112233" },
    });
    expect(lead.statusCode).toBe(201);
    await k.connect(o.workspaceId, { autoCreateContact: true, autoCreateDeal: true });
    await k.push(textUpdate({ chatId: 700_000_001, text: "Здравствуйте, диван есть в наличии?" }));

    await waitFor(
      () => TOPICS.every((topic) => received.some((r) => r.topic === topic)),
      "every topic",
      20_000,
    );
    const envelopes = TOPICS.map((topic) => JSON.parse(received.find((r) => r.topic === topic)!.body));
    const events = await k.t.database.db
      .select()
      .from(outbox)
      .where(
        inArray(
          outbox.id,
          envelopes.map((e) => e.id),
        ),
      );
    for (const envelope of envelopes) {
      const event = events.find((e) => e.id === envelope.id)!;
      expect(envelope).toEqual({
        id: event.id,
        event: event.topic,
        createdAt: event.createdAt.toISOString(),
        workspaceId: o.workspaceId,
        data: event.payload,
      });
    }
    // Internal topics (read receipts, import progress, queued messages) are not in the catalogue.
    const internal = await k.t.database.db.select().from(outbox).where(eq(outbox.workspaceId, o.workspaceId));
    const sentTopics = new Set(received.map((r) => r.topic));
    for (const e of internal)
      if (!/^(deal|contact|company|task|note|lead|message)\./.test(e.topic))
        expect(sentTopics).not.toContain(e.topic);
    if (process.env.WEBHOOK_EXAMPLES)
      await writeFile(process.env.WEBHOOK_EXAMPLES, JSON.stringify(envelopes, null, 2));
  });
});
