// Proves the MoySklad fake behaves like PROTOCOLS.md §3 says МойСклад does, over real HTTP.
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { type Json, type MoySkladFake, type MoySkladFakeOptions, startMoySkladFake } from "./moysklad.ts";

const fakes: MoySkladFake[] = [];
const receivers: Server[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  for (const server of receivers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function start(options: MoySkladFakeOptions = {}) {
  const fake = await startMoySkladFake({ rateLimit: false, ...options });
  fakes.push(fake);
  return fake;
}

/** A call the way the CRM makes it: Node's fetch (which sends Accept-Encoding: gzip) with the Bearer token. */
async function api(fake: MoySkladFake, path: string, init: RequestInit & { token?: string } = {}) {
  const url = path.startsWith("http") ? path : `${fake.baseUrl}${path}`;
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${init.token ?? fake.token}`);
  if (init.body) headers.set("content-type", "application/json");
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let json: Json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // A failure injected with a non-JSON body; the test reads `text`.
  }
  return { status: res.status, headers: res.headers, text, json };
}
const errorCode = (body: Json) => (body.errors as { code: number }[])[0]?.code;
const rows = (body: Json) => body.rows as Json[];

/** A raw node:http call, which sends no Accept-Encoding unless told to. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>(
    (resolve, reject) => {
      request(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
        .on("error", reject)
        .end();
    },
  );
}

interface Hit {
  url: string;
  userAgent: string;
  body: Json;
}
/** A webhook receiver: `answer` decides each attempt's status and delay. */
async function receiver(
  answer: (attempt: number) => { status: number; delayMs?: number } = () => ({ status: 200 }),
) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hits.push({
        url: req.url ?? "",
        userAgent: req.headers["user-agent"] ?? "",
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      const { status, delayMs = 0 } = answer(hits.length);
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, url: `${origin}/hooks/moysklad?k=secret`, hits };
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;

describe("MoySklad fake: transport and auth", () => {
  it("answers 415 with an empty body without Accept-Encoding: gzip, and gzipped JSON with it", async () => {
    const fake = await start();
    const url = `${fake.baseUrl}/entity/counterparty`;
    const plain = await rawGet(url, { authorization: `Bearer ${fake.token}` });
    expect(plain.status).toBe(415);
    expect(plain.body.length).toBe(0);

    const zipped = await rawGet(url, { authorization: `Bearer ${fake.token}`, "accept-encoding": "gzip" });
    expect(zipped.status).toBe(200);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["content-type"]).toBe("application/json;charset=utf-8");
    expect(JSON.parse(gunzipSync(zipped.body).toString("utf8")).meta.size).toBe(0);
  });

  it("refuses missing or wrong credentials with 401 code 1056 and accepts Basic", async () => {
    const fake = await start();
    const none = await fetch(`${fake.baseUrl}/entity/counterparty`);
    expect(none.status).toBe(401);
    expect(errorCode((await none.json()) as Json)).toBe(1056);
    const wrong = await api(fake, "/entity/counterparty", {
      headers: { authorization: basic("admin@flame", "nope") },
    });
    expect(wrong.status).toBe(401);
    expect((wrong.json.errors as Json[])[0]?.error).toMatch(/^Ошибка аутентификации/);
    const right = await api(fake, "/entity/counterparty", {
      headers: { authorization: basic("admin@flame", "secret") },
    });
    expect(right.status).toBe(200);
  });

  it("issues a 40-hex token with Basic and revokes the user's earlier tokens", async () => {
    const fake = await start({ login: "crm@shop", password: "pw" });
    expect((await api(fake, "/entity/counterparty")).status).toBe(200);
    const issued = await api(fake, "/security/token", {
      method: "POST",
      headers: { authorization: basic("crm@shop", "pw") },
    });
    expect(issued.status).toBeLessThan(300);
    const token = String(issued.json.access_token);
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(fake.revokedTokens.has(fake.token)).toBe(true);
    expect((await api(fake, "/entity/counterparty")).status).toBe(401);
    expect((await api(fake, "/entity/counterparty", { token })).status).toBe(200);

    const again = await api(fake, "/security/token", {
      method: "POST",
      headers: { authorization: basic("crm@shop", "pw") },
    });
    expect((await api(fake, "/entity/counterparty", { token })).status).toBe(401);
    expect((await api(fake, "/entity/counterparty", { token: String(again.json.access_token) })).status).toBe(
      200,
    );
    // A token cannot mint tokens.
    expect((await api(fake, "/security/token", { method: "POST", token })).status).toBe(401);
  });

  it("answers unknown paths with 404 and the errors envelope", async () => {
    const fake = await start();
    const res = await api(fake, "/entity/counterparty/00000000-0000-0000-0000-000000000000");
    expect(res.status).toBe(404);
    expect(errorCode(res.json)).toBe(1021);
    const path = await api(fake, "/report/nothing");
    expect(path.status).toBe(404);
    expect(errorCode(path.json)).toBe(1002);
  });
});

describe("MoySklad fake: listing and sync", () => {
  it("pages with limit/offset, meta.size and nextHref until the last page", async () => {
    const fake = await start();
    fake.seed({ counterparties: 2500 });
    const seen = new Set<string>();
    let next: string | undefined = `${fake.baseUrl}/entity/counterparty?limit=1000`;
    let pages = 0;
    while (next) {
      const page = await api(fake, next);
      expect(page.status).toBe(200);
      const meta = page.json.meta as Json;
      expect(meta.size).toBe(2500);
      expect(meta.limit).toBe(1000);
      if (pages > 0) expect(meta.previousHref).toBeDefined();
      for (const row of rows(page.json)) seen.add(String(row.id));
      next = meta.nextHref as string | undefined;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(2500);

    const first = await api(fake, "/entity/counterparty?limit=2&offset=0");
    const row = rows(first.json)[0] ?? {};
    expect(row.meta).toMatchObject({
      href: `${fake.baseUrl}/entity/counterparty/${row.id}`,
      metadataHref: `${fake.baseUrl}/entity/counterparty/metadata`,
      type: "counterparty",
      mediaType: "application/json",
    });
    expect(row.updated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect((await api(fake, "/entity/counterparty?limit=1001")).status).toBe(400);
    expect((await api(fake, "/entity/counterparty?limit=0")).status).toBe(400);
  });

  it("writes `updated` in Moscow time, strictly increasing", async () => {
    const fake = await start();
    const before = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
    const a = fake.addCounterparty({ name: "А" });
    const b = fake.addCounterparty({ name: "Б" });
    expect(String(a.updated) >= before).toBe(true);
    expect(String(b.updated) > String(a.updated)).toBe(true);
  });

  it("filter=updated>= returns exactly the rows written since, including updated ones", async () => {
    const fake = await start();
    const all = Array.from({ length: 10 }, (_, i) => fake.addCounterparty({ name: `Клиент ${i}` }));
    const since = String(all[6]?.updated);
    const res = await api(fake, `/entity/counterparty?filter=${encodeURIComponent(`updated>=${since}`)}`);
    expect(rows(res.json).map((r) => r.name)).toEqual(["Клиент 6", "Клиент 7", "Клиент 8", "Клиент 9"]);
    expect((res.json.meta as Json).size).toBe(4);

    fake.updateCounterparty(String(all[1]?.id), { phone: "+7 900 000-00-01" });
    const later = await api(fake, `/entity/counterparty?filter=${encodeURIComponent(`updated>${since}`)}`);
    expect(rows(later.json).map((r) => r.name)).toEqual(["Клиент 7", "Клиент 8", "Клиент 9", "Клиент 1"]);

    const desc = await api(fake, "/entity/counterparty?order=updated,desc;id&limit=2");
    expect(rows(desc.json).map((r) => r.name)).toEqual(["Клиент 1", "Клиент 9"]);
  });

  it("keeps listings in updated order across updates and direct changes to the Maps", async () => {
    const fake = await start();
    fake.seed({ counterparties: 1000 });
    const ids = [...fake.counterparties.keys()];
    for (const i of [5, 500, 999, 0]) fake.updateCounterparty(ids[i] ?? "", { phone: `+7 900 ${i}` });
    const put = await api(fake, `/entity/counterparty/${ids[42]}`, {
      method: "PUT",
      body: JSON.stringify({ name: "Переименован" }),
    });
    expect(put.status).toBe(200);
    fake.counterparties.delete(ids[7] ?? "");
    const oldest = fake.counterparties.get(ids[600] ?? "");
    if (oldest) oldest.updated = "2020-01-01 00:00:00.000";
    const listed = rows((await api(fake, "/entity/counterparty")).json);
    expect(listed).toHaveLength(999);
    expect(listed[0]?.id).toBe(ids[600]);
    expect(listed.slice(-5).map((r) => r.id)).toEqual([ids[5], ids[500], ids[999], ids[0], ids[42]]);
    const stamps = listed.map((r) => String(r.updated));
    expect([...stamps].sort()).toEqual(stamps);
  });

  it("supports the filter subset and rejects unknown fields with code 1002", async () => {
    const fake = await start();
    fake.addCounterparty({ name: "ООО Ромашка", inn: "7736570901" });
    fake.addCounterparty({ name: "ИП Васильков", inn: "500100732259" });
    fake.addCounterparty({ name: "Архивный", archived: true });
    const names = async (filter: string) =>
      rows((await api(fake, `/entity/counterparty?filter=${encodeURIComponent(filter)}`)).json).map(
        (r) => r.name,
      );
    expect(await names("name~ромаш")).toEqual(["ООО Ромашка"]);
    expect(await names("inn=7736570901;inn=500100732259")).toEqual(["ООО Ромашка", "ИП Васильков"]);
    expect(await names("inn!=7736570901")).toEqual(["ИП Васильков"]);
    expect(await names("archived=true;archived=false")).toHaveLength(3);
    const bad = await api(fake, `/entity/counterparty?filter=${encodeURIComponent("colour=red")}`);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      errors: [expect.objectContaining({ error: "Неизвестное поле фильтрации 'colour'", code: 1002 })],
    });

    const agent = fake.addCounterparty({ name: "Покупатель" });
    fake.addOrder({ agentId: String(agent.id), stateName: "Собран" });
    fake.addOrder({ agentId: String(agent.id) });
    const href = (agent.meta as Json).href;
    const byAgent = await api(fake, `/entity/customerorder?filter=${encodeURIComponent(`agent=${href}`)}`);
    expect((byAgent.json.meta as Json).size).toBe(2);
    const byState = await api(
      fake,
      `/entity/customerorder?filter=${encodeURIComponent("state.name=Собран")}`,
    );
    expect((byState.json.meta as Json).size).toBe(1);
  });

  it("expands positions only with limit <= 100 and computes the order sum in kopecks", async () => {
    const fake = await start();
    const agent = fake.addCounterparty({ name: "Покупатель" });
    const sofa = fake.addProduct({ name: "Диван «Остин»" });
    const order = fake.addOrder({
      agentId: String(agent.id),
      positions: [{ productId: String(sofa.id), quantity: 2, price: 4_990_000 }],
    });
    expect(order.sum).toBe(9_980_000);

    const expanded = await api(fake, "/entity/customerorder?expand=positions&limit=100");
    const positions = rows(expanded.json)[0]?.positions as Json;
    expect((positions.meta as Json).size).toBe(1);
    expect((positions.rows as Json[])[0]).toMatchObject({
      quantity: 2,
      price: 4_990_000,
      discount: 0,
      vat: 0,
      assortment: { meta: { href: `${fake.baseUrl}/entity/product/${sofa.id}`, type: "product" } },
    });

    const collapsed = await api(fake, "/entity/customerorder?expand=positions");
    expect(rows(collapsed.json)[0]?.positions).toEqual({
      meta: expect.objectContaining({
        href: `${fake.baseUrl}/entity/customerorder/${order.id}/positions`,
        type: "customerorderposition",
        size: 1,
      }),
    });
    const list = await api(fake, `/entity/customerorder/${order.id}/positions`);
    expect(rows(list.json)).toHaveLength(1);
    const metadata = await api(fake, "/entity/customerorder/metadata");
    expect((metadata.json.states as Json[]).map((s) => s.name)).toEqual([
      "Новый",
      "Подтвержден",
      "Собран",
      "Отгружен",
      "Доставлен",
      "Возврат",
      "Отменен",
    ]);
  });

  it("seeds 100 000 counterparties and orders fast and still pages quickly", async () => {
    const fake = await start();
    const t0 = Date.now();
    fake.seed({ counterparties: 100_000, products: 100, orders: 100_000 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(fake.orders.size).toBe(100_000);
    const t1 = Date.now();
    const page = await api(fake, "/entity/customerorder?limit=1000&offset=50000");
    expect((page.json.meta as Json).size).toBe(100_000);
    const last = rows(page.json).at(-1)?.updated;
    const tail = await api(
      fake,
      `/entity/customerorder?filter=${encodeURIComponent(`updated>${last}`)}&limit=1`,
    );
    expect((tail.json.meta as Json).size).toBe(49_000);
    expect(Date.now() - t1).toBeLessThan(2000);
  });
});

describe("MoySklad fake: writes", () => {
  it("creates and updates counterparties and orders, validating required fields", async () => {
    const fake = await start();
    const noName = await api(fake, "/entity/counterparty", {
      method: "POST",
      body: JSON.stringify({ inn: "1" }),
    });
    expect(noName.status).toBe(400);
    expect(errorCode(noName.json)).toBe(3000);
    const malformed = await api(fake, "/entity/counterparty", { method: "POST", body: "{name:" });
    expect(malformed.status).toBe(400);

    const created = await api(fake, "/entity/counterparty", {
      method: "POST",
      body: JSON.stringify({ name: "ООО Ромашка", email: "info@romashka.ru", unknownField: 1 }),
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ name: "ООО Ромашка", email: "info@romashka.ru" });
    expect(created.json.unknownField).toBeUndefined();
    const id = String(created.json.id);
    const put = await api(fake, `/entity/counterparty/${id}`, {
      method: "PUT",
      body: JSON.stringify({ phone: "+7 495 123-45-67", email: "" }),
    });
    expect(put.json.phone).toBe("+7 495 123-45-67");
    expect("email" in put.json).toBe(false);
    expect(String(put.json.updated) > String(created.json.updated)).toBe(true);

    const person = await api(fake, `/entity/counterparty/${id}/contactpersons`, {
      method: "POST",
      body: JSON.stringify({ name: "Ольга", phone: "+7 916 000-00-00" }),
    });
    expect(person.json.name).toBe("Ольга");
    const people = await api(fake, `/entity/counterparty/${id}/contactpersons`);
    expect(rows(people.json).map((p) => p.name)).toEqual(["Ольга"]);

    const product = fake.addProduct({ name: "Кресло" });
    const orgMeta = fake.organizations[0]?.meta;
    const noOrg = await api(fake, "/entity/customerorder", {
      method: "POST",
      body: JSON.stringify({ agent: { meta: created.json.meta } }),
    });
    expect(noOrg.status).toBe(400);
    const order = await api(fake, "/entity/customerorder", {
      method: "POST",
      body: JSON.stringify({
        organization: { meta: orgMeta },
        agent: { meta: created.json.meta },
        positions: [{ quantity: 3, price: 150_000, assortment: { meta: product.meta } }],
      }),
    });
    expect(order.status).toBe(200);
    expect(order.json.sum).toBe(450_000);
    const shipped = fake.states.find((s) => s.name === "Отгружен");
    const changed = await api(fake, `/entity/customerorder/${order.json.id}`, {
      method: "PUT",
      body: JSON.stringify({ state: { meta: shipped?.meta }, description: "Доставка завтра" }),
    });
    expect(changed.json).toMatchObject({ description: "Доставка завтра", state: { meta: shipped?.meta } });
    expect(fake.orders.get(String(order.json.id))?.description).toBe("Доставка завтра");
  });
});

describe("MoySklad fake: limits and faults", () => {
  it("answers 429 code 1049 with X-Lognex-Retry-After once the window is used up", async () => {
    const fake = await start({ rateLimit: { requests: 3, windowMs: 400 } });
    for (let i = 0; i < 3; i++) {
      const ok = await api(fake, "/entity/counterparty");
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-ratelimit-limit")).toBe("3");
      expect(ok.headers.get("x-ratelimit-remaining")).toBe(String(2 - i));
      expect(ok.headers.get("x-lognex-retry-timeinterval")).toBe("400");
      expect(Number(ok.headers.get("x-lognex-reset"))).toBeGreaterThan(0);
    }
    const limited = await api(fake, "/entity/counterparty");
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      errors: [
        expect.objectContaining({
          error: "Превышено ограничение на количество запросов в единицу времени",
          code: 1049,
        }),
      ],
    });
    const retryAfter = Number(limited.headers.get("x-lognex-retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(400);
    expect(fake.stats.rateLimited).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, retryAfter + 20));
    expect((await api(fake, "/entity/counterparty")).status).toBe(200);
  });

  it("answers the 6th parallel request with 429 code 1073", async () => {
    const fake = await start();
    fake.failNext({ status: 503, delayMs: 300, times: 5 });
    const results = await Promise.all(Array.from({ length: 6 }, () => api(fake, "/entity/customerorder")));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([429, 503, 503, 503, 503, 503]);
    const limited = results.find((r) => r.status === 429);
    expect(errorCode(limited?.json ?? {})).toBe(1073);
    expect(Number(limited?.headers.get("x-lognex-retry-after"))).toBeGreaterThan(0);
    expect(fake.stats).toMatchObject({ maxParallelSeen: 5, parallelLimited: 1 });
  });

  it("failNext fails matching requests the given number of times, after a delay if asked", async () => {
    const fake = await start();
    fake.failNext({ status: 502, path: "/entity/customerorder", times: 2 });
    expect((await api(fake, "/entity/counterparty")).status).toBe(200);
    expect((await api(fake, "/entity/customerorder")).status).toBe(502);
    expect((await api(fake, "/entity/customerorder?limit=5")).status).toBe(502);
    expect((await api(fake, "/entity/customerorder")).status).toBe(200);

    fake.failNext({ status: 504, delayMs: 200, body: "<html>Gateway Timeout</html>" });
    const t0 = Date.now();
    const slow = await api(fake, "/entity/counterparty");
    expect(slow.status).toBe(504);
    expect(slow.text).toBe("<html>Gateway Timeout</html>");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 502, 502, 200, 504]);
    expect(fake.requests[2]).toMatchObject({
      method: "GET",
      path: "/entity/customerorder",
      query: "limit=5",
    });
  });
});

describe("MoySklad fake: webhooks", () => {
  async function hooked(
    fake: MoySkladFake,
    url: string,
    action = "UPDATE",
    entityType = "customerorder",
  ): Promise<Json> {
    const res = await api(fake, "/entity/webhook", {
      method: "POST",
      body: JSON.stringify({ url, action, entityType, diffType: "FIELDS" }),
    });
    expect(res.status).toBe(200);
    return res.json;
  }

  it("delivers a notification with requestId, the touch agent and updatedFields", async () => {
    const fake = await start();
    const hook = await receiver();
    await hooked(fake, hook.url);
    const duplicate = await api(fake, "/entity/webhook", {
      method: "POST",
      body: JSON.stringify({ url: hook.url, action: "UPDATE", entityType: "customerorder" }),
    });
    expect(duplicate.status).toBe(400);
    expect((await api(fake, "/entity/webhook")).json.meta).toMatchObject({ size: 1 });

    const agent = fake.addCounterparty({ name: "Покупатель" });
    const order = fake.addOrder({ agentId: String(agent.id) }, { notify: true });
    fake.updateOrder(String(order.id), { stateName: "Подтвержден" });
    expect(fake.deliveries).toHaveLength(0);
    fake.updateOrder(String(order.id), { stateName: "Отгружен" }, { notify: true });
    await until(() => fake.deliveries[0]?.delivered === true);

    const delivery = fake.deliveries[0];
    expect(hook.hits).toHaveLength(1);
    expect(hook.hits[0]?.url).toBe(`/hooks/moysklad?k=secret&requestId=${delivery?.requestId}`);
    expect(hook.hits[0]?.userAgent).toMatch(/^MoySklad webhook touch agent 2\.0/);
    expect(hook.hits[0]?.body).toMatchObject({
      auditContext: { meta: { type: "audit" }, uid: "admin@flame" },
      events: [
        {
          meta: { type: "customerorder", href: `${fake.baseUrl}/entity/customerorder/${order.id}` },
          action: "UPDATE",
          updatedFields: ["state"],
        },
      ],
    });
  });

  it("retries a failing receiver up to 4 attempts with the same requestId", async () => {
    const fake = await start();
    const flaky = await receiver((n) => ({ status: n < 4 ? 500 : 200 }));
    await hooked(fake, flaky.url, "CREATE", "counterparty");
    fake.addCounterparty({ name: "Новый клиент" }, { notify: true });
    await until(() => fake.deliveries[0]?.delivered === true);
    expect(fake.deliveries[0]?.statuses).toEqual([500, 500, 500, 200]);
    const ids = flaky.hits.map((h) => new URL(h.url, "http://x").searchParams.get("requestId"));
    expect(new Set(ids).size).toBe(1);

    const broken = await receiver(() => ({ status: 503 }));
    await hooked(fake, broken.url, "CREATE", "counterparty");
    fake.addCounterparty({ name: "Ещё клиент" }, { notify: true });
    await fake.settled();
    const dropped = fake.deliveries.find((d) => d.url === broken.url);
    expect(dropped).toMatchObject({ statuses: [503, 503, 503, 503], delivered: false });
    expect(broken.hits).toHaveLength(4);
  });

  it("retries a receiver slower than webhookTimeoutMs", async () => {
    const fake = await start({ webhookTimeoutMs: 200 });
    const slow = await receiver((n) => ({ status: 200, delayMs: n === 1 ? 500 : 0 }));
    await hooked(fake, slow.url, "CREATE", "counterparty");
    fake.addCounterparty({ name: "Клиент" }, { notify: true });
    await fake.settled();
    expect(fake.deliveries[0]).toMatchObject({ statuses: [0, 200], delivered: true });
  });

  it("fires on API writes unless X-Lognex-WebHook-DisableByPrefix matches the url", async () => {
    const fake = await start();
    const hook = await receiver();
    await hooked(fake, hook.url, "CREATE", "counterparty");
    await hooked(fake, hook.url, "UPDATE", "counterparty");
    const own = await api(fake, "/entity/counterparty", {
      method: "POST",
      headers: { "x-lognex-webhook-disablebyprefix": hook.origin },
      body: JSON.stringify({ name: "Из CRM" }),
    });
    expect(own.status).toBe(200);
    const other = await api(fake, "/entity/counterparty", {
      method: "POST",
      headers: { "x-lognex-webhook-disablebyprefix": "https://elsewhere.example" },
      body: JSON.stringify({ name: "Из другой системы" }),
    });
    await api(fake, `/entity/counterparty/${own.json.id}`, {
      method: "PUT",
      body: JSON.stringify({ name: "Из CRM (правка в МойСклад)" }),
    });
    await fake.settled();
    const events = hook.hits.map((h) => (h.body.events as Json[])[0]);
    expect(events).toEqual([
      expect.objectContaining({
        action: "CREATE",
        meta: expect.objectContaining({ href: (other.json.meta as Json).href }),
      }),
      expect.objectContaining({ action: "UPDATE", updatedFields: ["name"] }),
    ]);
  });
});
