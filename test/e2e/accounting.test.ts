// Accounting in a real browser against the MoySklad fake: a wrong token is refused with MoySklad's words,
// the right one connects, the order states appear to map and the first sync runs with a progress bar and
// ends in the log with its counts; a state is mapped to a stage; the imported company is in the list and
// the imported order's deal shows its line items and its MoySklad order. Then 1C connects and its
// password is shown once.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MoySkladFake, startMoySkladFake } from "../fakes/moysklad.ts";
import {
  launchBrowser,
  newSession,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from "./browser.ts";

describe("accounting settings in the browser", () => {
  let fake: MoySkladFake;
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    fake = await startMoySkladFake();
    [web, browser] = await Promise.all([
      startWebApp({ env: { FLAME_MOYSKLAD_API_URL: fake.baseUrl } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await fake?.close();
  });

  it("connects MoySklad, syncs, maps a state, shows the imported deal's items, and connects 1C", async () => {
    // Enough products for the first sync to take a few pages, so its progress can be seen.
    fake.seed({ products: 1500 });
    const company = fake.addCounterparty({ name: "ООО «Вектор»", companyType: "legal" });
    const sofa = fake.addProduct({ name: "Диван «Остин»" });
    const order = fake.addOrder({
      agentId: String(company.id),
      stateName: "Подтвержден",
      positions: [{ productId: String(sofa.id), quantity: 2, price: 4_990_000 }],
    });
    fake.updateOrder(String(order.id), { payedSum: order.sum });
    const shipped = fake.states.find((s) => s.name === "Отгружен");
    expect(shipped).toBeDefined();

    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    await page.goto("/settings/accounting");
    const moysklad = page.getByTestId("accounting-moysklad");
    await moysklad.getByTestId("moysklad-connect-form").waitFor();

    // MoySklad refuses a wrong token: its own words show under the form.
    await page.getByTestId("moysklad-token").fill("not-a-valid-token");
    await page.getByTestId("moysklad-connect").click();
    await page.getByTestId("moysklad-refusal").getByText("Ошибка аутентификации").waitFor();

    await page.getByTestId("moysklad-token").fill(fake.token);
    await page.getByTestId("moysklad-connect").click();
    await moysklad.getByTestId("moysklad-state-map").getByText("Отгружен").waitFor();
    expect(await moysklad.getByTestId("moysklad-state-map").locator("tbody tr").count()).toBe(
      fake.states.length,
    );

    // The first sync: a progress bar while it runs, then a log row with its counts.
    const progress = moysklad.getByTestId("moysklad-progress");
    await progress.waitFor();
    await screenshot(page, "accounting-moysklad-progress");
    await progress.waitFor({ state: "hidden", timeout: 40_000 });
    const run = moysklad.locator('[data-testid^="run-"][data-status]').first();
    await expect.poll(() => run.getAttribute("data-status")).toBe("succeeded");
    await run
      .getByTestId("run-counts")
      .getByText(/создано \d+/)
      .waitFor();
    await moysklad.getByTestId("moysklad-status").getByText("Подключено").waitFor();
    await moysklad.getByTestId("moysklad-status-last-sync").getByText("Последняя синхронизация").waitFor();

    // Map "Отгружен" to a stage and save; the API keeps it.
    await page.getByTestId(`moysklad-state-stage-${shipped?.id}`).click();
    await page.getByRole("option", { name: "Согласование договора" }).click();
    await page.getByTestId("moysklad-save").click();
    await page.getByText("Настройки сохранены").waitFor();
    const saved = (await (await page.request.get("/api/accounting/moysklad")).json()) as {
      settings: { stateMap: Record<string, string> };
    };
    expect(saved.settings.stateMap[String(shipped?.id)]).toBeTruthy();
    await screenshot(page, "accounting-moysklad");

    // The counterparty is a company in the CRM.
    await page.goto("/companies");
    await page.getByText("ООО «Вектор»").first().waitFor();

    // The order is a deal: its items and its MoySklad order (paid) on its card.
    await page.goto("/deals");
    await page.getByRole("link", { name: "Заказ 00001 — ООО «Вектор»", exact: true }).click();
    const items = page.getByTestId("deal-items");
    await items.getByTestId("deal-items-table").getByText("Диван «Остин»").waitFor();
    expect((await items.getByTestId("deal-items-total").textContent())?.replace(/\s/g, "")).toBe("99800₽");
    const linked = items.getByTestId("deal-order-moysklad");
    await linked.getByText("МойСклад № 00001").waitFor();
    await linked.getByText("Подтвержден", { exact: false }).waitFor();
    expect(await linked.getByTestId("deal-order-paid").textContent()).toBe("Оплачен");

    // A free-text line is added and saved; the total and the deal's amount follow.
    await items.getByTestId("deal-items-add-free").click();
    const line = items.getByTestId("deal-item-edit").last();
    await line.getByTestId("deal-item-name").fill("Доставка");
    await line.getByTestId("deal-item-price").fill("1500");
    await items.getByTestId("deal-items-save").click();
    await items.getByTestId("deal-items-table").getByText("Доставка").waitFor();
    await expect
      .poll(async () => (await items.getByTestId("deal-items-total").textContent())?.replace(/\s/g, ""))
      .toBe("101300₽");
    await expect.poll(() => page.getByTestId("deal-field-amount").inputValue()).toBe("101300");
    await screenshot(page, "accounting-deal-items");

    // 1C: the exchange URL, login and password, the password once.
    await page.goto("/settings/accounting");
    await page.getByTestId("one-c-connect").click();
    const password = (await page.getByTestId("one-c-password").textContent()) ?? "";
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await page.getByTestId("one-c-secret-url").textContent()).toBe(
      `${web.baseUrl}/api/accounting/one-c/exchange`,
    );
    const login = (await page.getByTestId("one-c-secret-login").textContent()) ?? "";
    expect(login).toMatch(/^1c_/);
    await page.getByText("Пароль показывается один раз").waitFor();
    await screenshot(page, "accounting-one-c-password");
    await page.getByTestId("one-c-password-close").click();
    await page.getByTestId("one-c-password").waitFor({ state: "hidden" });
    expect(await page.getByTestId("one-c-login").textContent()).toBe(login);
    await page.reload();
    await page.getByTestId("one-c-url").waitFor();
    expect(await page.content()).not.toContain(password);
    expect(await (await page.request.get("/api/accounting/one-c")).text()).not.toContain(password);
    await context.close();
  }, 90_000);
});
