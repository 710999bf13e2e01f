// Outgoing webhooks in a real browser: an admin subscribes a local receiver to deal events, copies the
// secret shown once, sends a test ping, sees a new deal's delivery succeed in the log, then the receiver
// breaks and a replay records the failed attempt. The receiver checks every signature with the secret
// the page showed, as a real one would.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait.ts";
import {
  launchBrowser,
  newSession,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from "./browser.ts";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A webhook receiver on 127.0.0.1 that records what it got and answers `status` (200 until changed). */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answered = state.status;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered });
      res.writeHead(answered, { "content-type": "text/plain" });
      res.end(answered === 200 ? "ok, got it" : "receiver is down for maintenance");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crm-hooks`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the documented receiver does: `v1` is HMAC-SHA256 of "<t>.<raw body>" with the secret. */
function signedWith(secret: string, got: Received): boolean {
  const header = String(got.headers["x-flame-signature"] ?? "");
  const t = /t=(\d+)/.exec(header)?.[1];
  const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
  if (!t || !v1) return false;
  return createHmac("sha256", secret).update(`${t}.${got.body}`).digest("hex") === v1;
}

describe("webhook settings in the browser", () => {
  let web: WebApp;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    [web, browser] = await Promise.all([
      startWebApp({ env: { FLAME_ALLOW_PRIVATE_WEBHOOKS: "true" } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await receiver?.close();
  });

  it("subscribes a receiver, shows the secret once, tests it, logs a delivery and replays it", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    await page.goto("/settings/webhooks");
    await page.getByTestId("settings-section-webhooks").getByText("Вебхуков пока нет").waitFor();

    // A URL that is not http(s) is refused in the form, before anything is sent.
    await page.getByTestId("webhook-add").click();
    await page.getByTestId("webhook-name").fill("Сайт");
    await page.getByTestId("webhook-url").fill("ftp://example.ru/hooks");
    await page.getByTestId("webhook-submit").click();
    await page.getByText("Введите адрес, начинающийся с http:// или https://").waitFor();
    await page.getByText("Выберите хотя бы одно событие").waitFor();

    // What only the server can refuse shows under the field too, and nothing is stored.
    await page.getByTestId("webhook-url").fill(receiver.url.replace("http://", "http://user:pw@"));
    await page.getByTestId("webhook-events").click();
    await page.getByRole("option", { name: "Все события сделок" }).click();
    await page.getByTestId("webhook-name").click();
    await page.getByTestId("webhook-submit").click();
    await page.getByText("must not carry a user name or password").waitFor();
    expect(await page.getByTestId("webhook-url").getAttribute("aria-invalid")).toBe("true");
    expect((await (await page.request.get("/api/webhooks")).json()).items).toEqual([]);

    await page.getByTestId("webhook-url").fill(receiver.url);
    await screenshot(page, "webhooks-form");
    await page.getByTestId("webhook-submit").click();

    // The secret, once: in the modal after creation, nowhere after it is closed.
    const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{20,}$/);
    await page.getByText("Секрет показывается один раз").waitFor();
    await page.getByRole("dialog", { name: "Новый вебхук" }).waitFor({ state: "hidden" });
    await screenshot(page, "webhooks-secret");
    await page.getByTestId("webhook-secret-close").click();
    const card = page.locator('[data-testid^="webhook-"][data-active]').first();
    await card.waitFor();
    const webhookId = (await card.getAttribute("data-testid"))?.replace("webhook-", "") ?? "";
    await expect.poll(() => card.getByText("Все события сделок").count()).toBe(1);
    await page.reload();
    await card.waitFor();
    expect(await page.content()).not.toContain(secret);
    const listed = await (await page.request.get("/api/webhooks")).text();
    expect(listed).not.toContain(secret);

    // A test ping: the receiver gets it, signed with the secret the page showed; the card shows the answer.
    await page.getByTestId(`webhook-test-${webhookId}`).click();
    const result = page.getByTestId("webhook-test-result");
    await result.waitFor();
    expect(await result.getAttribute("data-status")).toBe("200");
    await result.getByText("Ответ 200 за").waitFor();
    const ping = receiver.received.find((r) => r.headers["x-flame-event"] === "ping");
    expect(ping, "the receiver got the ping").toBeDefined();
    expect(signedWith(secret, ping as Received)).toBe(true);
    await screenshot(page, "webhooks-test-sent");

    // Rotating asks first, shows the new secret once, and the next request is signed with it only.
    await page.getByTestId(`webhook-rotate-${webhookId}`).click();
    await page.getByText("Старый секрет перестанет действовать сразу").waitFor();
    await page.getByTestId("confirm-submit").click();
    const rotated = page.getByTestId("webhook-secret");
    await expect.poll(() => rotated.textContent()).toMatch(/^whsec_/);
    const newSecret = (await rotated.textContent()) ?? "";
    expect(newSecret).not.toBe(secret);
    await page.getByTestId("webhook-secret-close").click();
    await rotated.waitFor({ state: "hidden" });
    const pings = receiver.received.length;
    await page.getByTestId(`webhook-test-${webhookId}`).click();
    const second = await waitFor(() => receiver.received[pings], "the second ping");
    expect(signedWith(newSecret, second)).toBe(true);
    expect(signedWith(secret, second)).toBe(false);

    // Edit: the form comes filled in; a rename shows on the card. Off and on again with the switch.
    await page.getByTestId(`webhook-edit-${webhookId}`).click();
    await expect.poll(() => page.getByTestId("webhook-url").inputValue()).toBe(receiver.url);
    await page.getByTestId("webhook-name").fill("Сайт (прод)");
    await page.getByTestId("webhook-submit").click();
    await card.getByText("Сайт (прод)").waitFor();
    const onOff = card.locator(".mantine-Switch-track");
    await onOff.click();
    await card.getByText("Выключен: события не отправляются.").waitFor();
    expect(await card.getAttribute("data-active")).toBe("false");
    await onOff.click();
    await expect.poll(() => card.getAttribute("data-active")).toBe("true");

    // A new deal is delivered as deal.created and logged as delivered with the receiver's 200.
    const created = await page.request.post("/api/deals", {
      headers: { origin: web.baseUrl },
      data: { title: "Диван «Остин» для ООО «Ромашка»", amountMinor: 4_990_000 },
    });
    expect(created.status()).toBe(201);
    const deal = (await created.json()) as { id: string };
    const delivered = await waitFor(
      () => receiver.received.find((r) => r.headers["x-flame-event"] === "deal.created"),
      "deal.created at the receiver",
      20_000,
    );
    expect(signedWith(newSecret, delivered)).toBe(true);
    expect(JSON.parse(delivered.body)).toMatchObject({ event: "deal.created" });
    expect(delivered.body).toContain(deal.id);

    await page.getByTestId(`webhook-deliveries-${webhookId}`).click();
    const log = page.getByTestId("webhook-deliveries");
    const row = log.locator('[data-testid^="delivery-"][data-status]').filter({ hasText: "Сделка создана" });
    await row.waitFor();
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 15_000 }).toBe("succeeded");
    await row.getByTestId("delivery-code").getByText("200").waitFor();
    await row.getByText("Доставлено").waitFor();
    await row.click();
    await log.getByTestId("delivery-response").getByText("ok, got it").waitFor();
    await screenshot(page, "webhooks-deliveries");

    // The receiver breaks; a replay sends the same event again and the failed attempt is recorded.
    receiver.state.status = 500;
    const before = receiver.received.length;
    await row.getByTestId("delivery-replay").click();
    await waitFor(
      () => receiver.received.slice(before).find((r) => r.headers["x-flame-event"] === "deal.created"),
      "the replayed delivery at the receiver",
      20_000,
    );
    await row.getByTestId("delivery-code").getByText("500").waitFor({ timeout: 15_000 });
    await expect.poll(() => row.locator("td").nth(3).textContent()).toBe("2");
    await log.getByTestId("delivery-response").getByText("receiver is down for maintenance").waitFor();
    const replayed = receiver.received
      .slice(before)
      .find((r) => r.headers["x-flame-event"] === "deal.created");
    expect(replayed?.headers["x-flame-event-id"]).toBe(delivered.headers["x-flame-event-id"]);
    await screenshot(page, "webhooks-replay-failed");
    // It waits for its next attempt, so it is not among the failed ones (yet).
    await log.getByText("Только неудачные").click();
    await log.getByText("Неудачных доставок нет").waitFor();
    await log.getByText("Все", { exact: true }).click();
    await row.waitFor();
    await page.keyboard.press("Escape");
    await log.waitFor({ state: "hidden" });

    // A receiver that answers 410 Gone turns the subscription off; the card says why and turns it back on.
    receiver.state.status = 410;
    const gone = await page.request.post("/api/deals", {
      headers: { origin: web.baseUrl },
      data: { title: "Кресло «Берн»" },
    });
    expect(gone.status()).toBe(201);
    const disabled = page.getByTestId(`webhook-disabled-${webhookId}`);
    await expect
      .poll(
        async () => {
          await page.reload();
          await card.waitFor();
          return disabled.isVisible();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    await disabled.getByText("410 Gone").waitFor();
    await screenshot(page, "webhooks-disabled-gone");
    // Nothing can be sent again while it is off: the log says so.
    await page.getByTestId(`webhook-deliveries-${webhookId}`).click();
    await log.getByTestId("webhook-deliveries-inactive").waitFor();
    expect(await log.getByTestId("webhook-replay-failed").isDisabled()).toBe(true);
    await log.locator('[data-status="failed"]').getByText("410").waitFor();
    await page.keyboard.press("Escape");
    await log.waitFor({ state: "hidden" });
    await page.getByTestId(`webhook-reactivate-${webhookId}`).click();
    await disabled.waitFor({ state: "hidden" });
    await expect.poll(() => card.getAttribute("data-active")).toBe("true");

    // Deleting asks first, then the subscription is gone.
    await page.getByTestId(`webhook-delete-${webhookId}`).click();
    await page.getByTestId("confirm-submit").click();
    await page.getByText("Вебхуков пока нет").waitFor();
    expect((await (await page.request.get("/api/webhooks")).json()).items).toEqual([]);
    await context.close();
  }, 120_000);
});
