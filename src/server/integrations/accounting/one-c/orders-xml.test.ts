import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { type CmlDocument, type CmlItem, parseCommerceMl } from "./commerceml.ts";
import { type ExportOrder, fromMinor, moscowDateTime, ordersXml } from "./orders-xml.ts";

const person: ExportOrder = {
  id: "ord-1001",
  number: "1001",
  date: new Date("2024-06-01T08:58:00Z"), // 11:58 in Moscow
  amountMinor: 4_599_000,
  currency: "RUB",
  comment: "Доставка после 18:00",
  status: "[N] Принят",
  client: {
    id: "crm-client-77",
    name: "Смирнова Ольга",
    fullName: "Смирнова Ольга Петровна",
    isPerson: true,
    firstName: "Ольга",
    lastName: "Смирнова",
    inn: null,
    kpp: null,
    address: "Москва, ул. Тверская, 1, кв. 5",
    phones: ["+79161234567"],
    emails: ["olga@example.ru"],
  },
  items: [
    {
      id: "5f1c2d3e-0000-11ee-8000-000000000001",
      name: "Диван Остин 3-местный",
      priceMinor: 4_599_000,
      quantity: 1,
      sumMinor: 4_599_000,
    },
  ],
};

const company: ExportOrder = {
  id: "ord-1002",
  number: "1002",
  date: new Date("2024-12-31T22:30:00Z"), // already 2025-01-01 in Moscow
  amountMinor: 1_000_050,
  currency: "RUB",
  comment: null,
  status: null,
  client: {
    id: "crm-client-78",
    name: "Ромашка",
    fullName: "ООО «Ромашка & Ко» <опт>",
    isPerson: false,
    firstName: null,
    lastName: null,
    inn: "7701234567",
    kpp: "770101001",
    address: null,
    phones: [],
    emails: ["buh@romashka.ru", "boss@romashka.ru"],
  },
  items: [
    { id: null, name: "Доставка", priceMinor: 50_000, quantity: 1, sumMinor: 50_000 },
    { id: "p-2", name: "Кресло \"Уют\" 'мини'", priceMinor: 316_683, quantity: 3, sumMinor: 950_050 },
    { id: "p-3", name: "Ткань, м", priceMinor: 1, quantity: 0.5, sumMinor: 0 },
  ],
};

/** What the reader should give back for an order. */
function expected(order: ExportOrder): CmlDocument {
  const [date, time] = moscowDateTime(order.date);
  const { client } = order;
  return {
    id: order.id,
    number: order.number,
    date,
    time,
    operation: "Заказ товара",
    currency: order.currency,
    amountMinor: order.amountMinor,
    comment: order.comment,
    counterparties: [
      {
        id: client.id,
        name: client.name,
        fullName: client.fullName ?? (client.isPerson ? null : client.name),
        inn: client.inn,
        kpp: client.kpp,
        firstName: client.firstName,
        lastName: client.lastName,
        middleName: null,
        phones: client.phones,
        emails: client.emails,
        address: client.address,
        isPerson: client.isPerson,
      },
    ],
    items: order.items,
    requisites: order.status === null ? {} : { "Статус заказа": order.status },
    status: order.status,
    paid: null,
    paidAt: null,
    canceled: null,
  };
}

async function documents(bytes: Buffer): Promise<CmlDocument[]> {
  const docs: CmlDocument[] = [];
  for await (const item of parseCommerceMl([bytes])) {
    if (item.kind === "document") {
      const { kind: _, ...doc } = item as Extract<CmlItem, { kind: "document" }>;
      docs.push(doc);
    }
  }
  return docs;
}

