import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { type CmlItem, CommerceMlError, parseCommerceMl, toMinor } from "./commerceml.ts";

// The skeletons of ../shared/PROTOCOLS.md §4 (empty ids filled in).
const IMPORT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2024-06-01T12:00:00">
  <Классификатор><Ид>cls-1</Ид><Наименование>Классификатор (Основной каталог товаров)</Наименование>
    <Группы><Группа><Ид>grp-10</Ид><Наименование>Диваны</Наименование></Группа></Группы>
  </Классификатор>
  <Каталог СодержитТолькоИзменения="false"><Ид>cat-1</Ид><ИдКлассификатора>cls-1</ИдКлассификатора>
    <Наименование>Основной каталог товаров</Наименование>
    <Товары><Товар><Ид>5f1c2d3e-0000-11ee-8000-000000000001</Ид><Артикул>OST-3</Артикул>
      <Наименование>Диван Остин 3-местный</Наименование>
      <БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>
      <Группы><Ид>grp-10</Ид></Группы></Товар></Товары>
  </Каталог>
</КоммерческаяИнформация>
`;

const OFFERS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2024-06-01T12:00:00">
  <ПакетПредложений СодержитТолькоИзменения="false"><Ид>cat-1#</Ид><ИдКаталога>cat-1</ИдКаталога><ИдКлассификатора>cls-1</ИдКлассификатора>
    <ТипыЦен><ТипЦены><Ид>pt-1</Ид><Наименование>Розничная</Наименование><Валюта>RUB</Валюта></ТипЦены></ТипыЦен>
    <Предложения><Предложение><Ид>5f1c2d3e-0000-11ee-8000-000000000001#c-2</Ид><Наименование>Диван Остин, серый</Наименование>
      <Цены><Цена><ИдТипаЦены>pt-1</ИдТипаЦены><ЦенаЗаЕдиницу>45990</ЦенаЗаЕдиницу><Валюта>руб</Валюта><Единица>шт</Единица><Коэффициент>1</Коэффициент></Цена></Цены>
      <Количество>3</Количество></Предложение></Предложения>
  </ПакетПредложений>
</КоммерческаяИнформация>
`;

const ORDERS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2024-06-01T12:05:00">
  <Документ><Ид>1001</Ид><Номер>1001</Номер><Дата>2024-06-01</Дата><Время>11:58:00</Время>
    <ХозОперация>Заказ товара</ХозОперация><Роль>Продавец</Роль><Валюта>руб</Валюта><Курс>1</Курс><Сумма>45990.00</Сумма>
    <Контрагенты><Контрагент><Ид>crm-client-77</Ид><Наименование>Смирнова Ольга</Наименование><Роль>Покупатель</Роль>
      <ПолноеНаименование>Смирнова Ольга</ПолноеНаименование><Фамилия>Смирнова</Фамилия><Имя>Ольга</Имя>
      <Контакты><Контакт><Тип>Телефон рабочий</Тип><Значение>+79161234567</Значение></Контакт>
                <Контакт><Тип>Почта</Тип><Значение>olga@example.ru</Значение></Контакт></Контакты></Контрагент></Контрагенты>
    <Комментарий>Доставка после 18:00</Комментарий>
    <Товары><Товар><Ид>5f1c2d3e-0000-11ee-8000-000000000001</Ид><Наименование>Диван Остин 3-местный</Наименование>
      <БазоваяЕдиница Код="796" НаименованиеПолное="Штука">шт</БазоваяЕдиница>
      <ЦенаЗаЕдиницу>45990.00</ЦенаЗаЕдиницу><Количество>1</Количество><Сумма>45990.00</Сумма>
      <ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>ВидНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита>
        <ЗначениеРеквизита><Наименование>ТипНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Товар></Товары>
    <ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Статус заказа</Наименование><Значение>[N] Принят</Значение></ЗначениеРеквизита>
      <ЗначениеРеквизита><Наименование>Заказ оплачен</Наименование><Значение>false</Значение></ЗначениеРеквизита></ЗначенияРеквизитов>
  </Документ>
