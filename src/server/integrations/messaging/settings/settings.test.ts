// What every channel shares, shown on Telegram: routing settings that must point at the workspace's own
// records, who may see and change channels, and isolation between workspaces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramFake, type TelegramFake } from "../../../../../test/fakes/telegram.ts";
import type { TestApp } from "../../../../../test/support/app.ts";
import {
  newColleague,
  newOwner,
  type Person,
  rowsOf,
  settingsApp,
  storedRow,
} from "../../../../../test/support/messaging-settings.ts";
import { caller } from "../../../../../test/support/workspace.ts";

const PATH = "/api/messaging/telegram-bot";
const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("channel settings: routing, roles and workspaces", () => {
  let fake: TelegramFake;
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    fake = await startTelegramFake({ tokens: [TOKEN] });
    t = await settingsApp({ telegram: fake.url });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const refsOf = async (who: Person) => {
    const source = await call(who, "POST", "/api/sources", { name: "Telegram", kind: "telegram" });
    const pipeline = await call(who, "POST", "/api/pipelines", { name: "Чаты" });
    expect(source.statusCode, source.body).toBe(201);
    expect(pipeline.statusCode, pipeline.body).toBe(201);
    return { sourceId: source.json().id as string, pipelineId: pipeline.json().id as string };
  };
  const connect = async (who: Person, body: Record<string, unknown> = {}) => {
    const res = await call(who, "POST", PATH, { credentials: { token: TOKEN }, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it("takes routing settings on connect and on update; null clears a default", async () => {
    const owner = await newOwner(t);
    const manager = await newColleague(t, owner, "manager");
    const { sourceId, pipelineId } = await refsOf(owner);
    const bot = await connect(owner, { defaultSourceId: sourceId, autoCreateContact: false });
    expect(bot).toMatchObject({ defaultSourceId: sourceId, autoCreateContact: false, autoCreateDeal: false });

    const res = await call(owner, "PATCH", `${PATH}/${bot.id}`, {
      name: "Бот продаж",
      autoCreateDeal: true,
      unsortedForNewChats: false,
      defaultPipelineId: pipelineId,
      defaultAssigneeId: manager.userId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: "Бот продаж",
      autoCreateContact: false,
      autoCreateDeal: true,
      unsortedForNewChats: false,
      defaultSourceId: sourceId,
      defaultPipelineId: pipelineId,
      defaultAssigneeId: manager.userId,
    });
    const cleared = await call(owner, "PATCH", `${PATH}/${bot.id}`, { defaultSourceId: null });
    expect(cleared.json()).toMatchObject({ defaultSourceId: null, defaultPipelineId: pipelineId });
  });

  it("answers 404 for another workspace's source or pipeline and a non-member assignee, changing nothing", async () => {
    const owner = await newOwner(t);
    const stranger = await newOwner(t);
    const theirs = await refsOf(stranger);
    const bot = await connect(owner);
    const before = await storedRow(t, bot.id);
    const calls = fake.calls.length;

    for (const [field, value, what] of [
      ["defaultSourceId", theirs.sourceId, "Source"],
      ["defaultPipelineId", theirs.pipelineId, "Pipeline"],
      ["defaultAssigneeId", stranger.userId, "Assignee"],
    ] as const) {
      const patched = await call(owner, "PATCH", `${PATH}/${bot.id}`, { name: "Другое", [field]: value });
      expect(patched.statusCode, field).toBe(404);
      expect(patched.json().error).toMatchObject({ code: "not_found", message: `${what} not found` });
      const connected = await call(owner, "POST", PATH, { credentials: { token: TOKEN }, [field]: value });
      expect(connected.statusCode, field).toBe(404);
    }
    expect(await storedRow(t, bot.id)).toEqual(before);
    expect(await rowsOf(t, owner.workspaceId)).toHaveLength(1);
    expect(fake.calls.length).toBe(calls); // refused before any call to Telegram
  });

  it("answers 404 for another workspace's channel, and for a channel of another platform", async () => {
    const owner = await newOwner(t);
    const stranger = await newOwner(t);
    const bot = await connect(owner);
    expect((await call(stranger, "GET", PATH)).json()).toEqual({ items: [] });
    expect((await call(stranger, "PATCH", `${PATH}/${bot.id}`, { name: "Моё" })).statusCode).toBe(404);
    expect((await call(stranger, "DELETE", `${PATH}/${bot.id}`)).statusCode).toBe(404);
    expect((await call(owner, "DELETE", `/api/messaging/avito/${bot.id}`)).statusCode).toBe(404);
    expect((await storedRow(t, bot.id))?.status).toBe("active");
  });

  it("shows channels to a member but lets only integrations.manage change them", async () => {
    const owner = await newOwner(t);
    const member = await newColleague(t, owner, "member");
    const bot = await connect(owner);
    const list = await call(member, "GET", PATH);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ items: [{ id: bot.id, credentials: { token: "1234…Dsaw" } }] });

    const refused = [
      await call(member, "POST", PATH, { credentials: { token: TOKEN } }),
      await call(member, "PATCH", `${PATH}/${bot.id}`, { name: "Моё" }),
      await call(member, "DELETE", `${PATH}/${bot.id}`),
    ];
    for (const res of refused) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.details).toMatchObject({ action: "integrations.manage" });
    }
    expect(await storedRow(t, bot.id)).toMatchObject({ name: bot.name, status: "active" });
  });

  it("answers anonymous calls with 401 JSON", async () => {
    for (const path of ["/api/messaging/telegram-bot", "/api/messaging/whatsapp", "/api/messaging/avito"]) {
      for (const [method, url] of [
        ["GET", path],
        ["POST", path],
        ["PATCH", `${path}/x`],
        ["DELETE", `${path}/x`],
      ] as const) {
        const res = await t.app.inject({ method, url, ...(method === "GET" ? {} : { payload: {} }) });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
      }
    }
  });

  it("documents every route with its schemas in OpenAPI", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const bot = spec.paths["/api/messaging/telegram-bot"];
    expect(Object.keys(bot).sort()).toEqual(["get", "post"]);
    expect(bot.post.requestBody.content["application/json"].schema.properties).toHaveProperty("credentials");
    expect(bot.post.responses["201"]).toBeDefined();
    const one = spec.paths["/api/messaging/whatsapp/{id}"];
    expect(Object.keys(one).sort()).toEqual(["delete", "patch"]);
    expect(one.patch.responses["200"]).toBeDefined();
    expect(spec.components.schemas).toHaveProperty("WhatsAppConnected");
  });
});
