// Browser tests drive Debian's Chromium (never a downloaded browser) through playwright-core against the
// real server on a real PostgreSQL database, serving the built web app.
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { sourcesHash } from "../../scripts/build-web.ts";
import { createTestApp, type TestApp } from "../support/app.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const STAMP = path.resolve(import.meta.dirname, "../../dist/web/.sources");
export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../.tmp/screenshots");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface WebApp extends TestApp {
  baseUrl: string;
}

/** The real app listening on a free port; PUBLIC_URL is that address, so CSRF and mail links match. */
export async function startWebApp(
  options: { databaseUrl?: string; port?: number; env?: Record<string, string> } = {},
): Promise<WebApp> {
  if (sourcesHash() !== (await readFile(STAMP, "utf8").catch(() => ""))) {
    throw new Error(
      "dist/web is missing or stale: the web app did not build (see the output of the test setup)",
    );
  }
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({
    databaseUrl: options.databaseUrl,
    env: { ...options.env, PUBLIC_URL: baseUrl },
  });
  await t.app.listen({ port, host: "127.0.0.1" });
  return { ...t, baseUrl };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A fresh browser profile (own cookies), Russian by default like a new visitor. */
export async function newSession(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: "ru-RU" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // A page error (an exception in the app) fails the test instead of passing unseen.
  page.on("pageerror", (err) => {
    throw err;
  });
  return { context, page };
}

export async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

let n = 0;
export const browserEmail = () => `browser.${process.pid}.${Date.now()}.${n++}@example.ru`;

/** Signs a new person up through the sign-up page; resolves on the deals board. */
export async function signUpInBrowser(page: Page, email = browserEmail(), name = "Анна Смирнова") {
  await page.goto("/signup");
  await page.getByLabel("Ваше имя").fill(name);
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill("correct horse battery");
  await page.getByLabel("Название компании").fill("ООО «Ромашка»");
  await page.getByRole("button", { name: "Зарегистрироваться" }).click();
  await page.waitForURL("**/deals");
  return email;
}

export async function signInInBrowser(page: Page, email: string, next = "") {
  await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill("correct horse battery");
  await page.getByRole("button", { name: "Войти" }).click();
}
