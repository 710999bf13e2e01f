// Lead capture forms on PostgreSQL: the settings endpoints (roles, another workspace's form), the public
// post as JSON and form-encoded (a deal with UTM in the form's pipeline, an Unsorted lead whose UTM the
// accepted deal carries), CORS per allowed origin, the honeypot, a wrong token, the rate limit,
// validation, and the snippet run against stub browser objects so its cookie and its post are real.
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { newColleague, newOwner, type Person } from "../../../../test/support/messaging-settings.ts";
import { caller } from "../../../../test/support/workspace.ts";
import { contacts, deals, notes, unsortedLeads } from "../../db/schema/index.ts";
import { SUBMISSIONS_PER_MINUTE } from "./forms.routes.ts";

const SITE = "https://shop.example.ru";
const FORM = "application/x-www-form-urlencoded";

describe("lead capture forms", () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let owner: Person;
  let ip = 0;
  /** A client address of its own per test, so the per-address limit of one test never spills over. */
  const nextIp = () => `203.0.113.${++ip}`;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: "https://crm.example.ru" } });
    call = caller(t.app);
    owner = await newOwner(t);
  });
  afterAll(() => t?.close());

  const createForm = async (who: Person, body: Record<string, unknown>) => {
    const res = await call(who, "POST", "/api/forms", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; token: string; endpoint: string; snippetUrl: string };
  };
  const post = (
    token: string,
    payload: Record<string, unknown> | string,
    headers: Record<string, string> = {},
    from = nextIp(),
  ) =>
    t.app.inject({
      method: "POST",
      url: `/api/forms/${token}`,
      headers: {
        "x-forwarded-for": from,
        ...(typeof payload === "string" ? { "content-type": FORM } : {}),
        ...headers,
      },
      payload,
    });
  const dealsOf = (workspaceId: string) =>
    t.database.db.select().from(deals).where(eq(deals.workspaceId, workspaceId));
  const leadsOf = (workspaceId: string) =>
    t.database.db.select().from(unsortedLeads).where(eq(unsortedLeads.workspaceId, workspaceId));
  const countsOf = async (workspaceId: string) => {
    const n = async (table: typeof deals | typeof unsortedLeads | typeof contacts) =>
      (await t.database.db.select({ n: count() }).from(table).where(eq(table.workspaceId, workspaceId)))[0]
        ?.n;
    return { deals: await n(deals), leads: await n(unsortedLeads), contacts: await n(contacts) };
  };

  it("manages forms: created with a random token, listed to members, changed only with integrations.manage", async () => {
    const a = await createForm(owner, { name: "Заявка", allowedOrigins: [`${SITE}/`] });
    const b = await createForm(owner, { name: "Заявка 2" });
    expect(a).toMatchObject({
      name: "Заявка",
      allowedOrigins: [SITE],
      target: "unsorted",
      pipelineId: null,
      endpoint: `https://crm.example.ru/api/forms/${a.token}`,
      snippetUrl: `https://crm.example.ru/api/forms/${a.token}/snippet.js`,
    });
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(b.token).not.toBe(a.token);

    const member = await newColleague(t, owner, "member");
    const listed = await call(member, "GET", "/api/forms");
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining([a.id, b.id]),
    );
    expect((await call(member, "POST", "/api/forms", { name: "x" })).statusCode).toBe(403);
    expect((await call(member, "PATCH", `/api/forms/${a.id}`, { name: "x" })).statusCode).toBe(403);

    const changed = await call(owner, "PATCH", `/api/forms/${a.id}`, {
      name: "Обратный звонок",
      target: "deal",
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: "Обратный звонок", target: "deal", token: a.token });
    const badOrigin = await call(owner, "PATCH", `/api/forms/${a.id}`, {
      allowedOrigins: ["https://x.ru/page"],
    });
    expect(badOrigin.statusCode).toBe(422);
    const badSource = await call(owner, "PATCH", `/api/forms/${a.id}`, { sourceId: "nope" });
    expect(badSource.statusCode).toBe(404);
    const notMember = await call(owner, "PATCH", `/api/forms/${a.id}`, { assigneeId: "nobody" });
    expect(notMember.statusCode).toBe(404);

    expect((await call(owner, "DELETE", `/api/forms/${b.id}`)).statusCode).toBe(204);
    expect((await post(b.token, { phone: "+79161234567" })).statusCode).toBe(404);
  });

  it("answers 404 for another workspace's form, and changes nothing there", async () => {
    const form = await createForm(owner, { name: "Чужая" });
    const stranger = await newOwner(t);
    const res = await call(stranger, "PATCH", `/api/forms/${form.id}`, { name: "Моя" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    expect((await call(stranger, "DELETE", `/api/forms/${form.id}`)).statusCode).toBe(404);
    const mine = (await call(owner, "GET", "/api/forms")).json().items;
    expect(mine.find((f: { id: string }) => f.id === form.id)).toMatchObject({ name: "Чужая" });
  });

  it("turns a JSON post into a contact and a deal with UTM in the first stage of the form's pipeline", async () => {
    const boss = await newOwner(t);
    const source = (await call(boss, "POST", "/api/sources", { name: "Сайт", kind: "form" })).json();
    const pipeline = (await call(boss, "POST", "/api/pipelines", { name: "Сайт" })).json();
    const firstStage = pipeline.stages.find((s: { kind: string }) => s.kind === "open");
    const form = await createForm(boss, {
      name: "Обратный звонок",
      target: "deal",
      pipelineId: pipeline.id,
      sourceId: source.id,
      assigneeId: boss.userId,
    });
    const res = await post(form.token, {
      name: "Анна Смирнова",
      phone: "8 (912) 345-67-89",
      email: "Anna@Example.RU",
      message: "Перезвоните после обеда",
      utm_source: "yandex",
      utm_medium: "cpc",
      utm_campaign: "spring_sale",
      utm_content: "banner1",
      utm_term: "купить диван",
      yclid: "7382916452",
      referrer: "https://yandex.ru/",
      page_url: `${SITE}/sofa?utm_source=yandex`,
      city: "Казань",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ ok: true });

    const [deal] = await dealsOf(boss.workspaceId);
    expect(deal).toMatchObject({
      title: "Обратный звонок: Анна Смирнова",
      pipelineId: pipeline.id,
      stageId: firstStage.id,
      sourceId: source.id,
      ownerId: boss.userId,
      utmSource: "yandex",
      utmMedium: "cpc",
      utmCampaign: "spring_sale",
      utmContent: "banner1",
      utmTerm: "купить диван",
      yclid: "7382916452",
    });
    const [contact] = await t.database.db
      .select()
      .from(contacts)
      .where(eq(contacts.workspaceId, boss.workspaceId));
    expect(contact).toMatchObject({
      firstName: "Анна",
      lastName: "Смирнова",
      phones: [{ number: "+79123456789", type: "mobile" }],
      emails: [{ email: "anna@example.ru", type: "work" }],
      sourceId: source.id,
      ownerId: boss.userId,
    });
    // Through the API, as the deal card shows it: linked to the contact.
    const viaApi = (await call(boss, "GET", `/api/deals/${deal!.id}`)).json();
    expect(viaApi.contactIds).toEqual([contact!.id]);
    const [note] = await t.database.db.select().from(notes).where(eq(notes.dealId, deal!.id));
    expect(note?.body).toContain("Перезвоните после обеда");
    expect(note?.body).toContain("city: Казань");
    expect(note?.body).toContain(`${SITE}/sofa?utm_source=yandex`);

    // The same person again (by phone, written differently): a second deal, no second contact.
    const again = await post(form.token, { phone: "+7 912 345 67 89", utm_campaign: "retarget" });
    expect(again.statusCode).toBe(201);
    expect(await countsOf(boss.workspaceId)).toMatchObject({ deals: 2, contacts: 1 });
  });

  it("turns a form-encoded post into an Unsorted lead, and accepting it carries the UTM onto the deal", async () => {
    const boss = await newOwner(t);
    const form = await createForm(boss, { name: "Сайт" });
    const body = new URLSearchParams({
      name: "Пётр",
      phone: "+7 (916) 123-45-67",
      message: "Нужна консультация",
      utm_source: "yandex",
      utm_medium: "cpc",
      utm_campaign: "123456",
      utm_term: "диван",
      yclid: "99887766",
      page_url: `${SITE}/?utm_campaign=123456`,
    }).toString();
    const res = await post(form.token, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ ok: true });

    const [lead] = await leadsOf(boss.workspaceId);
    expect(lead).toMatchObject({
      channel: "form",
      status: "pending",
      title: "Сайт: Пётр",
      contact: { name: "Пётр", phone: "+79161234567" },
      payload: {
        formId: form.id,
        message: "Нужна консультация",
        utm_source: "yandex",
        utm_campaign: "123456",
        utm_term: "диван",
        yclid: "99887766",
        page_url: `${SITE}/?utm_campaign=123456`,
      },
    });
    expect(await countsOf(boss.workspaceId)).toMatchObject({ deals: 0 });

    const accepted = await call(boss, "POST", `/api/unsorted/${lead!.id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    const deal = (await call(boss, "GET", `/api/deals/${accepted.json().dealId}`)).json();
    expect(deal).toMatchObject({
      utmSource: "yandex",
      utmMedium: "cpc",
      utmCampaign: "123456",
      utmContent: null,
      utmTerm: "диван",
      yclid: "99887766",
    });
  });

  it("answers CORS for the form's allowed origins only; the post itself works without CORS", async () => {
    const form = await createForm(owner, { name: "CORS", allowedOrigins: [SITE] });
    const preflight = (origin: string) =>
      t.app.inject({
        method: "OPTIONS",
        url: `/api/forms/${form.token}`,
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
    const allowed = await preflight(SITE);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers["access-control-allow-origin"]).toBe(SITE);
    expect(allowed.headers["access-control-allow-methods"]).toContain("POST");
    expect(allowed.headers["access-control-allow-headers"]).toMatch(/content-type/i);
    const other = await preflight("https://evil.example.com");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    expect(other.headers["access-control-allow-methods"]).toBeUndefined();

    const fromSite = await post(form.token, { email: "a@example.ru" }, { origin: SITE });
    expect(fromSite.statusCode).toBe(201);
    expect(fromSite.headers["access-control-allow-origin"]).toBe(SITE);
    const fromOther = await post(
      form.token,
      { email: "b@example.ru" },
      { origin: "https://evil.example.com" },
    );
    expect(fromOther.statusCode).toBe(201);
    expect(fromOther.headers["access-control-allow-origin"]).toBeUndefined();
    const serverToServer = await post(form.token, { email: "c@example.ru" });
    expect(serverToServer.statusCode).toBe(201);
    expect(serverToServer.headers["access-control-allow-origin"]).toBeUndefined();
    // A refusal reaches the page too: the allowed origin can read the 422.
    const invalid = await post(form.token, { name: "без контактов" }, { origin: SITE });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers["access-control-allow-origin"]).toBe(SITE);
  });

  it("accepts a filled honeypot with the usual answer and stores nothing", async () => {
    const boss = await newOwner(t);
    const form = await createForm(boss, { name: "Бот", target: "deal" });
    const real = await post(form.token, { phone: "+79161112233" });
    const before = await countsOf(boss.workspaceId);
    expect(before).toMatchObject({ deals: 1, contacts: 1 });
    const json = await post(form.token, { phone: "+79160000000", website: "http://spam.example" });
    const encoded = await post(form.token, "name=Bot&email=bot%40spam.example&website=spam");
    const invalidToo = await post(form.token, { website: "x" });
    for (const res of [json, encoded, invalidToo]) {
      expect(res.statusCode).toBe(real.statusCode);
      expect(res.json()).toEqual(real.json());
    }
    expect(await countsOf(boss.workspaceId)).toEqual(before);
  });

  it("answers 404 JSON for a wrong token", async () => {
    for (const res of [
      await post("no-such-token", { phone: "+79161234567" }),
      await t.app.inject({ method: "OPTIONS", url: "/api/forms/no-such-token", headers: { origin: SITE } }),
      await t.app.inject({ method: "GET", url: "/api/forms/no-such-token/snippet.js" }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: "not_found" } });
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    }
  });

  it(`answers 429 with Retry-After to the ${SUBMISSIONS_PER_MINUTE + 1}st post in a minute from one address`, async () => {
    const boss = await newOwner(t);
    const form = await createForm(boss, { name: "Поток" });
    const from = nextIp();
    for (let i = 0; i < SUBMISSIONS_PER_MINUTE; i++) {
      const res = await post(form.token, { email: `lead${i}@example.ru` }, {}, from);
      expect(res.statusCode, `post ${i + 1}`).toBe(201);
    }
    const over = await post(form.token, { email: "over@example.ru" }, {}, from);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe("rate_limited");
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(over.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect((await leadsOf(boss.workspaceId)).length).toBe(SUBMISSIONS_PER_MINUTE);
    // Another address, and the same address on another form, are counted apart.
    expect((await post(form.token, { email: "other@example.ru" }, {}, nextIp())).statusCode).toBe(201);
    const second = await createForm(boss, { name: "Другая" });
    expect((await post(second.token, { email: "same@example.ru" }, {}, from)).statusCode).toBe(201);
  });

  it("refuses invalid posts with 422 and changes nothing", async () => {
    const boss = await newOwner(t);
    const form = await createForm(boss, { name: "Строгая", target: "deal" });
    const before = await countsOf(boss.workspaceId);
    for (const payload of [
      { name: "Никаких контактов", message: "перезвоните" },
      { phone: "12" },
      { email: "not-an-email" },
      "name=Only+a+name",
    ]) {
      const res = await post(form.token, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json().error.code).toBe("validation_failed");
    }
    expect(await countsOf(boss.workspaceId)).toEqual(before);
  });

  it("serves a valid snippet that keeps the landing page's UTM in a cookie and posts them with the form", async () => {
    const boss = await newOwner(t);
    const form = await createForm(boss, { name: "Сниппет", allowedOrigins: [SITE] });
    const res = await t.app.inject({ method: "GET", url: `/api/forms/${form.token}/snippet.js` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    const snippet = res.body;
    expect(snippet).toContain(form.endpoint);
    expect(() => new Function(snippet)).not.toThrow();

    // Run it against stub browser objects: a landing with UTM tags, then a page without them.
    const jar = new Map<string, string>();
    const page = (href: string, referrer: string) => {
      const listeners: ((event: unknown) => void)[] = [];
      const document = {
        referrer,
        get cookie() {
          return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
        },
        set cookie(value: string) {
          const [pair] = value.split(";");
          const [k, v] = pair!.split("=");
          jar.set(k!, v!);
        },
        addEventListener: (_type: string, fn: (event: unknown) => void) => listeners.push(fn),
      };
      const url = new URL(href);
      const location = { href, search: url.search, protocol: url.protocol };
      new Function("window", "document", "location", "fetch", "HTMLFormElement", "FormData", snippet)(
        {},
        document,
        location,
        fetchToApp,
        StubForm,
        StubFormData,
      );
      return listeners;
    };
    class StubForm {
      events: { type: string; detail: unknown }[] = [];
      fields: [string, string][];
      attributes: Record<string, string>;
      constructor(fields: [string, string][], attributes: Record<string, string>) {
        this.fields = fields;
        this.attributes = attributes;
      }
      hasAttribute(name: string) {
        return name in this.attributes;
      }
      getAttribute(name: string) {
        return this.attributes[name] ?? null;
      }
      dispatchEvent(event: CustomEvent) {
        this.events.push({ type: event.type, detail: event.detail });
        return true;
      }
      reset() {}
    }
    class StubFormData {
      form: StubForm;
      constructor(form: StubForm) {
        this.form = form;
      }
      forEach(fn: (value: string, key: string) => void) {
        for (const [k, v] of this.form.fields) fn(v, k);
      }
    }
    const sent: { url: string; body: string }[] = [];
    async function fetchToApp(url: string, init: { body: URLSearchParams }) {
      sent.push({ url, body: init.body.toString() });
      const answer = await t.app.inject({
        method: "POST",
        url: new URL(url).pathname,
        headers: { "content-type": FORM, origin: SITE, "x-forwarded-for": nextIp() },
        payload: init.body.toString(),
      });
      return { ok: answer.statusCode < 300, status: answer.statusCode, json: async () => answer.json() };
    }

    page(`${SITE}/landing?utm_source=yandex&utm_campaign=spring&yclid=555`, "https://yandex.ru/");
    expect(jar.has("flame_touch")).toBe(true);
    // A later visit without tags keeps the first touch.
    const listeners = page(`${SITE}/contacts`, `${SITE}/landing`);
    const form1 = new StubForm(
      [
        ["name", "Ирина"],
        ["phone", "+79031234567"],
      ],
      { "data-flame-form": "" },
    );
    let prevented = false;
    for (const fn of listeners) fn({ target: form1, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    const done = await (async () => {
      for (let i = 0; i < 100 && form1.events.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      return form1.events[0];
    })();
    expect(done).toMatchObject({ type: "flame:success", detail: { status: 201 } });
    expect(sent[0]?.url).toBe(form.endpoint);

    const [lead] = await leadsOf(boss.workspaceId);
    expect(lead?.payload).toMatchObject({
      name: "Ирина",
      phone: "+79031234567",
      utm_source: "yandex",
      utm_campaign: "spring",
      yclid: "555",
      referrer: "https://yandex.ru/",
      page_url: `${SITE}/landing?utm_source=yandex&utm_campaign=spring&yclid=555`,
    });
    // A form without the attribute is left alone.
    const plain = new StubForm([["phone", "+79031234567"]], {});
    for (const fn of listeners) fn({ target: plain, preventDefault: () => expect.fail("prevented") });
    expect(
      await t.database.db
        .select({ n: count() })
        .from(unsortedLeads)
        .where(and(eq(unsortedLeads.workspaceId, boss.workspaceId))),
    ).toEqual([{ n: 1 }]);
  });
});
