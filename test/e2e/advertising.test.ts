// Advertising in a real browser against the Yandex Direct fake: a lead form is made in Settings and shows
// its snippet; two leads tagged with a Direct campaign arrive through the form's public endpoint and one
// of their deals is won; Direct is connected in Settings and its spend imported; the dashboard's ROI
// report per campaign shows the spend, leads, revenue and ROMI worked out by hand below.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DirectFake, startDirectFake } from "../fakes/yandex-direct.ts";
import { launchBrowser, screenshot, signUpInBrowser, startWebApp, type WebApp } from "./browser.ts";

const TOKEN = "y0_e2e_advertising";
/** Moscow's yesterday: Direct's last whole day, the one the import reads last. */
const moscowYesterday = () => new Date(Date.now() + 3 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
/** Text without spaces (Intl puts narrow no-break spaces in money and percents). */
const bare = (text: string | null) => (text ?? "").replace(/\s/g, "");

// The hand calculation. Campaign 70001 spent 10 000 ₽ and brought both leads; one was won for 35 000 ₽:
// CPL = 10 000 ÷ 2 = 5 000 ₽, CAC = 10 000 ÷ 1 = 10 000 ₽, ROMI = (35 000 − 10 000) ÷ 10 000 = 250 %.
// Campaign 70002 spent 2 000 ₽ and brought nothing: ROMI = −100 %. Totals: 12 000 ₽ spent, ROMI ≈ 191,7 %.
const SOFAS = { id: "70001", name: "Диваны — поиск", cost: 10_000 };
const CHAIRS = { id: "70002", name: "Кресла — РСЯ", cost: 2_000 };
const WON_AMOUNT_MINOR = 3_500_000;

describe("advertising, lead forms and ROI in the browser", () => {
  let direct: DirectFake;
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    direct = await startDirectFake({ tokens: [TOKEN] });
    [web, browser] = await Promise.all([
      startWebApp({ env: { FLAME_YANDEX_DIRECT_API_URL: direct.url } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await direct?.close();
  });

  it("makes a form, takes its leads, imports Direct's spend and shows the ROI per campaign", async () => {
    const day = moscowYesterday();
    direct.setSpend([
      {
        date: day,
        campaignId: SOFAS.id,
        campaignName: SOFAS.name,
        impressions: 4000,
        clicks: 120,
        cost: SOFAS.cost,
      },
      {
        date: day,
        campaignId: CHAIRS.id,
        campaignName: CHAIRS.name,
        impressions: 900,
        clicks: 15,
        cost: CHAIRS.cost,
      },
    ]);
    // The workspace counts days in Moscow time; so does the browser, so "the last 30 days" agree.
    const context = await browser.newContext({
      baseURL: web.baseUrl,
      viewport: { width: 1280, height: 900 },
      locale: "ru-RU",
      timezoneId: "Europe/Moscow",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (err) => {
      throw err;
    });
    await signUpInBrowser(page);
    const origin = { origin: web.baseUrl };

    // A form: made in Settings, its snippet shown with the script of its own token.
    await page.goto("/settings/forms");
    await page.getByTestId("lead-form-add").click();
    await page.getByTestId("lead-form-name-input").fill("Заявка с сайта");
    await page.getByTestId("lead-form-origins-input").fill("https://shop.example.ru/");
    await page.getByTestId("lead-form-submit").click();
    const card = page.getByTestId("lead-forms-list");
    await card.getByTestId("lead-form-name").getByText("Заявка с сайта").waitFor();
    await card.getByTestId("lead-form-snippet").waitFor();
    await page.getByTestId("lead-form-form").waitFor({ state: "hidden" });
    await card.getByTestId("lead-form-origins").getByText("https://shop.example.ru").waitFor();
    const forms = (await (await page.request.get("/api/forms")).json()) as {
      items: { token: string; snippetUrl: string }[];
    };
    const form = forms.items[0];
    expect(form).toBeDefined();
    const token = form?.token ?? "";
    const snippet = (await card.getByTestId("lead-form-snippet").textContent()) ?? "";
    expect(snippet).toContain(`<script src="${web.baseUrl}/api/forms/${token}/snippet.js" async></script>`);
    expect(snippet).toContain("<form data-flame-form");
    expect(snippet).toContain('name="website"');
    await screenshot(page, "advertising-forms");

    // Two leads from the site, tagged with campaign 70001 as Direct's links carry it.
    for (const [name, phone] of [
      ["Ирина", "+7 916 555-01-01"],
      ["Олег", "+7 916 555-02-02"],
    ]) {
      const posted = await fetch(`${web.baseUrl}/api/forms/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://shop.example.ru" },
        body: JSON.stringify({ name, phone, utm_source: "yandex", utm_campaign: SOFAS.id }),
      });
      expect(posted.status).toBe(201);
      expect(posted.headers.get("access-control-allow-origin")).toBe("https://shop.example.ru");
    }
    const deals = (await (await page.request.get("/api/deals")).json()) as {
      items: { id: string; title: string; pipelineId: string; utmCampaign: string | null }[];
    };
    const fromForm = deals.items.filter((d) => d.title.startsWith("Заявка с сайта:"));
    expect(fromForm).toHaveLength(2);
    expect(fromForm.every((d) => d.utmCampaign === SOFAS.id)).toBe(true);

    // One of them is won for 35 000 ₽.
    const pipelines = (await (await page.request.get("/api/pipelines")).json()) as {
      items: { id: string; stages: { id: string; kind: string }[] }[];
    };
    const won = pipelines.items
      .find((p) => p.id === fromForm[0]?.pipelineId)
      ?.stages.find((s) => s.kind === "won");
    expect(won).toBeDefined();
    const patched = await page.request.patch(`/api/deals/${fromForm[0]?.id}`, {
      headers: origin,
      data: { stageId: won?.id, amountMinor: WON_AMOUNT_MINOR },
    });
    expect(patched.status()).toBe(200);

    // Direct: connected in Settings with the fake's token; the backfill imports the spend.
    await page.goto("/settings/advertising");
    const panel = page.getByTestId("advertising-yandex-direct");
    await panel.getByTestId("yandex-direct-token").fill("y0_wrong");
    await panel.getByTestId("yandex-direct-connect").click();
    await panel.getByTestId("yandex-direct-refusal").waitFor();
    await panel.getByTestId("yandex-direct-token").fill(TOKEN);
    await panel.getByTestId("yandex-direct-connect").click();
    await panel.getByTestId("yandex-direct-status").getByText("Подключено").waitFor();
    const run = panel.locator('[data-testid^="ad-run-"][data-status]').first();
    await expect.poll(() => run.getAttribute("data-status"), { timeout: 40_000 }).toBe("succeeded");
    await panel.getByTestId("yandex-direct-running").waitFor({ state: "hidden" });
    await run.getByTestId("ad-run-counts").getByText("2 кампании").waitFor();
    const sofasRow = page.getByTestId(`campaign-yandex_direct:${SOFAS.id}`);
    await expect
      .poll(async () => bare(await sofasRow.getByTestId("campaign-spend").textContent()), { timeout: 10_000 })
      .toBe("10000₽");
    expect(await sofasRow.getByTestId("campaign-utm").inputValue()).toBe(SOFAS.id);
    await screenshot(page, "advertising-settings");

    // The dashboard: the last 30 days per campaign.
    await page.goto("/dashboard");
    const roi = page.getByTestId("dashboard-roi");
    await roi.scrollIntoViewIfNeeded();
    await roi.getByTestId("dashboard-roi-period").getByText("30 дней").click();
    await roi.getByTestId("dashboard-roi-group").getByText("Кампания").click();
    const sofas = roi.getByTestId(`roi-row-yandex_direct:${SOFAS.id}`);
    await sofas.waitFor();
    const cell = async (row: typeof sofas, id: string) => bare(await row.getByTestId(id).textContent());
    expect(await cell(sofas, "roi-spend")).toBe("10000₽");
    expect(await cell(sofas, "roi-leads")).toBe("2");
    expect(await cell(sofas, "roi-deals")).toBe("2");
    expect(await cell(sofas, "roi-won")).toBe("1");
    expect(await cell(sofas, "roi-revenue")).toBe("35000₽");
    expect(await cell(sofas, "roi-cpl")).toBe("5000₽");
    expect(await cell(sofas, "roi-cac")).toBe("10000₽");
    expect(await cell(sofas, "roi-romi")).toBe("250%");
    const chairs = roi.getByTestId(`roi-row-yandex_direct:${CHAIRS.id}`);
    expect(await cell(chairs, "roi-spend")).toBe("2000₽");
    expect(await cell(chairs, "roi-leads")).toBe("0");
    expect(await cell(chairs, "roi-romi")).toBe("-100%");
    const total = roi.getByTestId("roi-row-total");
    expect(await cell(total, "roi-spend")).toBe("12000₽");
    expect(await cell(total, "roi-revenue")).toBe("35000₽");
    expect(await cell(total, "roi-romi")).toBe("191,7%");
    await roi.getByTestId("dashboard-roi-chart").waitFor();
    await screenshot(page, "advertising-roi");

    // The CSV button asks the same report.
    const href = (await roi.getByTestId("dashboard-roi-csv").getAttribute("href")) ?? "";
    expect(href).toMatch(
      /^\/api\/analytics\/roi\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&groupBy=campaign$/,
    );
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain(SOFAS.name);
    expect(text).toContain("Итого");
    await context.close();
  }, 90_000);
});