</КоммерческаяИнформация>
`;

const PRODUCT_ID = "5f1c2d3e-0000-11ee-8000-000000000001";

const IMPORT_ITEMS: CmlItem[] = [
  { kind: "header", root: "КоммерческаяИнформация", version: "2.05", onlyChanges: false },
  { kind: "group", id: "grp-10", name: "Диваны", parentId: null },
  {
    kind: "product",
    id: PRODUCT_ID,
    article: "OST-3",
    name: "Диван Остин 3-местный",
    unit: "шт",
    groupIds: ["grp-10"],
    description: null,
  },
];

const OFFERS_ITEMS: CmlItem[] = [
  { kind: "header", root: "КоммерческаяИнформация", version: "2.05", onlyChanges: false },
  { kind: "priceType", id: "pt-1", name: "Розничная", currency: "RUB" },
  {
    kind: "offer",
    id: `${PRODUCT_ID}#c-2`,
    productId: PRODUCT_ID,
    name: "Диван Остин, серый",
    quantity: 3,
    prices: [{ priceTypeId: "pt-1", amountMinor: 4_599_000, currency: "RUB" }],
  },
];

const ORDERS_ITEMS: CmlItem[] = [
  { kind: "header", root: "КоммерческаяИнформация", version: "2.05", onlyChanges: null },
  {
    kind: "document",
    id: "1001",
    number: "1001",
    date: "2024-06-01",
    time: "11:58:00",
    operation: "Заказ товара",
    currency: "RUB",
    amountMinor: 4_599_000,
    comment: "Доставка после 18:00",
    counterparties: [
      {
        id: "crm-client-77",
        name: "Смирнова Ольга",
        fullName: "Смирнова Ольга",
        inn: null,
        kpp: null,
        firstName: "Ольга",
        lastName: "Смирнова",
        middleName: null,
        phones: ["+79161234567"],
        emails: ["olga@example.ru"],
        address: null,
        isPerson: true,
      },
    ],
    items: [
      {
        id: PRODUCT_ID,
        name: "Диван Остин 3-местный",
        priceMinor: 4_599_000,
        quantity: 1,
        sumMinor: 4_599_000,
      },
    ],
    requisites: { "Статус заказа": "[N] Принят", "Заказ оплачен": "false" },
    status: "[N] Принят",
    paid: false,
    paidAt: null,
    canceled: null,
  },
];

type Namespace = "none" | "default" | "prefix";

