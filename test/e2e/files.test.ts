// Files in the thread (src/web/components/conversation), in a real browser against the real server and the Telegram fake: a client's
// photo as a thumbnail and a document as a link (both through the CRM's proxy), and a reply with an
// attached file that the manager can remove before sending and that reaches Telegram.
import { crc32, deflateSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../src/server/db/schema/index.ts";
import { newId } from "../../src/server/platform/ids.ts";
import { privateChat, startTelegramFake, type TelegramFake } from "../fakes/telegram.ts";
import { startWhatsAppFake, type WhatsAppFake } from "../fakes/whatsapp.ts";
import { BOT_TOKEN, seedChannel, seedConversation, WHATSAPP } from "../support/conversations.ts";
import { waitFor } from "../support/wait.ts";
import {
  launchBrowser,
  newSession,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from "./browser.ts";

/** A solid-colour RGB PNG, so the browser has a real image to draw. */
function png(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).map((_, i) => rgb[i % 3] ?? 0)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("files in the inbox", () => {
  let telegram: TelegramFake;
  let whatsapp: WhatsAppFake;
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    telegram = await startTelegramFake({ tokens: [BOT_TOKEN] });
    whatsapp = await startWhatsAppFake({ ...WHATSAPP });
    [web, browser] = await Promise.all([
      startWebApp({ env: { FLAME_TELEGRAM_API_URL: telegram.url, FLAME_WHATSAPP_API_URL: whatsapp.url } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await telegram?.close();
    await whatsapp?.close();
  });

  it("shows a client's photo and document, and sends a file the manager attached", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    const workspaceId = await page.evaluate(async () => {
      const me = (await (await fetch("/api/me")).json()) as { activeWorkspace: { id: string } };
      return me.activeWorkspace.id;
    });
    const channel = await seedChannel(web, workspaceId, "telegram");
    const c = await seedConversation(web, workspaceId, channel, { text: "Вот фото и договор" });
    telegram.addChat(privateChat(Number(c.externalChatId)));
    const photo = telegram.addFile({
      bytes: png(96, [230, 80, 40]),
      fileName: "photo.png",
      mimeType: "image/png",
    });
    const contract = telegram.addFile({
      bytes: Buffer.from("%PDF-1.7 договор"),
      fileName: "Договор.pdf",
      mimeType: "application/pdf",
    });
    await web.database.db.insert(messages).values({
      workspaceId,
      id: newId(),
      conversationId: c.id,
      integrationId: channel,
      direction: "inbound",
      externalId: `${c.externalChatId}:2`,
      media: [
        { kind: "photo", fileId: photo.fileId, mimeType: "image/png" },
        { kind: "document", fileId: contract.fileId, fileName: "Договор.pdf", mimeType: "application/pdf" },
      ],
      status: "received",
    });

    await page.goto(`/inbox?conversation=${c.id}`);
    await page.locator('[data-testid^="inbox-item-"]').first().click();
    const thumbnail = page.getByTestId("message-image").first();
    await thumbnail.waitFor();
    await waitFor(
      () =>
        thumbnail.evaluate((img) => {
          const image = img as unknown as { complete: boolean; naturalWidth: number };
          return image.complete && image.naturalWidth === 96;
        }),
      "the thumbnail to load",
    );
    const link = page.getByTestId("message-file").filter({ hasText: "Договор.pdf" });
    await link.waitFor();
    const download = await page.evaluate(
      async (href) => {
        const res = await fetch(href);
        return { status: res.status, text: await res.text() };
      },
      (await link.getAttribute("href")) ?? "",
    );
    expect(download).toEqual({ status: 200, text: "%PDF-1.7 договор" });

    // Attach, change one's mind, attach another, send it with a caption.
    const chooser = page.waitForEvent("filechooser");
    await page.getByTestId("reply-attach").click();
    await (await chooser).setFiles({
      name: "wrong.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("oops"),
    });
    await page.getByTestId("reply-file").getByText("wrong.txt").waitFor();
    await page.getByTestId("reply-file-remove").click();
    await page.getByTestId("reply-file").waitFor({ state: "detached" });
    const plan = png(64, [40, 120, 230]);
    const second = page.waitForEvent("filechooser");
    await page.getByTestId("reply-attach").click();
    await (await second).setFiles({ name: "Схема.png", mimeType: "image/png", buffer: plan });
    await page.getByTestId("reply-file").getByText("Схема.png").waitFor();
    await page.getByTestId("reply-input").fill("Схема проезда");
    await page.getByTestId("reply-send").click();

    const upload = await waitFor(
      () => telegram.uploads.find((u) => u.fileName === "Схема.png"),
      "the file at Telegram",
    );
    expect(upload).toMatchObject({ method: "sendPhoto", caption: "Схема проезда" });
    expect(Buffer.from(upload.bytes).equals(plan)).toBe(true);
    expect(telegram.uploads.some((u) => u.fileName === "wrong.txt")).toBe(false);
    const sent = page.locator('[data-direction="outbound"][data-status="sent"]');
    await sent.getByTestId("message-image").waitFor({ timeout: 20_000 });
    await page.getByTestId("reply-file").waitFor({ state: "detached" });
    await screenshot(page, "inbox-files");
    await context.close();
  });

  // Screenshots come last: a click right after a full-page screenshot remounted the inbox page (seen
  // while writing this test; the thread state, like a half-filled template, was lost).
  it("sends a WhatsApp template with body parameters once the 24-hour window closed", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    const workspaceId = await page.evaluate(async () => {
      const me = (await (await fetch("/api/me")).json()) as { activeWorkspace: { id: string } };
      return me.activeWorkspace.id;
    });
    const channel = await seedChannel(web, workspaceId, "whatsapp");
    await seedConversation(web, workspaceId, channel, {
      externalChatId: "79165550011",
      at: new Date(Date.now() - 30 * 3600_000),
    });
    await page.goto("/inbox");
    await page.locator('[data-testid^="inbox-item-"]').first().click();
    // WhatsApp offers files too, but once the window closed only a template may go.
    await page.getByTestId("reply-attach").waitFor();
    await page.getByTestId("reply-input").fill("Добрый день!");
    await page.keyboard.press("Enter");
    await page.getByTestId("window-closed").waitFor();
    await page.getByTestId("template-name").fill("order_ready");
    await page.getByTestId("template-add-param").click();
    await page.getByTestId("template-param-0").fill("Ольга");
    await page.getByTestId("template-add-param").click();
    await page.getByTestId("template-param-1").fill("№ 1042");
    await page.getByTestId("template-send").click();

    const wire = await waitFor(
      () => whatsapp.sent.find((m) => m.to === "79165550011"),
      "the template at WhatsApp",
    );
    expect(wire.template?.components).toEqual([
      {
        type: "body",
        parameters: [
          { type: "text", text: "Ольга" },
          { type: "text", text: "№ 1042" },
        ],
      },
    ]);
    const shown = page.locator('[data-direction="outbound"]').getByTestId("message-template");
    await shown.getByText("Ольга · № 1042").waitFor();
    await screenshot(page, "inbox-template-sent");
    await context.close();
  });
});
