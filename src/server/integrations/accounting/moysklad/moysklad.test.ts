// MoySklad against its fake over real HTTP, on PostgreSQL: connecting (and a refused token), the first
// sync (counterparties → companies, contacts and contact persons; orders → deals with positions in the
// mapped stages; products), a re-sync that duplicates nothing, incremental sync, webhooks (an order's
// state moves its deal; replays and forged secrets change nothing), a won deal creating an order without
// an echo, conflicts, 5xx retried and a sync resumed from its checkpoint, and the rate limit kept.
import { createServer } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MoySkladFake, startMoySkladFake } from "../../../../../test/fakes/moysklad.ts";
import { createTestApp, type TestApp } from "../../../../../test/support/app.ts";
import { newOwner, type Person } from "../../../../../test/support/messaging-settings.ts";
import { waitFor } from "../../../../../test/support/wait.ts";
import { caller } from "../../../../../test/support/workspace.ts";
import {
  accountingIntegrations,
  accountingRuns,
  companies,
  contacts,
  deals,
} from "../../../db/schema/index.ts";
import { configureMoySklad } from "./connection.ts";
import { runSync } from "./sync.ts";

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Stage {
  id: string;
  name: string;
  kind: "open" | "won" | "lost";
}

describe("MoySklad", () => {
  let t: TestApp;
  let fake: MoySkladFake;
  let call: ReturnType<typeof caller>;
  let publicUrl: string;

  beforeAll(async () => {
    fake = await startMoySkladFake({ rateLimit: { requests: 20, windowMs: 1000 } });
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: publicUrl, FLAME_MOYSKLAD_API_URL: fake.baseUrl } });
    configureMoySklad(t.platform, { backoffMs: 20, attempts: 3 });
    await t.app.listen({ port, host: "127.0.0.1" });
    call = caller(t.app);
  });
  // MoySklad allows 5 webhook URLs per entity and action: each test's workspace disconnects after it.
  const connectedOwners: Person[] = [];
  afterEach(async () => {
    for (const owner of connectedOwners.splice(0)) await call(owner, "DELETE", "/api/accounting/moysklad");
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const stagesOf = async (owner: Person): Promise<Stage[]> =>
    (await call(owner, "GET", "/api/pipelines")).json().items[0].stages;
  const stateId = (name: string) => String(fake.states.find((s) => s.name === name)?.id);
  const lastRun = async (owner: Person, kind = "sync") =>
    waitFor(
      async () => {
        const log = (await call(owner, "GET", "/api/accounting/moysklad/log")).json();
        const run = log.items?.find((r: { kind: string }) => r.kind === kind);
        return run && run.status !== "running" ? run : null;
      },
      `a finished ${kind} run`,
      20_000,
    );
  const ws = (owner: Person) => owner.workspaceId;

  /** A workspace connected to the fake with the states mapped onto its pipeline. */
  async function connected(settings: Record<string, unknown> = {}) {
    const owner = await newOwner(t, publicUrl);
    const stages = await stagesOf(owner);
    const open = stages.filter((s) => s.kind === "open");
    const won = stages.find((s) => s.kind === "won")!;
    const res = await call(owner, "POST", "/api/accounting/moysklad", {
      token: fake.token,
      settings: {
        stateMap: {
          [stateId("Новый")]: open[0]!.id,
          [stateId("Подтвержден")]: open[1]!.id,
          [stateId("Отгружен")]: won.id,
        },
        ...settings,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    connectedOwners.push(owner);
    return { owner, stages, open, won, view: res.json() };
  }

  it("refuses a token MoySklad refuses, with its message, and stores nothing", async () => {
    const owner = await newOwner(t, publicUrl);
    const res = await call(owner, "POST", "/api/accounting/moysklad", { token: "0".repeat(40) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/MoySklad refused: Ошибка аутентификации/);
    expect((await call(owner, "GET", "/api/accounting/moysklad")).json()).toEqual({ connected: false });
    const rows = await t.database.db
      .select()
      .from(accountingIntegrations)
      .where(eq(accountingIntegrations.workspaceId, ws(owner)));
    expect(rows).toEqual([]);
    expect((await t.app.inject({ method: "GET", url: "/api/accounting/moysklad" })).statusCode).toBe(401);
  });

  it("imports counterparties, contact persons, products and orders once, in the mapped stages", async () => {
    const romashka = fake.addCounterparty({
      name: "ООО «Ромашка»",
      companyType: "legal",
      legalTitle: "Общество с ограниченной ответственностью «Ромашка»",
      inn: "7736570901",
      kpp: "773601001",
      phone: "+7 495 123-45-67",
      email: "info@romashka.ru",
    });
    fake.addContactPerson(String(romashka.id), {
      name: "Петров Иван Сергеевич",
      phone: "+7 916 000-11-22",
      position: "Закупщик",
    });
    const olga = fake.addCounterparty({
      name: "Смирнова Ольга",
      companyType: "individual",
      phone: "+79161234567",
    });
    const sofa = fake.addProduct({
      name: "Диван Остин",
      article: "OST-3",
      salePrices: [{ value: 4_599_000 }],
    });
    const confirmed = fake.addOrder({
      agentId: String(romashka.id),
      stateName: "Подтвержден",
      positions: [{ productId: String(sofa.id), quantity: 2, price: 4_599_000 }],
    });
    const shipped = fake.addOrder({ agentId: String(olga.id), stateName: "Отгружен", sum: 150_000 });

    const { owner, open, won } = await connected();
    const run = await lastRun(owner);
    expect(run.status, JSON.stringify(run)).toBe("succeeded");
    expect(run.counts.failed ?? 0).toBe(0);

    const [company] = await t.database.db
      .select()
      .from(companies)
      .where(and(eq(companies.workspaceId, ws(owner)), eq(companies.inn, "7736570901")));
    expect(company).toMatchObject({
      name: "ООО «Ромашка»",
      legalName: "Общество с ограниченной ответственностью «Ромашка»",
      kpp: "773601001",
      phones: [expect.objectContaining({ number: "+74951234567" })],
      emails: [expect.objectContaining({ email: "info@romashka.ru" })],
    });
    const people = await t.database.db
      .select()
      .from(contacts)
      .where(eq(contacts.workspaceId, ws(owner)));
    expect(people.map((p) => [p.lastName, p.firstName, p.middleName].join(" ")).sort()).toEqual([
      "Петров Иван Сергеевич",
      "Смирнова Ольга ",
    ]);
    const petrov = (
      await call(owner, "GET", `/api/contacts/${people.find((p) => p.lastName === "Петров")!.id}`)
    ).json();
    expect(petrov.companyIds).toContain(company!.id);

    const dealRows = await t.database.db
      .select()
      .from(deals)
      .where(eq(deals.workspaceId, ws(owner)));
    expect(dealRows).toHaveLength(2);
    const forCompany = dealRows.find((d) => d.companyId === company!.id)!;
    expect(forCompany).toMatchObject({ stageId: open[1]!.id, amountMinor: 9_198_000, status: "open" });
    const items = (await call(owner, "GET", `/api/deals/${forCompany.id}/items`)).json();
    expect(items.items).toEqual([
      expect.objectContaining({
        name: "Диван Остин",
        quantity: 2,
        priceMinor: 4_599_000,
        sumMinor: 9_198_000,
      }),
    ]);
    expect(items.orders).toEqual([
      expect.objectContaining({
        platform: "moysklad",
        externalId: confirmed.id,
        number: confirmed.name,
        state: "Подтвержден",
      }),
    ]);
    const forOlga = dealRows.find((d) => d.id !== forCompany.id)!;
    expect(forOlga).toMatchObject({ stageId: won.id, status: "won", amountMinor: 150_000 });
    expect(shipped.id).toBeTruthy();
    const productList = (await call(owner, "GET", "/api/accounting/products?search=остин")).json();
    expect(productList.items).toEqual([
      expect.objectContaining({ name: "Диван Остин", article: "OST-3", priceMinor: 4_599_000 }),
    ]);

    // Again: nothing new is created, and only what changed since the last sync is read.
    const requestsBefore = fake.requests.length;
    expect((await call(owner, "POST", "/api/accounting/moysklad/sync")).statusCode).toBe(202);
    await waitFor(async () => {
      const log = (await call(owner, "GET", "/api/accounting/moysklad/log")).json();
      return (
        log.items.filter((r: { kind: string; status: string }) => r.kind === "sync" && r.status !== "running")
          .length === 2
      );
    }, "the second sync");
    expect(await t.database.db.$count(deals, eq(deals.workspaceId, ws(owner)))).toBe(2);
    expect(await t.database.db.$count(companies, eq(companies.workspaceId, ws(owner)))).toBe(1);
    const listed = fake.requests.slice(requestsBefore).filter((r) => r.path === "/entity/counterparty");
    expect(listed.length).toBeGreaterThan(0);
    expect(decodeURIComponent(listed[0]!.query.replaceAll("+", " "))).toMatch(
      /filter=updated>=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/,
    );
  });

  it("moves a deal when its order's state changes in MoySklad (webhook), once per request id", async () => {
    const agent = fake.addCounterparty({
      name: "ИП Соколов",
      companyType: "entrepreneur",
      inn: "500100732259",
    });
    const order = fake.addOrder({ agentId: String(agent.id), stateName: "Новый", sum: 500_000 });
    const { owner, open } = await connected();
    await lastRun(owner);
    const dealOf = async () => {
      const [row] = await t.database.db
        .select()
        .from(deals)
        .where(and(eq(deals.workspaceId, ws(owner)), eq(deals.amountMinor, 500_000)));
      return row;
    };
    expect((await dealOf())?.stageId).toBe(open[0]!.id);

    fake.updateOrder(String(order.id), { stateName: "Подтвержден" }, { notify: true });
    await waitFor(
      async () => ((await dealOf())?.stageId === open[1]!.id ? true : null),
      "the deal moved by the webhook",
    );
    await fake.settled();
    const delivery = fake.deliveries.find(
      (d) => d.body.includes(String(order.id)) && d.url.includes("/api/hooks/moysklad/"),
    );
    expect(delivery?.statuses).toEqual([204]);

    // The same notification again (MoySklad retries with the same requestId): acknowledged, not re-applied.
    const url = `${delivery!.url}${delivery!.url.includes("?") ? "&" : "?"}requestId=${delivery!.requestId}`;
    const runsBefore = await t.database.db.$count(accountingRuns, eq(accountingRuns.workspaceId, ws(owner)));
    const again = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: delivery!.body,
    });
    expect(again.status).toBe(204);
    // A forged secret is refused and changes nothing.
    const forged = await fetch(url.replace(/k=[^&]+/, "k=forged"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: delivery!.body,
    });
    expect(forged.status).toBe(404);
    // An entity type we do not sync is acknowledged and ignored.
    const unknown = await fetch(url.replace(delivery!.requestId, "another-request"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        events: [{ meta: { type: "demand", href: `${fake.baseUrl}/entity/demand/x` }, action: "UPDATE" }],
      }),
    });
    expect(unknown.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await t.database.db.$count(accountingRuns, eq(accountingRuns.workspaceId, ws(owner)))).toBe(
      runsBefore,
    );
  });

  it("creates a customer order for a won deal, without MoySklad echoing it back", async () => {
    const { owner, won } = await connected({
      directions: { counterparties: "both", orders: "both", products: "import" },
    });
    await lastRun(owner);
    const company = (
      await call(owner, "POST", "/api/companies", { name: "ООО Пламя", inn: "7707083893" })
    ).json();
    const deal = (
      await call(owner, "POST", "/api/deals", {
        title: "Поставка",
        amountMinor: 1_000_000,
        companyId: company.id,
      })
    ).json();
    const moved = await call(owner, "POST", `/api/deals/${deal.id}/move`, { stageId: won.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const order = await waitFor(
      async () =>
        [...fake.orders.values()].find((o) => String(o.description ?? "").includes("Поставка")) ?? null,
      "the order in MoySklad",
      20_000,
    );
    const counterparty = [...fake.counterparties.values()].find((c) => c.inn === "7707083893");
    expect(counterparty?.name).toBe("ООО Пламя");
    expect(String((order.agent as { meta: { href: string } }).meta.href)).toMatch(
      new RegExp(`${counterparty?.id}$`),
    );
    expect(String((order.state as { meta: { href: string } }).meta.href)).toMatch(
      new RegExp(`${stateId("Отгружен")}$`),
    );
    const items = await waitFor(async () => {
      const body = (await call(owner, "GET", `/api/deals/${deal.id}/items`)).json();
      return body.orders.length ? body : null;
    }, "the order linked to the deal");
    expect(items.orders[0]).toMatchObject({ platform: "moysklad", externalId: order.id });
    // Our writes carried DisableByPrefix: MoySklad sent nothing back about them.
    await fake.settled();
    expect(fake.deliveries.filter((d) => d.body.includes(String(order.id)))).toEqual([]);
  });

  it("keeps the newer side on a conflict and logs it", async () => {
    const party = fake.addCounterparty({ name: "ООО Старое", inn: "7702070139", companyType: "legal" });
    const { owner } = await connected({
      directions: { counterparties: "import", orders: "import", products: "import" },
    });
    await lastRun(owner);
    const [company] = await t.database.db
      .select()
      .from(companies)
      .where(and(eq(companies.workspaceId, ws(owner)), eq(companies.inn, "7702070139")));
    // MoySklad changes it first, then a manager here: ours is newer and stays.
    fake.updateCounterparty(String(party.id), { name: "ООО Новое в МойСклад" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      (await call(owner, "PATCH", `/api/companies/${company!.id}`, { name: "ООО Новое в CRM" })).statusCode,
    ).toBe(200);
    await call(owner, "POST", "/api/accounting/moysklad/sync");
    const conflicted = await waitFor(async () => {
      const log = (await call(owner, "GET", "/api/accounting/moysklad/log")).json();
      const run = log.items[0];
      return run.status !== "running" && run.kind === "sync" && log.items.length > 1 ? run : null;
    }, "the sync after the conflict");
    expect(conflicted.counts.conflicts).toBe(1);
    expect(conflicted.messages.join("\n")).toMatch(
      /Conflict on counterparty "ООО Новое в МойСклад".*CRM version was kept/,
    );
    const kept = (await call(owner, "GET", `/api/companies/${company!.id}`)).json();
    expect(kept.name).toBe("ООО Новое в CRM");
    // Then MoySklad changes it again, later: theirs is newer and wins.
    fake.updateCounterparty(String(party.id), { name: "ООО Финал" });
    await call(owner, "POST", "/api/accounting/moysklad/sync");
    await waitFor(
      async () =>
        (await call(owner, "GET", `/api/companies/${company!.id}`)).json().name === "ООО Финал" ? true : null,
      "MoySklad's newer name",
    );
  });

  it("retries 5xx answers and resumes a failed sync from its checkpoint without duplicating", async () => {
    for (let i = 0; i < 3; i++) fake.addCounterparty({ name: `Клиент ${i}`, companyType: "individual" });
    const { owner } = await connected();
    await lastRun(owner);
    const [row] = await t.database.db
      .select()
      .from(accountingIntegrations)
      .where(eq(accountingIntegrations.workspaceId, ws(owner)));

    // Two 503s: the client's retries absorb them.
    fake.addCounterparty({ name: "Клиент после сбоя", companyType: "individual" });
    fake.failNext({ status: 503, path: "/entity/counterparty", times: 2 });
    await call(owner, "POST", "/api/accounting/moysklad/sync");
    await waitFor(
      async () =>
        (await call(owner, "GET", "/api/accounting/moysklad/log")).json().items[0]?.status === "succeeded"
          ? true
          : null,
      "the sync through 503s",
    );
    expect(
      await t.database.db.$count(
        contacts,
        and(eq(contacts.workspaceId, ws(owner)), eq(contacts.lastName, "Клиент")),
      ),
    ).toBeGreaterThan(0);

    // MoySklad down past the retries while reading orders: the run stops, keeping the counterparties' checkpoint.
    fake.addCounterparty({ name: "Новый Клиент", companyType: "individual" });
    fake.addOrder({ agentId: [...fake.counterparties.keys()][0]!, stateName: "Новый", sum: 777_00 });
    const [run] = await t.database.db
      .insert(accountingRuns)
      .values({ workspaceId: ws(owner), id: `run-${Date.now()}`, integrationId: row!.id, kind: "sync" })
      .returning();
    // As many failures as the client's tries (3): the run gives up on this page.
    fake.failNext({ status: 502, path: "/entity/customerorder", times: 3 });
    await expect(
      runSync(
        t.platform,
        { workspaceId: ws(owner), integrationId: row!.id, runId: run!.id },
        t.app.log,
        false,
      ),
    ).rejects.toThrow();
    const contactsAfterFailure = await t.database.db.$count(contacts, eq(contacts.workspaceId, ws(owner)));
    expect(contactsAfterFailure).toBeGreaterThan(0);
    const before = fake.requests.length;
    await runSync(
      t.platform,
      { workspaceId: ws(owner), integrationId: row!.id, runId: run!.id },
      t.app.log,
      false,
    );
    const [finished] = await t.database.db
      .select()
      .from(accountingRuns)
      .where(eq(accountingRuns.id, run!.id));
    expect(finished?.status).toBe("succeeded");
    expect(await t.database.db.$count(contacts, eq(contacts.workspaceId, ws(owner)))).toBe(
      contactsAfterFailure,
    );
    expect(
      await t.database.db.$count(deals, and(eq(deals.workspaceId, ws(owner)), eq(deals.amountMinor, 777_00))),
    ).toBe(1);
    // The resumed run read counterparties only from the checkpoint (nothing new there), not from the start.
    const relisted = fake.requests.slice(before).filter((r) => r.path === "/entity/counterparty");
    expect(relisted.every((r) => decodeURIComponent(r.query).includes("filter=updated>="))).toBe(true);
  });

  it("keeps to MoySklad's limits: at most 5 requests at once, pausing when the window is spent", async () => {
    fake.stats.maxParallelSeen = 0;
    const rateLimitedBefore = fake.stats.parallelLimited;
    const requestsBefore = fake.stats.requests;
    for (let i = 0; i < 30; i++) {
      const c = fake.addCounterparty({ name: `ООО Фирма ${i}`, companyType: "legal" });
      fake.addContactPerson(String(c.id), { name: `Сотрудник ${i}` });
    }
    const { owner } = await connected();
    const run = await lastRun(owner);
    expect(run.status).toBe("succeeded");
    expect(fake.stats.maxParallelSeen).toBeLessThanOrEqual(5);
    expect(fake.stats.parallelLimited).toBe(rateLimitedBefore);
    // More requests than one window (20/s) allows: the limit was reached and kept.
    expect(fake.stats.requests - requestsBefore).toBeGreaterThan(20);
  });
  // Last: issuing a token revokes the user's earlier ones (the fake's token the other tests use).
  it("connects with a login and password (exchanged for a token) and reads the states to map", async () => {
    const owner = await newOwner(t, publicUrl);
    const res = await call(owner, "POST", "/api/accounting/moysklad", {
      login: "admin@flame",
      password: "secret",
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({
      connected: true,
      status: "active",
      account: { login: "admin@flame" },
      webhooks: true,
    });
    expect(view.remote.states.map((s: { name: string }) => s.name)).toContain("Подтвержден");
    expect(view.settings.organizationId).toBe(fake.organizations[0]?.id);
    // The token never comes back, and the stored credentials are sealed.
    expect(res.body).not.toMatch(/access_token|secret"/);
    const [row] = await t.database.db
      .select()
      .from(accountingIntegrations)
      .where(eq(accountingIntegrations.workspaceId, ws(owner)));
    expect(row?.credentials).not.toContain(fake.token);
    // Webhooks with the secret in their URL, one per entity and action.
    const ours = fake.webhooks.filter((w) => String(w.url).includes(`/api/hooks/moysklad/${view.id}?k=`));
    expect(ours.map((w) => `${w.entityType}:${w.action}`).sort()).toEqual([
      "counterparty:CREATE",
      "counterparty:UPDATE",
      "customerorder:CREATE",
      "customerorder:UPDATE",
      "product:CREATE",
      "product:UPDATE",
    ]);
    await lastRun(owner);
    expect((await call(owner, "DELETE", "/api/accounting/moysklad")).statusCode).toBe(204);
    expect(fake.webhooks.filter((w) => String(w.url).includes(view.id))).toEqual([]);
  });
});
