// Replies with a file and WhatsApp template parameters: what reaches the fakes over HTTP, what is
// stored, and what is refused with nothing stored.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateChat, startTelegramFake, type TelegramFake } from "../../../../../test/fakes/telegram.ts";
import { startWhatsAppFake, type WhatsAppFake } from "../../../../../test/fakes/whatsapp.ts";
import { createTestApp, type TestApp } from "../../../../../test/support/app.ts";
import { type Session, signUp } from "../../../../../test/support/auth.ts";
import {
  BOT_TOKEN,
  seedChannel,
  seedConversation,
  WHATSAPP,
} from "../../../../../test/support/conversations.ts";
import { waitFor } from "../../../../../test/support/wait.ts";
import { caller, meOf } from "../../../../../test/support/workspace.ts";
import { messageFiles, messages } from "../../../db/schema/index.ts";

const HOUR = 3600_000;
const PNG = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);

/** A multipart body as a browser's FormData makes it. */
async function multipart(file: { bytes: Uint8Array; name: string; type: string } | null, caption?: string) {
  const form = new FormData();
  if (file)
    form.set("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  if (caption !== undefined) form.set("caption", caption);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get("content-type") ?? "",
  };
}

describe("file replies and template parameters", () => {
  let t: TestApp;
  let telegram: TelegramFake;
  let whatsapp: WhatsAppFake;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    telegram = await startTelegramFake({ tokens: [BOT_TOKEN] });
    whatsapp = await startWhatsAppFake({ ...WHATSAPP });
    t = await createTestApp({
      env: { FLAME_TELEGRAM_API_URL: telegram.url, FLAME_WHATSAPP_API_URL: whatsapp.url },
    });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await telegram.close();
    await whatsapp.close();
  });

  const owner = async () => {
    const session = await signUp(t.app);
    return { session, workspaceId: (await meOf(t.app, session)).activeWorkspace.id as string };
  };
  const upload = async (
    s: Session,
    conversationId: string,
    file: { bytes: Uint8Array; name: string; type: string } | null,
    caption?: string,
  ) => {
    const body = await multipart(file, caption);
    return t.app.inject({
      method: "POST",
      url: `/api/conversations/${conversationId}/messages`,
      headers: { ...s.headers, "content-type": body.contentType },
      payload: body.payload,
    });
  };
  const settled = (id: string) =>
    waitFor(async () => {
      const [row] = await t.database.db.select().from(messages).where(eq(messages.id, id));
      return row && row.status !== "queued" ? row : undefined;
    }, `message ${id} to leave queued`);
  const stored = async (workspaceId: string) => {
    const [files] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(messageFiles)
      .where(eq(messageFiles.workspaceId, workspaceId));
    const [outbound] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.direction, "outbound")));
    return { files: files?.n, outbound: outbound?.n };
  };

  it("sends a photo with its caption to Telegram, records Telegram's file id and serves our copy", async () => {
    const o = await owner();
    const c = await seedConversation(t, o.workspaceId, await seedChannel(t, o.workspaceId, "telegram"));
    telegram.addChat(privateChat(Number(c.externalChatId)));
    const res = await upload(
      o.session,
      c.id,
      { bytes: PNG, name: "Схема проезда.png", type: "image/png" },
      "Вот схема",
    );
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json();
    expect(queued).toMatchObject({
      status: "queued",
      text: "Вот схема",
      media: [{ kind: "photo", fileId: "", fileName: "Схема проезда.png", mimeType: "image/png" }],
    });

    const sent = await settled(queued.id);
    const wire = telegram.uploads.find((u) => String(u.chatId) === c.externalChatId);
    expect(wire).toMatchObject({ method: "sendPhoto", caption: "Вот схема", fileName: "Схема проезда.png" });
    expect(Buffer.from(wire?.bytes ?? []).equals(PNG)).toBe(true);
    expect(sent).toMatchObject({
      status: "sent",
      externalId: `${c.externalChatId}:${wire?.message.message_id}`,
      media: [{ kind: "photo", fileId: wire?.fileId, storedFileId: expect.any(String) }],
    });

    const file = await call(o.session, "GET", `/api/conversations/${c.id}/messages/${queued.id}/media/0`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(file.headers["content-type"]).toBe("image/png");
  });

  it("sends an image Telegram refuses as a photo as a document instead", async () => {
    const o = await owner();
    const c = await seedConversation(t, o.workspaceId, await seedChannel(t, o.workspaceId, "telegram"));
    telegram.addChat(privateChat(Number(c.externalChatId)));
    telegram.failNext("sendPhoto", { error_code: 400, description: "Bad Request: PHOTO_INVALID_DIMENSIONS" });
    const res = await upload(o.session, c.id, { bytes: PNG, name: "panorama.png", type: "image/png" });
    expect(res.statusCode, res.body).toBe(202);
    const sent = await settled(res.json().id);
    const wire = telegram.uploads.find((u) => String(u.chatId) === c.externalChatId);
    expect(wire).toMatchObject({ method: "sendDocument", fileName: "panorama.png" });
    expect(sent).toMatchObject({ status: "sent", media: [{ kind: "document", fileId: wire?.fileId }] });
  });

  it("uploads a document to WhatsApp's /media, sends it by media id and records the id", async () => {
    const o = await owner();
    const channel = await seedChannel(t, o.workspaceId, "whatsapp");
    const c = await seedConversation(t, o.workspaceId, channel, { externalChatId: "79161112233" });
    const pdf = Buffer.from("%PDF-1.7 коммерческое предложение");
    const res = await upload(o.session, c.id, { bytes: pdf, name: "КП.pdf", type: "application/pdf" });
    expect(res.statusCode, res.body).toBe(202);
    const sent = await settled(res.json().id);

    const uploaded = whatsapp.uploads.find((u) => u.bytes.equals(pdf));
    expect(uploaded).toMatchObject({ mimeType: "application/pdf", fileName: "КП.pdf" });
    const wire = whatsapp.sent.find((m) => m.to === "79161112233");
    expect(wire).toMatchObject({ type: "document", media: { id: uploaded?.id, filename: "КП.pdf" } });
    expect(sent).toMatchObject({
      status: "sent",
      externalId: wire?.id,
      text: null,
      media: [{ kind: "document", fileId: uploaded?.id }],
    });
  });

  it("refuses a file over 20 MB with 413 and stores nothing", async () => {
    const o = await owner();
    const c = await seedConversation(t, o.workspaceId, await seedChannel(t, o.workspaceId, "telegram"));
    const big = new Uint8Array(21 * 1024 * 1024);
    const res = await upload(o.session, c.id, { bytes: big, name: "video.mp4", type: "video/mp4" });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: "payload_too_large" } });
    expect(await stored(o.workspaceId)).toEqual({ files: 0, outbound: 0 });
  });

  it("refuses a file on Avito with 422, and a multipart body without a file, storing nothing", async () => {
    const o = await owner();
    const c = await seedConversation(t, o.workspaceId, await seedChannel(t, o.workspaceId, "avito"));
    const res = await upload(o.session, c.id, { bytes: PNG, name: "a.png", type: "image/png" });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("not supported on Avito"),
    });
    const empty = await upload(o.session, c.id, null, "только подпись");
    expect(empty.statusCode).toBe(422);
    expect(await stored(o.workspaceId)).toEqual({ files: 0, outbound: 0 });
  });

  it("sends template body parameters to WhatsApp and keeps the template on the message", async () => {
    const o = await owner();
    const channel = await seedChannel(t, o.workspaceId, "whatsapp");
    const c = await seedConversation(t, o.workspaceId, channel, {
      externalChatId: "79164445566",
      at: new Date(Date.now() - 30 * HOUR),
    });
    const template = { name: "order_ready", language: "ru", params: ["Ольга", "№ 1042"] };
    const res = await call(o.session, "POST", `/api/conversations/${c.id}/messages`, { template });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ template, text: null });
    expect(await settled(res.json().id)).toMatchObject({ status: "sent", template });
    expect(whatsapp.sent.find((m) => m.to === "79164445566")?.template).toEqual({
      name: "order_ready",
      language: "ru",
      components: [
        {
          type: "body",
          parameters: [
            { type: "text", text: "Ольга" },
            { type: "text", text: "№ 1042" },
          ],
        },
      ],
    });
    const thread = (await call(o.session, "GET", `/api/conversations/${c.id}/messages`)).json();
    expect(thread.items[0]).toMatchObject({ template });

    for (const params of [[""], Array.from({ length: 11 }, () => "x"), ["x".repeat(1025)]]) {
      const bad = await call(o.session, "POST", `/api/conversations/${c.id}/messages`, {
        template: { ...template, params },
      });
      expect(bad.statusCode).toBe(422);
    }
    expect((await stored(o.workspaceId)).outbound).toBe(1);
  });

  it("refuses a file on WhatsApp after the 24-hour window, like text", async () => {
    const o = await owner();
    const channel = await seedChannel(t, o.workspaceId, "whatsapp");
    const c = await seedConversation(t, o.workspaceId, channel, { at: new Date(Date.now() - 30 * HOUR) });
    const res = await upload(o.session, c.id, { bytes: PNG, name: "a.png", type: "image/png" });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toMatchObject({ reason: "whatsapp_window_closed" });
    expect(await stored(o.workspaceId)).toEqual({ files: 0, outbound: 0 });
  });
});