/** The same file in another encoding, schema version and namespace style. */
function variant(
  xml: string,
  options: { encoding: "utf-8" | "windows-1251"; version: string; namespace: Namespace; bom?: boolean },
): Buffer {
  let text = xml
    .replace('encoding="UTF-8"', `encoding="${options.encoding === "utf-8" ? "UTF-8" : "windows-1251"}"`)
    .replace('ВерсияСхемы="2.05"', `ВерсияСхемы="${options.version}"`);
  const uri = options.version === "2.10" ? "urn:1C.ru:commerceml_210" : "urn:1C.ru:commerceml_2";
  if (options.namespace === "default") {
    text = text.replace("<КоммерческаяИнформация ", `<КоммерческаяИнформация xmlns="${uri}" `);
  } else if (options.namespace === "prefix") {
    text = text
      .replace(/<(\/?)([\p{L}_][^\s>/]*)/gu, "<$1cml:$2")
      .replace("<cml:КоммерческаяИнформация ", `<cml:КоммерческаяИнформация xmlns:cml="${uri}" `);
  }
  const bytes = options.encoding === "utf-8" ? Buffer.from(text, "utf8") : iconv.encode(text, "win1251");
  return options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

async function parseAll(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<CmlItem[]> {
  const items: CmlItem[] = [];
  for await (const item of parseCommerceMl(source)) items.push(item);
  return items;
}

/** Items read before the failure, and the failure. */
async function parseUntilError(source: Iterable<Uint8Array>): Promise<{ items: CmlItem[]; error: unknown }> {
  const items: CmlItem[] = [];
  try {
    for await (const item of parseCommerceMl(source)) items.push(item);
  } catch (error) {
    return { items, error };
  }
  throw new Error(`expected a failure, read ${items.length} items`);
}

function withVersion(items: CmlItem[], version: string): CmlItem[] {
  return items.map((item) => (item.kind === "header" ? { ...item, version } : item));
}

describe("parseCommerceMl on the PROTOCOLS skeletons", () => {
  const files = [
    ["import.xml", IMPORT_XML, IMPORT_ITEMS],
    ["offers.xml", OFFERS_XML, OFFERS_ITEMS],
    ["orders.xml", ORDERS_XML, ORDERS_ITEMS],
  ] as const;
  const cases = files.flatMap(([name, xml, items]) =>
    (["utf-8", "windows-1251"] as const).flatMap((encoding) =>
      (["none", "default", "prefix"] as const).flatMap((namespace) =>
        ["2.05", "2.08", "2.10"].map((version) => ({ name, xml, items, encoding, namespace, version })),
      ),
    ),
  );

  it.each(cases)("$name in $encoding, namespace $namespace, version $version", async (c) => {
    const bytes = variant(c.xml, c);
    expect(await parseAll([bytes])).toEqual(withVersion([...c.items], c.version));
  });

  it("reads a UTF-8 file with a BOM", async () => {
    const bytes = variant(IMPORT_XML, { encoding: "utf-8", version: "2.05", namespace: "none", bom: true });
    expect(await parseAll([bytes])).toEqual(IMPORT_ITEMS);
  });

  it("reads a file without an XML declaration as UTF-8", async () => {
    const bytes = Buffer.from(ORDERS_XML.replace(/^<\?xml[^>]*>\s*/, ""), "utf8");
    expect(await parseAll([bytes])).toEqual(ORDERS_ITEMS);
  });

  it("reads an async source", async () => {
    async function* chunks() {
      const bytes = Buffer.from(OFFERS_XML, "utf8");
      for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
    }
    expect(await parseAll(chunks())).toEqual(OFFERS_ITEMS);
  });

  it("finds documents inside a 3.x Контейнер", async () => {
    const xml = ORDERS_XML.replace("<Документ>", "<Контейнер><Документ>").replace(
      "</Документ>",
      "</Документ></Контейнер>",
    );
    expect(await parseAll([Buffer.from(xml)])).toEqual(ORDERS_ITEMS);
  });
});

describe("chunk boundaries", () => {
  it.each(["utf-8", "windows-1251"] as const)(
    "gives the same items for a split at every byte (%s)",
    async (encoding) => {
      const bytes = variant(ORDERS_XML, { encoding, version: "2.08", namespace: "default" });
      const expected = withVersion(ORDERS_ITEMS, "2.08");
      for (let at = 0; at <= bytes.length; at++) {
        const items = await parseAll([bytes.subarray(0, at), bytes.subarray(at)]);
        if (JSON.stringify(items) !== JSON.stringify(expected))
          expect(items, `split at byte ${at}`).toEqual(expected);
      }
    },
  );

  it("reads one byte at a time, with a BOM", async () => {
    const bytes = variant(IMPORT_XML, { encoding: "utf-8", version: "2.05", namespace: "prefix", bom: true });
    const oneByOne = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(await parseAll(oneByOne)).toEqual(IMPORT_ITEMS);
  });
});

describe("what the skeletons do not show", () => {
  it("flattens nested groups parents first, and reads price types before the flag element", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.10">
  <Классификатор><Ид>c</Ид>
    <Группы><Группа><Ид>g1</Ид><Наименование>Мебель</Наименование>
      <Группы><Группа><Ид>g2</Ид><Наименование>Диваны &amp; кресла</Наименование></Группа></Группы></Группа></Группы>
    <ТипыЦен><ТипЦены><Ид>pt</Ид><Наименование>Опт</Наименование><Валюта>руб.</Валюта></ТипЦены></ТипыЦен>
  </Классификатор>
  <Каталог><СодержитТолькоИзменения>true</СодержитТолькоИзменения><Ид>cat</Ид>
    <Товары><Товар><Ид>p1</Ид><Наименование><![CDATA[Стол <дуб>]]></Наименование>
      <БазоваяЕдиница Код="796" НаименованиеКраткое="шт"/><Описание>Круглый</Описание></Товар></Товары>
  </Каталог>
  <ПакетПредложений><Предложения><Предложение><Ид>p1</Ид>
    <Цены><Цена><ИдТипаЦены>pt</ИдТипаЦены><ЦенаЗаЕдиницу>1 234,5</ЦенаЗаЕдиницу></Цена></Цены>
    <Остатки><Остаток><Склад><Ид>w1</Ид><Количество>2</Количество></Склад></Остаток>
      <Остаток><Склад><Ид>w2</Ид><Количество>1.5</Количество></Склад></Остаток></Остатки>
  </Предложение></Предложения></ПакетПредложений>
</КоммерческаяИнформация>`;
    expect(await parseAll([Buffer.from(xml)])).toEqual([
      { kind: "header", root: "КоммерческаяИнформация", version: "2.10", onlyChanges: true },
      { kind: "group", id: "g1", name: "Мебель", parentId: null },
      { kind: "group", id: "g2", name: "Диваны & кресла", parentId: "g1" },
      { kind: "priceType", id: "pt", name: "Опт", currency: "RUB" },
      {
        kind: "product",
        id: "p1",
        article: null,
        name: "Стол <дуб>",
        unit: "шт",
        groupIds: [],
        description: "Круглый",
      },
      {
        kind: "offer",
        id: "p1",
        productId: "p1",
        name: null,
        quantity: 3.5,
        prices: [{ priceTypeId: "pt", amountMinor: 123_450, currency: "RUB" }],
      },
    ]);
  });

  it("tells companies from people and reads payment requisites", async () => {
    const xml = `<КоммерческаяИнформация ВерсияСхемы="2.08">
  <Контрагенты>
    <Контрагент><Ид>k1</Ид><Наименование>ООО Ромашка</Наименование><ОфициальноеНаименование>ООО «Ромашка»</ОфициальноеНаименование>
      <ИНН>7701234567</ИНН><КПП>770101001</КПП><ЮридическийАдрес><Представление>Москва, ул. Ленина, 1</Представление></ЮридическийАдрес></Контрагент>
    <Контрагент><Ид>k2</Ид><Наименование>ИП Петров</Наименование><ИНН>770123456789</ИНН></Контрагент>
    <Контрагент><Ид>k3</Ид><Наименование>Без ИНН</Наименование><ЮрЛицо><ИНН>7701234567</ИНН></ЮрЛицо></Контрагент>
  </Контрагенты>
  <Документ><Номер>77</Номер><Дата>02.06.2024 9:05</Дата><Сумма>100</Сумма>
    <ЗначенияРеквизитов>
      <ЗначениеРеквизита><Наименование>Статус заказа ИД</Наименование><Значение>F</Значение></ЗначениеРеквизита>
      <ЗначениеРеквизита><Наименование>Дата оплаты по 1С</Наименование><Значение>2024-06-02T10:00:00</Значение></ЗначениеРеквизита>
      <ЗначениеРеквизита><Наименование>Отменен</Наименование><Значение>false</Значение></ЗначениеРеквизита>
      <ЗначениеРеквизита><Наименование>__proto__</Наименование><Значение>x</Значение></ЗначениеРеквизита>
    </ЗначенияРеквизитов></Документ>
  <Документ><Ид>78</Ид><Дата>0001-01-01T00:00:00</Дата><Сумма>1</Сумма>
    <Товары><Товар><Наименование>Доставка</Наименование><Сумма>1</Сумма></Товар></Товары>
    <ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Дата оплаты</Наименование><Значение>0001-01-01T00:00:00</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Документ>
</КоммерческаяИнформация>`;
    const items = await parseAll([Buffer.from(xml)]);
    const parties = items.flatMap((i) => (i.kind === "counterparty" ? [i] : []));
    expect(parties.map((p) => [p.id, p.isPerson, p.fullName, p.inn, p.address])).toEqual([
      ["k1", false, "ООО «Ромашка»", "7701234567", "Москва, ул. Ленина, 1"],
      ["k2", true, null, "770123456789", null],
      ["k3", false, null, "7701234567", null],
    ]);
    const docs = items.flatMap((i) => (i.kind === "document" ? [i] : []));
    expect(docs[0]).toMatchObject({
      id: "77",
      date: "2024-06-02",
      time: "09:05:00",
      status: "F",
      paid: true,
      paidAt: "2024-06-02T10:00:00",
      canceled: false,
      currency: "RUB",
    });
    expect(Object.hasOwn(docs[0]?.requisites ?? {}, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(docs[0]?.requisites)).toBe(Object.prototype);
    expect(docs[1]).toMatchObject({
      id: "78",
      date: null,
      paid: null,
      paidAt: null,
      items: [{ id: null, name: "Доставка", priceMinor: 100, quantity: 1, sumMinor: 100 }],
    });
  });
});

describe("failures", () => {
  it("throws after the items before a truncation were yielded", async () => {
    const xml = IMPORT_XML.replace(
      "</Товары>",
      "<Товар><Ид>p2</Ид><Наименование>Кресло</Наименование></Товар><Товар><Ид>p3</Ид><Наименование>Пуф</Наименование></Товар></Товары>",
    );
    const bytes = Buffer.from(xml);
    const cut = bytes.indexOf(Buffer.from("<Ид>p3")) + 8;
    const { items, error } = await parseUntilError([bytes.subarray(0, cut)]);
    expect(items.map((i) => (i.kind === "product" ? i.id : i.kind))).toEqual([
      "header",
      "group",
      PRODUCT_ID,
      "p2",
    ]);
    expect(error).toBeInstanceOf(CommerceMlError);
    expect((error as CommerceMlError).line).toBeGreaterThan(1);
  });

  it.each([
    ["a wrong root", '<?xml version="1.0"?><Каталог><Товары/></Каталог>'],
    ["an empty file", ""],
    ["not XML", "Fatal error: Allowed memory size exhausted"],
    ["a HTML page", "<html><body>500</body></html>"],
    ["mismatched tags", "<КоммерческаяИнформация><Документ></Товар></КоммерческаяИнформация>"],
    ["a DOCTYPE", '<!DOCTYPE x [<!ENTITY a "b">]><КоммерческаяИнформация/>'],
    ["an unknown encoding", '<?xml version="1.0" encoding="KOI8-R"?><КоммерческаяИнформация/>'],
    [
      "bytes that are not UTF-8",
      Buffer.from([...Buffer.from("<КоммерческаяИнформация>"), 0xc2, 0x3c, 0x2f, 0x3e]),
    ],
  ])("rejects %s", async (_, input) => {
    const { error } = await parseUntilError([typeof input === "string" ? Buffer.from(input) : input]);
    expect(error).toBeInstanceOf(CommerceMlError);
  });

  it.each([
    ["12abc", "<Сумма>45990.00</Сумма>"],
    ["1e5", "<Сумма>45990.00</Сумма>"],
    ["2 шт", "<Количество>1</Количество>"],
  ])("rejects the junk number %j", async (junk, original) => {
    const xml = ORDERS_XML.replace(original, original.replace(/>[^<]*</, `>${junk}<`));
    const { items, error } = await parseUntilError([Buffer.from(xml)]);
    expect(items.map((i) => i.kind)).toEqual(["header"]);
    expect(error).toBeInstanceOf(CommerceMlError);
    expect((error as CommerceMlError).line).toBeGreaterThan(1);
  });
});

describe("toMinor", () => {
  it.each([
    ["45990.00", 4_599_000],
    ["45 990,5", 4_599_050],
    ["45990", 4_599_000],
    ["45\u00a0990,50", 4_599_050],
    ["0.1", 10],
    ["0.07", 7],
    ["-12.30", -1230],
    ["-0.00", 0],
    ["1.005", 101],
    ["1.00499", 100],
    ["19.99", 1999],
    ["90071992547409.91", 9_007_199_254_740_991],
  ])("%j → %d", (decimal, minor) => {
    expect(toMinor(decimal)).toBe(minor);
  });

  it.each([
    "",
    " ",
    "abc",
    "1e5",
    "1,234.56",
    "12.3.4",
    "--1",
    ".5",
    "0x10",
    "Infinity",
    "90071992547409.92",
  ])("rejects %j", (junk) => {
    expect(() => toMinor(junk)).toThrow(CommerceMlError);
  });
});

describe("memory", () => {
  // ~100 MB of import.xml from a generator that never holds it (about 4 s here). heapUsed is checked twice:
  // as it is, garbage included (sampled every 1 000 products), and after a forced collection every ~10 MB,
  // which is what the reader really keeps. Measured: ~17 MB and ~0.5 MB above the start.
  it("streams a 100 MB import.xml in bounded memory", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const PRODUCTS = 140_000;
    const productXml = (n: number) =>
      `<Товар><Ид>5f1c2d3e-0000-11ee-8000-${String(n).padStart(12, "0")}</Ид><Артикул>ART-${n}</Артикул>` +
      `<Наименование>Диван Остин ${n} — трёхместный, велюр, цвет серый графит</Наименование>` +
      '<БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>' +
      `<Группы><Ид>grp-${n % 50}</Ид></Группы><Описание>Описание товара номер ${n}: ${"мягкий ".repeat(12)}</Описание></Товар>\n`;
    let produced = 0;
    function* file(): Generator<Uint8Array> {
      yield Buffer.from(IMPORT_XML.slice(0, IMPORT_XML.indexOf("<Товары>") + "<Товары>".length));
      for (let n = 0; n < PRODUCTS; n += 100) {
        let batch = "";
        for (let k = n; k < n + 100; k++) batch += productXml(k);
        const bytes = Buffer.from(batch);
        produced += bytes.length;
        yield bytes;
      }
      yield Buffer.from("</Товары></Каталог></КоммерческаяИнформация>");
    }
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let rawPeak = 0;
    let products = 0;
    let nextSample = 0;
    for await (const item of parseCommerceMl(file())) {
      if (item.kind === "product") products += 1;
      if (products % 1000 === 0) rawPeak = Math.max(rawPeak, process.memoryUsage().heapUsed - before);
      if (produced >= nextSample) {
        nextSample += 10_000_000;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    expect(produced).toBeGreaterThan(100_000_000);
    expect(products).toBe(PRODUCTS);
    expect(peak).toBeLessThan(60 * 1024 * 1024);
    expect(rawPeak).toBeLessThan(60 * 1024 * 1024);
  }, 120_000);
});
