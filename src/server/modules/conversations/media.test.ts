// Files of a thread through the CRM: a client's Telegram photo, WhatsApp document and Avito image
// downloaded from the fakes over HTTP, and nothing for anyone who may not see the chat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AvitoFake, startAvitoFake } from "../../../../test/fakes/avito.ts";
import { startTelegramFake, type TelegramFake } from "../../../../test/fakes/telegram.ts";
import { startWhatsAppFake, type WhatsAppFake } from "../../../../test/fakes/whatsapp.ts";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { signUp } from "../../../../test/support/auth.ts";
import {
  AVITO,
  BOT_TOKEN,
  seedChannel,
  seedConversation,
  WHATSAPP,
} from "../../../../test/support/conversations.ts";
import { caller, meOf, workspaceWithColleague } from "../../../../test/support/workspace.ts";
import { type MessageMedia, messages } from "../../db/schema/index.ts";
import { newId } from "../../platform/ids.ts";
import { contentDisposition } from "./media.service.ts";

describe("message files through the CRM", () => {
  let t: TestApp;
  let telegram: TelegramFake;
  let whatsapp: WhatsAppFake;
  let avito: AvitoFake;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    telegram = await startTelegramFake({ tokens: [BOT_TOKEN] });
    whatsapp = await startWhatsAppFake({ ...WHATSAPP });
    avito = await startAvitoFake({ ...AVITO, accountId: Number(AVITO.accountId) });
    t = await createTestApp({
      env: {
        FLAME_TELEGRAM_API_URL: telegram.url,
        FLAME_WHATSAPP_API_URL: whatsapp.url,
        FLAME_AVITO_API_URL: avito.url,
      },
    });
    call = caller(t.app);
  });
  afterAll(async () => {
    await t.close();
    await telegram.close();
    await whatsapp.close();
    await avito.close();
  });

  /** An inbound message with these media, as the receivers store it. */
  const inbound = async (
    workspaceId: string,
    platform: "telegram" | "whatsapp" | "avito",
    media: MessageMedia[],
    links: { contactId?: string } = {},
  ) => {
    const channel = await seedChannel(t, workspaceId, platform);
    const c = await seedConversation(t, workspaceId, channel, links);
    const id = newId();
    await t.database.db.insert(messages).values({
      workspaceId,
      id,
      conversationId: c.id,
      integrationId: channel,
      direction: "inbound",
      externalId: `${c.externalChatId}:2`,
      text: null,
      media,
      status: "received",
    });
    return { conversationId: c.id, messageId: id, url: `/api/conversations/${c.id}/messages/${id}/media/0` };
  };
  const owner = async () => {
    const session = await signUp(t.app);
    return { session, workspaceId: (await meOf(t.app, session)).activeWorkspace.id as string };
  };

  it("streams a client's Telegram photo with its type, shown inline", async () => {
    const o = await owner();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3, 0xff, 0xd9]);
    const { fileId } = telegram.addFile({ bytes, fileName: "photo.jpg", mimeType: "image/jpeg" });
    const m = await inbound(o.workspaceId, "telegram", [{ kind: "photo", fileId, mimeType: "image/jpeg" }]);

    const res = await call(o.session, "GET", m.url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect(res.headers["content-disposition"]).toBe(
      `inline; filename="photo-1.jpg"; filename*=UTF-8''photo-1.jpg`,
    );
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    // The bot token stays on the server.
    expect(JSON.stringify(res.headers)).not.toContain(BOT_TOKEN);
    expect(telegram.calls.some((c) => c.method === "getFile" && c.params.file_id === fileId)).toBe(true);
  });

  it("streams a client's WhatsApp document as a download with its name kept", async () => {
    const o = await owner();
    const bytes = Buffer.from("%PDF-1.7 счёт на оплату");
    const mediaId = whatsapp.addMedia(bytes, "application/pdf");
    const fileName = 'Счёт №5 "итог".pdf';
    const m = await inbound(o.workspaceId, "whatsapp", [
      { kind: "document", fileId: mediaId, fileName, mimeType: "application/pdf" },
    ]);

    const res = await call(o.session, "GET", m.url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const disposition = String(res.headers["content-disposition"]);
    expect(disposition.startsWith('attachment; filename="')).toBe(true);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(fileName)}`);
    expect(decodeURIComponent(disposition.split("''")[1] ?? "")).toBe(fileName);
  });

  it("answers 404 JSON to another workspace, to a member who may not see the chat, and past the last file", async () => {
    const { owner: o, colleague, workspaceId } = await workspaceWithColleague(t.app, t.database.db, "member");
    const bytes = Buffer.from([1, 2, 3]);
    const { fileId } = telegram.addFile({ bytes, fileName: "a.bin" });
    // Linked to the owner's contact: a `member` sees only their own records.
    const contactId = (await call(o, "POST", "/api/contacts", { firstName: "Ольга" })).json().id as string;
    const m = await inbound(workspaceId, "telegram", [{ kind: "document", fileId }], { contactId });
    expect((await call(o, "GET", m.url)).statusCode).toBe(200);

    const stranger = await signUp(t.app);
    for (const [who, url] of [
      [stranger, m.url],
      [colleague, m.url],
      [o, m.url.replace(/0$/, "1")],
      [o, `/api/conversations/${m.conversationId}/messages/${newId()}/media/0`],
    ] as const) {
      const res = await call(who, "GET", url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("serves an Avito image by its CDN URL, and refuses to fetch any other URL", async () => {
    const o = await owner();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 9, 8, 7]);
    const url = avito.addImage(bytes);
    const m = await inbound(o.workspaceId, "avito", [
      { kind: "photo", fileId: url },
      { kind: "photo", fileId: "http://169.254.169.254/latest/meta-data" },
    ]);
    const res = await call(o.session, "GET", m.url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers["content-type"]).toBe("image/jpeg");
    expect((await call(o.session, "GET", m.url.replace(/0$/, "1"))).statusCode).toBe(404);
  });

  it("answers 410 when the provider no longer has the file", async () => {
    const o = await owner();
    const m = await inbound(o.workspaceId, "telegram", [{ kind: "document", fileId: "expired" }]);
    const res = await call(o.session, "GET", m.url);
    expect(res.statusCode).toBe(410);
    expect(res.json().error.message).toContain("invalid file_id");
  });

  it("encodes any file name into a header that cannot break", () => {
    const header = contentDisposition('evil"\r\nSet-Cookie: x=1;.html', false);
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(
      `attachment; filename="evil___Set-Cookie: x=1_.html"; filename*=UTF-8''evil%22%0D%0ASet-Cookie%3A%20x%3D1%3B.html`,
    );
  });
});
