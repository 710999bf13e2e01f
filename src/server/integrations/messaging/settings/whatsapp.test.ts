import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWhatsAppFake, type WhatsAppFake } from "../../../../../test/fakes/whatsapp.ts";
import type { TestApp } from "../../../../../test/support/app.ts";
import {
  auditActions,
  newOwner,
  PUBLIC_URL,
  rowsOf,
  settingsApp,
  storedRow,
} from "../../../../../test/support/messaging-settings.ts";
import { caller } from "../../../../../test/support/workspace.ts";
import { openCredentials, openWebhookSecret } from "../channels.ts";

const PATH = "/api/messaging/whatsapp";
const META = {
  accessToken: "EAAGm0PX4ZCpsBAKZBxsecretaccesstoken0123456789",
  appSecret: "a3f1c0de5ecre7a3f1c0de5ecre70001",
  phoneNumberId: "106540352242922",
  wabaId: "102290129340398",
};

describe("WhatsApp number settings", () => {
  let fake: WhatsAppFake;
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    fake = await startWhatsAppFake({
      ...META,
      displayPhoneNumber: "+7 495 123-45-67",
      verifiedName: "Цветы",
    });
    t = await settingsApp({ whatsapp: fake.url });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it("connects a number: looks it up, subscribes the app, shows the callback URL and the verify token once", async () => {
    const owner = await newOwner(t);
    const res = await call(owner, "POST", PATH, { credentials: META, autoCreateDeal: true });
    expect(res.statusCode, res.body).toBe(201);
    const number = res.json();
    expect(number).toMatchObject({
      platform: "whatsapp",
      name: "Цветы",
      status: "active",
      delivery: "webhook",
      autoCreateDeal: true,
      account: {
        phoneNumberId: META.phoneNumberId,
        displayPhoneNumber: "+7 495 123-45-67",
        verifiedName: "Цветы",
        wabaId: META.wabaId,
      },
      credentials: {
        accessToken: "EAAG…6789",
        appSecret: "a3f1…0001",
        phoneNumberId: META.phoneNumberId,
        wabaId: META.wabaId,
        graphVersion: null,
      },
      callbackUrl: `${PUBLIC_URL}/api/hooks/whatsapp/${number.id}`,
    });
    expect(number.verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(fake.subscriptions).toEqual([META.wabaId]);

    const row = await storedRow(t, number.id);
    expect(row?.credentials).not.toContain(META.accessToken);
    expect(row?.credentials).not.toContain(META.appSecret);
    expect(row && openWebhookSecret(t.platform.secrets, row)).toBe(number.verifyToken);

    const list = await call(owner, "GET", PATH);
    expect(list.statusCode).toBe(200);
    const { verifyToken, ...shown } = number;
    expect(list.json()).toEqual({ items: [shown] });
    for (const secret of [META.accessToken, META.appSecret, verifyToken])
      expect(list.body).not.toContain(secret);
    expect(await auditActions(t, number.id)).toEqual(["messaging.connected"]);
  });

  it("answers 422 with Meta's reason for a token it refuses, and stores nothing", async () => {
    const owner = await newOwner(t);
    const res = await call(owner, "POST", PATH, {
      credentials: { ...META, accessToken: "EAAG-revoked-token" },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: "validation_failed",
      details: { provider: "whatsapp", providerCode: 190 },
    });
    expect(res.json().error.message).toMatch(/^WhatsApp refused the credentials: Invalid OAuth access token/);
    expect(await rowsOf(t, owner.workspaceId)).toEqual([]);
  });

  it("answers 503 when Meta is down, and stores nothing", async () => {
    const owner = await newOwner(t);
    fake.answerNextRaw({ status: 502, body: "<html>Bad Gateway</html>" });
    const res = await call(owner, "POST", PATH, { credentials: META });
    expect(res.statusCode).toBe(503);
    expect(await rowsOf(t, owner.workspaceId)).toEqual([]);
  });

  it("subscribes nothing without a WABA id, takes a partial credentials update, disconnects and reconnects", async () => {
    const owner = await newOwner(t);
    const subscribed = fake.subscriptions.length;
    const { wabaId: _, ...withoutWaba } = META;
    const number = (await call(owner, "POST", PATH, { credentials: withoutWaba })).json();
    expect(number.account.wabaId).toBeNull();
    expect(fake.subscriptions.length).toBe(subscribed);

    // A new app secret alone: merged with the stored token, which Meta checks again.
    const patched = await call(owner, "PATCH", `${PATH}/${number.id}`, {
      credentials: { appSecret: "rotated-app-secret-0002" },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const row = await storedRow(t, number.id);
    expect(row && openCredentials(t.platform.secrets, "whatsapp", row)).toEqual({
      ...withoutWaba,
      appSecret: "rotated-app-secret-0002",
    });
    const refused = await call(owner, "PATCH", `${PATH}/${number.id}`, {
      credentials: { accessToken: "EAAG-wrong" },
    });
    expect(refused.statusCode).toBe(422);

    expect((await call(owner, "DELETE", `${PATH}/${number.id}`)).statusCode).toBe(204);
    expect((await storedRow(t, number.id))?.status).toBe("disconnected");
    const back = await call(owner, "POST", PATH, { credentials: META });
    expect(back.statusCode).toBe(201);
    expect(back.json()).toMatchObject({ id: number.id, status: "active", account: { wabaId: META.wabaId } });
    expect(back.json().verifyToken).not.toBe(number.verifyToken);
    expect(fake.subscriptions.length).toBe(subscribed + 1);
  });
});
