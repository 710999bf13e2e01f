// The builders of the files 1C sends must be what the CRM's reader understands. The driver itself is
// exercised by the exchange endpoint's tests.
import { describe, expect, it } from "vitest";
import { type CmlItem, parseCommerceMl } from "../../src/server/integrations/accounting/one-c/commerceml.ts";
import { catalogXml, counterpartiesXml, offersXml, ordersFromOneCXml, type XmlOptions } from "./one-c.ts";

async function parse(bytes: Buffer): Promise<CmlItem[]> {
  const items: CmlItem[] = [];
  for await (const item of parseCommerceMl([bytes])) items.push(item);
  return items;
}

const variants: XmlOptions[] = [
  {},
  { version: "2.08" },
  { version: "2.10", encoding: "windows-1251" },
  { version: "2.05", namespace: true, encoding: "windows-1251" },
  { version: "2.10", namespace: false },
];

describe.each(variants)("1C's files with %o", (options) => {
  const version = options.version ?? "2.05";

  it("catalogXml", async () => {
    const bytes = catalogXml(
      [
        { id: "p1", name: "Диван «Остин» & Co", article: "OST-3", group: { id: "g1", name: "Диваны" } },
        { id: "p2", name: "Кресло", group: { id: "g1", name: "Диваны" } },
        { id: "p3", name: "Пуф <мини>" },
      ],
      options,
    );
    expect(bytes.includes(Buffer.from(options.encoding === "windows-1251" ? "windows-1251" : "UTF-8"))).toBe(
      true,
    );
    expect(await parse(bytes)).toEqual([
      { kind: "header", root: "КоммерческаяИнформация", version, onlyChanges: false },
      { kind: "group", id: "g1", name: "Диваны", parentId: null },
      {
        kind: "product",
        id: "p1",
        article: "OST-3",
        name: "Диван «Остин» & Co",
        unit: "шт",
        groupIds: ["g1"],
        description: null,
      },
      {
        kind: "product",
        id: "p2",
        article: null,
        name: "Кресло",
        unit: "шт",
        groupIds: ["g1"],
        description: null,
      },
      {
        kind: "product",
        id: "p3",
        article: null,
        name: "Пуф <мини>",
        unit: "шт",
        groupIds: [],
        description: null,
      },
    ]);
  });

  it("offersXml", async () => {
    const wholesale = { id: "pt-opt", name: "Оптовая" };
    const bytes = offersXml(
      [
        { id: "p1", price: "45990", quantity: 3 },
        { id: "p1#c2", price: "45 990,50", priceType: wholesale },
      ],
      options,
    );
    expect(await parse(bytes)).toEqual([
      { kind: "header", root: "КоммерческаяИнформация", version, onlyChanges: false },
      { kind: "priceType", id: "price-retail", name: "Розничная", currency: "RUB" },
      { kind: "priceType", id: "pt-opt", name: "Оптовая", currency: "RUB" },
      {
        kind: "offer",
        id: "p1",
        productId: "p1",
        name: null,
        quantity: 3,
        prices: [{ priceTypeId: "price-retail", amountMinor: 4_599_000, currency: "RUB" }],
      },
      {
        kind: "offer",
        id: "p1#c2",
        productId: "p1",
        name: null,
        quantity: null,
        prices: [{ priceTypeId: "pt-opt", amountMinor: 4_599_050, currency: "RUB" }],
      },
    ]);
  });

  it("counterpartiesXml", async () => {
    const bytes = counterpartiesXml(
      [
        { id: "k1", name: "ООО «Ромашка»", inn: "7701234567", kpp: "770101001", emails: ["buh@romashka.ru"] },
        {
          id: "k2",
          name: "Смирнова Ольга",
          person: { firstName: "Ольга", lastName: "Смирнова" },
          phones: ["+79161234567", "+74951234567"],
        },
      ],
      options,
    );
    const items = await parse(bytes);
    expect(items[0]).toEqual({ kind: "header", root: "КоммерческаяИнформация", version, onlyChanges: null });
    expect(items.slice(1)).toEqual([
      {
        kind: "counterparty",
        id: "k1",
        name: "ООО «Ромашка»",
        fullName: "ООО «Ромашка»",
        inn: "7701234567",
        kpp: "770101001",
        firstName: null,
        lastName: null,
        middleName: null,
        phones: [],
        emails: ["buh@romashka.ru"],
        address: null,
        isPerson: false,
      },
      {
        kind: "counterparty",
        id: "k2",
        name: "Смирнова Ольга",
        fullName: "Смирнова Ольга",
        inn: null,
        kpp: null,
        firstName: "Ольга",
        lastName: "Смирнова",
        middleName: null,
        phones: ["+79161234567", "+74951234567"],
        emails: [],
        address: null,
        isPerson: true,
      },
    ]);
  });

  it("ordersFromOneCXml", async () => {
    const bytes = ordersFromOneCXml(
      [
        { id: "ord-1001", number: "1001", status: "Отгружен", paid: true, amount: "45990.00" },
        { id: "ord-1002", number: "1002", status: "[N] Принят", amount: "100", currency: "RUB" },
      ],
      options,
    );
    const docs = (await parse(bytes)).flatMap((item) => (item.kind === "document" ? [item] : []));
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({
      id: "ord-1001",
      number: "1001",
      date: "2024-06-02",
      time: "10:15:00",
      operation: "Заказ товара",
      currency: "RUB",
      amountMinor: 4_599_000,
      status: "Отгружен",
      paid: true,
      canceled: null,
      requisites: { Проведен: "true", "Статус заказа": "Отгружен", "Заказ оплачен": "true" },
    });
    expect(docs[1]).toMatchObject({ id: "ord-1002", status: "[N] Принят", paid: null, amountMinor: 10_000 });
  });
});
