import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AvitoFake, startAvitoFake } from "../../../../../test/fakes/avito.ts";
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
import { openWebhookSecret } from "../channels.ts";

const PATH = "/api/messaging/avito";
const CLIENT = { clientId: "Xq7avitoClientId01", clientSecret: "s3cr3t-avito-client-secret-0042" };

describe("Avito account settings", () => {
  let fake: AvitoFake;
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    fake = await startAvitoFake({ ...CLIENT, accountId: 4242, accountName: "Магазин цветов" });
    t = await settingsApp({ avito: fake.url });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it("connects an account: token + accounts/self, then the v3 webhook with a secret in its URL", async () => {
    const owner = await newOwner(t);
    const res = await call(owner, "POST", PATH, { credentials: CLIENT, name: "Авито" });
    expect(res.statusCode, res.body).toBe(201);
    const account = res.json();
    expect(account).toMatchObject({
      platform: "avito",
      name: "Авито",
      status: "active",
      account: { accountId: "4242", name: "Магазин цветов" },
      credentials: { clientId: "Xq7a…Id01", clientSecret: "s3cr…0042" },
    });

    const row = await storedRow(t, account.id);
    const secret = row && openWebhookSecret(t.platform.secrets, row);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fake.subscriptions).toEqual([`${PUBLIC_URL}/api/hooks/avito/${account.id}?k=${secret}`]);
    expect(row?.credentials).not.toContain(CLIENT.clientSecret);

    const list = await call(owner, "GET", PATH);
    expect(list.json()).toEqual({ items: [account] });
    expect(list.body).not.toContain(CLIENT.clientSecret);
    expect(list.body).not.toContain(secret);
    expect(await auditActions(t, account.id)).toEqual(["messaging.connected"]);
  });

  it("checks the secret itself even when a token for the same client id is cached", async () => {
    const owner = await newOwner(t);
    const res = await call(owner, "POST", PATH, { credentials: { ...CLIENT, clientSecret: "guessed" } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      message: "Avito refused the credentials: invalid client id or secret",
      details: { provider: "avito", providerCode: "invalid_client" },
    });
    expect(await rowsOf(t, owner.workspaceId)).toEqual([]);
  });

  it("stores nothing when the subscription fails after the row was committed", async () => {
    const owner = await newOwner(t);
    const before = fake.subscriptions.length;
    fake.failNext({ status: 500, path: "/messenger/v3/webhook" });
    const res = await call(owner, "POST", PATH, { credentials: CLIENT });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toMatch(/^Avito cannot be reached right now/);
    expect(await rowsOf(t, owner.workspaceId)).toEqual([]);
    expect(fake.subscriptions.length).toBe(before);
  });

  it("disconnects with an unsubscription, and still disconnects when Avito fails", async () => {
    const owner = await newOwner(t);
    const account = (await call(owner, "POST", PATH, { credentials: CLIENT })).json();
    const row = await storedRow(t, account.id);
    const url = `${PUBLIC_URL}/api/hooks/avito/${account.id}?k=${row && openWebhookSecret(t.platform.secrets, row)}`;
    expect(fake.subscriptions).toContain(url);

    expect((await call(owner, "DELETE", `${PATH}/${account.id}`)).statusCode).toBe(204);
    expect(fake.subscriptions).not.toContain(url);
    expect(fake.requests.at(-1)).toEqual({ method: "POST", path: "/messenger/v1/webhook/unsubscribe" });
    expect((await call(owner, "GET", PATH)).json()).toMatchObject({
      items: [{ id: account.id, status: "disconnected" }],
    });
    expect(await auditActions(t, account.id)).toEqual(["messaging.connected", "messaging.disconnected"]);

    const back = (await call(owner, "POST", PATH, { credentials: CLIENT })).json();
    expect(back).toMatchObject({ id: account.id, status: "active" });
    fake.failNext({ status: 503, path: "/messenger/v1/webhook/unsubscribe" });
    expect((await call(owner, "DELETE", `${PATH}/${account.id}`)).statusCode).toBe(204);
    expect((await storedRow(t, account.id))?.status).toBe("disconnected");
  });
});
