// The manager's day in a real browser: a deal from quick create through a drag to another stage, its
// timeline, a second browser seeing the move live, and the board on a phone.

import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/server/db/client.ts";
import { waitFor } from "../support/wait.ts";
import {
  browserEmail,
  launchBrowser,
  newSession,
  screenshot,
  signInInBrowser,
  signUpInBrowser,
  startWebApp,
  type WebApp,
} from "./browser.ts";

/** Drags with the mouse in small steps, as a person does (dnd-kit needs movement past its threshold). */
async function drag(page: Page, from: string, to: string) {
  const source = await page.getByTestId(from).boundingBox();
  const target = await page.getByTestId(to).boundingBox();
  if (!source || !target) throw new Error(`cannot drag ${from} to ${to}: not visible`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(source.x + source.width / 2 + 10, source.y + source.height / 2, { steps: 5 });
  await page.mouse.move(target.x + target.width / 2, target.y + 80, { steps: 20 });
  await page.mouse.up();
}

const columns = (page: Page) =>
  page.locator('[data-testid^="kanban-column-"]').evaluateAll((els) =>
    els.map((el) => ({
      id: el.getAttribute("data-testid")?.replace("kanban-column-", "") ?? "",
      name: el.getAttribute("data-stage-name"),
    })),
  );

describe("deals in the browser", () => {
  let web: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    // The webhook receiver below listens on 127.0.0.1.
    [web, browser] = await Promise.all([
      startWebApp({ env: { FLAME_ALLOW_PRIVATE_WEBHOOKS: "true" } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("creates a deal, drags it to the next stage, sees the move in its timeline and on a second screen, wins it", async () => {
    const email = browserEmail();
    const first = await newSession(browser, web.baseUrl);
    await signUpInBrowser(first.page, email);
    const page = first.page;
    // The new workspace has its default pipeline.
    const stages = await waitForColumns(page);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const [firstStage, secondStage] = stages;
    if (!firstStage || !secondStage) throw new Error("the default pipeline has fewer than two stages");

    // The same person on a second device watches the board.
    const second = await newSession(browser, web.baseUrl);
    await signInInBrowser(second.page, email);
    await second.page.waitForURL("**/deals");
    await waitForColumns(second.page);

    await page.getByTestId("quick-create-open").click();
    await page.getByTestId("quick-create-title").fill("Поставка оборудования");
    await page.getByTestId("quick-create-amount").fill("150000");
    await page.getByTestId("quick-create-submit").click();
    const card = page.locator('[data-deal-title="Поставка оборудования"]');
    await card.waitFor();
    const dealId = (await card.getAttribute("data-testid"))?.replace("deal-card-", "") ?? "";
    expect(dealId).not.toBe("");
    await page.getByTestId(`kanban-column-${firstStage.id}`).getByTestId(`deal-card-${dealId}`).waitFor();
    expect(await page.getByTestId(`column-sum-${firstStage.id}`).textContent()).toMatch(/150\s000\s₽/);

    await drag(page, `deal-card-${dealId}`, `kanban-column-${secondStage.id}`);
    await page.getByTestId(`kanban-column-${secondStage.id}`).getByTestId(`deal-card-${dealId}`).waitFor();
    await screenshot(page, "kanban-after-drag");

    // The second screen sees it move without reloading.
    await second.page
      .getByTestId(`kanban-column-${secondStage.id}`)
      .getByTestId(`deal-card-${dealId}`)
      .waitFor({ timeout: 20_000 });
    await screenshot(second.page, "kanban-second-session");

    await page.getByTestId(`deal-card-${dealId}`).click();
    await page.waitForURL(`**/deals/${dealId}`);
    expect(await page.getByTestId("deal-title").textContent()).toContain("Поставка оборудования");
    const timeline = page.getByTestId("deal-timeline");
    await timeline
      .getByText(secondStage.name ?? "", { exact: false })
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(page, "deal-card");

    // …and to the end of the road: won.
    await page.getByTestId("deal-won").click();
    await page.getByTestId("deal-status").filter({ hasText: "Выиграна" }).waitFor();
    await screenshot(page, "deal-won");
    await first.context.close();
    await second.context.close();
  });

  it("keeps a column of 10,000 deals light: only the visible cards are in the page, more load on scroll", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    const email = await signUpInBrowser(page);
    const [first] = await waitForColumns(page);
    if (!first) throw new Error("no stage");
    await queryRows(
      web.database.db,
      sql`insert into deals (workspace_id, id, title, amount_minor, pipeline_id, stage_id, status, position, owner_id)
          select s.workspace_id, 'bulk' || g, 'Сделка ' || g, 100000, s.pipeline_id, s.id, 'open', g, u.id
          from stages s, users u, generate_series(1, 10000) g
          where s.id = ${first.id} and u.email = ${email}`,
    );
    await page.reload();
    const column = page.getByTestId(`kanban-column-${first.id}`);
    await column.locator('[data-testid^="deal-card-"]').first().waitFor();
    expect((await page.getByTestId(`column-count-${first.id}`).textContent())?.replace(/\D/g, "")).toBe(
      "10000",
    );
    const rendered = await column.locator('[data-testid^="deal-card-"]').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(60);
    // Scroll inside the column, as a person does with the wheel over it.
    const box = await column.boundingBox();
    if (!box) throw new Error("the column is not visible");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 10 && !(await page.locator('[data-deal-title="Сделка 60"]').count()); i++) {
      await page.mouse.wheel(0, 1500);
      await page.waitForTimeout(300);
    }
    await page.locator('[data-deal-title="Сделка 60"]').waitFor({ timeout: 15_000 });
    expect(await column.locator('[data-testid^="deal-card-"]').count()).toBeLessThan(80);
    await screenshot(page, "kanban-10k");
    await context.close();
  });

  it("shows the board on a 390 px phone", async () => {
    const { context, page } = await newSession(browser, web.baseUrl, { width: 390, height: 844 });
    await signUpInBrowser(page);
    await waitForColumns(page);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    // The board scrolls inside itself; the page does not grow sideways.
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, "kanban-390px");
    await context.close();
  });

  it("sends a deal dragged to another stage to the documented webhook receiver, which verifies it", async () => {
    const { context, page } = await newSession(browser, web.baseUrl);
    await signUpInBrowser(page);
    const send = (method: "post" | "patch", url: string, data: object) =>
      page.request[method](url, { headers: { origin: web.baseUrl }, data });
    // The subscription first (its secret is made by the CRM), then the receiver from docs/examples.
    const hook = await (
      await send("post", "/api/webhooks", { url: "http://127.0.0.1:9/later", events: ["deal.stage_changed"] })
    ).json();
    const receiver = spawn(process.execPath, ["docs/examples/webhook-receiver.mjs"], {
      env: { PATH: process.env.PATH ?? "", PORT: "0", WEBHOOK_SECRET: hook.secret },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    receiver.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    try {
      const port = await waitFor(() => /listening on (\d+)/.exec(output)?.[1], "the receiver to listen");
      expect(
        (await send("patch", `/api/webhooks/${hook.id}`, { url: `http://127.0.0.1:${port}/flame` })).ok(),
      ).toBe(true);
      const deal = await (await send("post", "/api/deals", { title: "Переезд склада" })).json();

      await page.goto("/deals");
      const [, next] = await waitForColumns(page);
      if (!next) throw new Error("the default pipeline has one stage");
      await drag(page, `deal-card-${deal.id}`, `kanban-column-${next.id}`);
      // The receiver prints each event it verified, once: `verified <topic> <event id>`.
      const event = await waitFor(
        () => /verified deal\.stage_changed (\d+)/.exec(output)?.[1],
        "the receiver to verify the event",
        20_000,
      );
      const [stored] = await queryRows<{ id: string }>(
        web.database.db,
        sql`select id::text from outbox where topic = 'deal.stage_changed' and payload->>'id' = ${deal.id}`,
      );
      expect(event).toBe(stored?.id);
    } finally {
      receiver.kill();
      await context.close();
    }
  });
});

async function waitForColumns(page: Page) {
  await page.locator('[data-testid^="kanban-column-"]').first().waitFor();
  return columns(page);
}