describe("ordersXml", () => {
  it.each(["utf-8", "windows-1251"] as const)(
    "round-trips through parseCommerceMl in %s",
    async (encoding) => {
      const bytes = ordersXml([person, company], { encoding });
      expect(await documents(bytes)).toEqual([expected(person), expected(company)]);
    },
  );

  it.each(["2.05", "2.08", "2.10"])("round-trips with schema version %s", async (version) => {
    const bytes = ordersXml([person], { encoding: "utf-8", version });
    const header = (await parseCommerceMl([bytes]).next()).value;
    expect(header).toEqual({ kind: "header", root: "КоммерческаяИнформация", version, onlyChanges: null });
    expect(await documents(bytes)).toEqual([expected(person)]);
  });

  it("writes the skeleton's elements, Moscow time and money as decimal roubles", () => {
    const text = ordersXml([person], { encoding: "utf-8", now: new Date("2024-06-01T09:05:00Z") }).toString(
      "utf8",
    );
    expect(
      text.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2024-06-01T12:05:00">',
      ),
    ).toBe(true);
    for (const part of [
      "<Ид>ord-1001</Ид><Номер>1001</Номер><Дата>2024-06-01</Дата><Время>11:58:00</Время>",
      "<ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль><Валюта>руб</Валюта><Курс>1</Курс><Сумма>45990.00</Сумма>",
      "<Роль>Покупатель</Роль>",
      "<Фамилия>Смирнова</Фамилия><Имя>Ольга</Имя>",
      "<Контакт><Тип>Телефон рабочий</Тип><Значение>+79161234567</Значение></Контакт>",
      "<Контакт><Тип>Почта</Тип><Значение>olga@example.ru</Значение></Контакт>",
      "<ЦенаЗаЕдиницу>45990.00</ЦенаЗаЕдиницу><Количество>1</Количество><Сумма>45990.00</Сумма>",
      "<Наименование>Статус заказа</Наименование><Значение>[N] Принят</Значение>",
    ]) {
      expect(text).toContain(part);
    }
    expect(ordersXml([], { encoding: "utf-8", version: "2.10" }).toString()).toContain(
      'xmlns="urn:1C.ru:commerceml_210"',
    );
  });

  it("escapes markup and drops characters XML cannot carry", async () => {
    const nasty = {
      ...company,
      comment: "a < b && c > d \"quoted\" 'single' ]]> <!-- x --> \u0001\u0008bell",
      client: { ...company.client, name: "</Наименование><Ид>evil</Ид>" },
    };
    const bytes = ordersXml([nasty], { encoding: "utf-8" });
    const text = bytes.toString("utf8");
    expect(text).toContain(
      "a &lt; b &amp;&amp; c &gt; d &quot;quoted&quot; &apos;single&apos; ]]&gt; &lt;!-- x --&gt; bell",
    );
    const [doc] = await documents(bytes);
    expect(doc?.comment).toBe("a < b && c > d \"quoted\" 'single' ]]> <!-- x --> bell");
    expect(doc?.counterparties[0]?.name).toBe("</Наименование><Ид>evil</Ид>");
    expect(doc?.counterparties[0]?.id).toBe("crm-client-78");
  });

  it("writes windows-1251 bytes without a BOM, with ? for what the code page lacks", async () => {
    const order = { ...person, comment: "Позвонить №5 — «срочно» 🚚 中" };
    const bytes = ordersXml([order], { encoding: "windows-1251" });
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("<?xml");
    expect(bytes.subarray(0, 60).toString("latin1")).toContain('encoding="windows-1251"');
    expect(bytes.includes(iconv.encode("Смирнова", "win1251"))).toBe(true);
    expect(bytes.includes(Buffer.from("Смирнова", "utf8"))).toBe(false);
    const [doc] = await documents(bytes);
    expect(doc?.comment).toBe("Позвонить №5 — «срочно» ? ?");
  });

  it("writes UTF-8 without a BOM", () => {
    const bytes = ordersXml([company], { encoding: "utf-8" });
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("<?xml");
    expect(bytes.toString("utf8")).toContain("ООО «Ромашка &amp; Ко» &lt;опт&gt;");
  });

  it("formats kopecks exactly", () => {
    expect([0, 5, 99, 100, 4_599_000, -1230, 9_007_199_254_740_991].map(fromMinor)).toEqual([
      "0.00",
      "0.05",
      "0.99",
      "1.00",
      "45990.00",
      "-12.30",
      "90071992547409.91",
    ]);
    expect(() => fromMinor(1.5)).toThrow(RangeError);
  });
});
