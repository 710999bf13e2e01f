// Finding and bringing data in a real browser: importing a small CSV with its progress bar, and the
// global search (Ctrl+K) taking a manager to the contact.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchBrowser,
  newSession,
  screenshot,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from "./browser.ts";

const CSV = [
  "Имя;Фамилия;Телефон",
  "Иван;Петров;+7 916 123-45-67",
  "Мария;Сидорова;8 (916) 765-43-21",
  "Олег;Кузнецов;9161112233",
  "Анна;Волкова;+79162223344",
  "Пётр;Орлов;+7 916 333 44 55",
].join("\r\n");

describe("import and search in the browser", () => {
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("imports a small CSV with a progress bar, then finds a contact with Ctrl+K despite a typo", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    await page.goto("/import");
    await page.getByTestId("import-entity").click();
    await page.getByRole("option", { name: /Контакт/ }).click();
    await page.getByTestId("import-file").setInputFiles({
      name: "клиенты.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(CSV),
    });
    for (let i = 0; i < 5 && !(await page.getByTestId("import-start").isVisible()); i++) {
      await page.getByTestId("import-next").click();
    }
    await page.getByTestId("import-start").click();
    await page.getByTestId("import-progress").waitFor();
    await page.getByTestId("import-result").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("import-created-count").textContent()).toContain("5");
    await screenshot(page, "import-done");

    await page.goto("/deals");
    await page.getByTestId("search-open").waitFor(); // the shortcut lives in the page's header
    await page.keyboard.press("Control+K");
    await page.getByTestId("search-input").fill("Сидорва");
    const result = page.getByTestId("search-result").filter({ hasText: "Сидорова" });
    await result.first().waitFor();
    await screenshot(page, "global-search");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/contacts\/[^/]+$/);
    expect(await page.getByTestId("contact-name").textContent()).toContain("Сидорова");
    await context.close();
  });
});
