// The receiver in docs/examples (and, verbatim, in docs/webhooks.md) against the real delivery.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { signUp } from "../../../../test/support/auth.ts";
import { waitFor } from "../../../../test/support/wait.ts";
import { caller, meOf } from "../../../../test/support/workspace.ts";
import { webhookDeliveries, webhookIntegrations } from "../../db/schema/index.ts";
import { newId } from "../../platform/ids.ts";
import { scheduleDelivery } from "./delivery.ts";
import { signatureHeader } from "./signing.ts";
import { WEBHOOK_SECRET_CONTEXT } from "./webhooks.schemas.ts";

const root = path.resolve(import.meta.dirname, "../../../..");
const script = path.join(root, "docs/examples/webhook-receiver.mjs");

describe("the documented webhook receiver", () => {
  let t: TestApp;
  let child: ChildProcess;
  let output = "";
  let url = "";
  const secret = `whsec_${newId(32)}`;

  beforeAll(async () => {
    t = await createTestApp({ env: { FLAME_ALLOW_PRIVATE_WEBHOOKS: "true" } });
    child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH ?? "", PORT: "0", WEBHOOK_SECRET: secret },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const port = await waitFor(() => /listening on (\d+)/.exec(output)?.[1], "the receiver to listen");
    url = `http://127.0.0.1:${port}/flame`;
  });
  afterAll(async () => {
    child?.kill();
    await t?.close();
  });

  it("is the snippet docs/webhooks.md shows", async () => {
    const doc = await readFile(path.join(root, "docs/webhooks.md"), "utf8");
    expect(doc).toContain((await readFile(script, "utf8")).trim());
  });

  it("verifies a deal moved through the API, and handles a replayed event once", async () => {
    const call = caller(t.app);
    const session = await signUp(t.app);
    const workspaceId = (await meOf(t.app, session)).activeWorkspace.id as string;
    const webhookId = newId();
    await t.database.db.insert(webhookIntegrations).values({
      workspaceId,
      id: webhookId,
      url,
      events: ["deal.stage_changed"],
      secret: t.platform.secrets.seal(secret, WEBHOOK_SECRET_CONTEXT),
    });
    const [pipeline] = (await call(session, "GET", "/api/pipelines")).json().items;
    const deal = (await call(session, "POST", "/api/deals", { title: "Диван" })).json();
    const moved = await call(session, "POST", `/api/deals/${deal.id}/move`, {
      stageId: pipeline.stages[1].id,
    });
    expect(moved.statusCode).toBe(200);

    const delivery = await waitFor(async () => {
      const [row] = await t.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.webhookId, webhookId));
      return row?.status === "succeeded" ? row : null;
    }, "the delivery");
    expect(delivery).toMatchObject({ topic: "deal.stage_changed", attempts: 1, lastStatusCode: 200 });
    const line = `verified deal.stage_changed ${delivery.eventId}`;
    expect(output).toContain(line);

    // A replay (same event id, signed anew) is accepted but not handled twice.
    await t.database.db
      .update(webhookDeliveries)
      .set({ status: "pending" })
      .where(eq(webhookDeliveries.id, delivery.id));
    await t.database.db.transaction((tx) => scheduleDelivery(tx, t.platform, delivery));
    await waitFor(async () => {
      const [row] = await t.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, delivery.id));
      return row?.status === "succeeded" && row.attempts === 2;
    }, "the replay");
    expect(output.split(line).length - 1).toBe(1);

    // A forged or stale signature is refused.
    const body = delivery.body;
    const now = Math.floor(Date.now() / 1000);
    const post = (signature: string) =>
      fetch(url, {
        method: "POST",
        body,
        headers: { "x-flame-signature": signature, "x-flame-event-id": "x1", "x-flame-event": "ping" },
      });
    expect((await post(signatureHeader("whsec_wrong", body, now))).status).toBe(400);
    expect((await post(signatureHeader(secret, body, now - 600))).status).toBe(400);
    expect((await post("")).status).toBe(400);
    expect((await post(signatureHeader(secret, body, now))).status).toBe(200);
    expect(output).toContain("verified ping x1");
  });
});
