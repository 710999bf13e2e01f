// The "done when": a manager runs a sales process through the API alone and reads the story back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.ts";
import { waitFor } from "./support/wait.ts";
import { caller, workspaceWithColleague } from "./support/workspace.ts";

// Also on PGlite: `npm start` runs the same SQL on the embedded database.
describe.each(["postgres", "pglite"] as const)("a sales process through the API on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ driver });
  });
  afterAll(() => t.close());

  it("company by requisites → contacts → deal → stages → lost with a reason, with tasks and notes, told by the timeline", async () => {
    const call = caller(t.app);
    const { colleague: manager } = await workspaceWithColleague(t.app, t.database.db, "manager");

    const company = await call(manager, "POST", "/api/companies", {
      name: "ПАО Сбербанк",
      legalForm: "ПАО",
      inn: "7707083893",
      kpp: "773601001",
      ogrn: "1027700132195",
      bik: "044525225",
      correspondentAccount: "30101810400000000225",
      settlementAccount: "40702810938000012345",
    });
    expect(company.statusCode).toBe(201);
    const contact = await call(manager, "POST", "/api/contacts", {
      firstName: "Герман",
      lastName: "Греф",
      phones: [{ number: "+7 (495) 500-55-50" }],
      companyIds: [company.json().id],
    });
    expect(contact.statusCode).toBe(201);

    const [pipeline] = (await call(manager, "GET", "/api/pipelines")).json().items;
    const stage = (kind: string, n = 0) =>
      pipeline.stages.filter((s: { kind: string }) => s.kind === kind)[n].id;
    const deal = (
      await call(manager, "POST", "/api/deals", {
        title: "Зарплатный проект",
        amountMinor: 250_000_000,
        companyId: company.json().id,
        contactIds: [contact.json().id],
        utmSource: "yandex",
        utmCampaign: "zarplata",
      })
    ).json();

    const task = await call(manager, "POST", "/api/tasks", {
      title: "Позвонить",
      dealId: deal.id,
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(task.statusCode).toBe(201);
    expect((await call(manager, "POST", `/api/tasks/${task.json().id}/complete`)).statusCode).toBe(200);
    expect(
      (await call(manager, "POST", "/api/notes", { dealId: deal.id, body: "Клиент просит скидку 5%" }))
        .statusCode,
    ).toBe(201);

    await call(manager, "POST", `/api/deals/${deal.id}/move`, { stageId: stage("open", 1) });
    await call(manager, "PATCH", `/api/deals/${deal.id}`, { amountMinor: 237_500_000 });
    const reason = (await call(manager, "GET", "/api/loss-reasons")).json().items[0];
    const lost = await call(manager, "POST", `/api/deals/${deal.id}/move`, {
      stageId: stage("lost"),
      lossReasonId: reason.id,
    });
    expect(lost.json()).toMatchObject({ status: "lost", lossReasonId: reason.id });

    const kinds = await waitFor(async () => {
      const timeline = (
        await call(manager, "GET", `/api/timeline?recordType=deal&recordId=${deal.id}`)
      ).json();
      const seen: string[] = timeline.items.map((e: { kind: string }) => e.kind);
      // The dispatcher writes the timeline after commit, in batches with no promised order: wait for all.
      const done =
        seen.includes("lost") &&
        seen.includes("note_created") &&
        seen.includes("task_completed") &&
        seen.filter((k) => k === "stage_changed").length === 2;
      return done ? seen : null;
    }, "the timeline to tell the whole story");
    // Newest first.
    expect(kinds.slice(0, 2).sort()).toEqual(["lost", "stage_changed"]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "created",
        "updated",
        "stage_changed",
        "task_created",
        "task_completed",
        "note_created",
      ]),
    );
    const timeline = (await call(manager, "GET", `/api/timeline?recordType=deal&recordId=${deal.id}`)).json();
    const updated = timeline.items.find((e: { kind: string }) => e.kind === "updated");
    expect(updated.data.changes.amountMinor).toEqual({ from: 250_000_000, to: 237_500_000 });
    expect(updated.actorUserId).toBeTruthy();
  });
});
