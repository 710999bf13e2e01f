// Access in a real browser: the sign-up journey, the way back after signing in, the language switch.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchBrowser,
  newSession,
  screenshot,
  signInInBrowser,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from "./browser.ts";

describe("access in the browser", () => {
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("signs up in Russian and lands on the deals board of a new workspace", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    await page.getByRole("link", { name: "Сделки" }).waitFor();
    await screenshot(page, "signed-up");
    // A record that does not exist (deleted, or another workspace's) reads "not found", not a crash.
    await page.goto("/deals/no-such-deal");
    await page.getByTestId("not-found").waitFor();
    await page.goto("/contacts/no-such-contact");
    await page.getByTestId("not-found").waitFor();
    await context.close();
  });

  it("sends a signed-out person to /login and back to the page they asked for", async () => {
    const first = await newSession(browser, web.baseUrl);
    const email = await signUpInBrowser(first.page);
    await first.context.close();

    const { context, page } = await newSession(browser, web.baseUrl);
    await page.goto("/tasks?tab=overdue");
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/tasks?tab=overdue");
    await signInInBrowser(page, email, "/tasks?tab=overdue");
    await page.waitForURL((url) => url.pathname === "/tasks");
    expect(new URL(page.url()).search).toBe("?tab=overdue");
    await screenshot(page, "back-after-sign-in");
    await context.close();
  });

  it("switches to English and back, and remembers the choice", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("link", { name: "Deals" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    await page.getByRole("link", { name: "Contacts" }).waitFor();
    await screenshot(page, "english");
    await page.getByText("RU", { exact: true }).click();
    await page.getByRole("link", { name: "Контакты" }).waitFor();
    await context.close();
  });
});
