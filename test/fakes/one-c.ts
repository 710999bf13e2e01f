// A driver that imitates 1C:Enterprise in the CommerceML exchange (../shared/PROTOCOLS.md §4). 1C is the
// HTTP client and the CRM the server, so this is a client: checkauth (Basic) → init → file (raw POSTs
// of at most file_limit bytes) → import (repeated while "progress") for the catalog, and checkauth → init
// → query → success → file (+ import) for orders. It asserts on the CRM's plain-text replies, tolerating
// extra lines, and throws Error with the reply when one is not what 1C would accept.
//
// The XML builders below write the files 1C sends. They are written independently of the CRM's own
// writer (orders-xml.ts), so a shared bug cannot hide in both.

import { zipSync } from "fflate";
import iconv from "iconv-lite";

export interface OneCDriverOptions {
  /** e.g. http://127.0.0.1:3000/api/accounting/one-c/exchange */
  url: string;
  login: string;
  password: string;
  /** Bitrix style: echo sessid from checkauth's 4th line as a query parameter. */
  echoSessid?: boolean;
}

type ExchangeType = "catalog" | "sale";

export interface RawReply {
  status: number;
  text: string;
  contentType: string | null;
}

/** Reply lines without the trailing empty ones ("success\n" → ["success"]). */
function linesOf(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)?.trim() === "") lines.pop();
  return lines.map((line) => line.trimEnd());
}

function charsetOf(contentType: string | null): string | null {
  return /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? "")?.[1]?.toLowerCase() ?? null;
}

function decode(bytes: Buffer, charset: string | null): string {
  if (charset && /^(windows-1251|cp1251|win-?1251)$/.test(charset)) return iconv.decode(bytes, "win1251");
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}

/** Text of an XML file decoded per its declaration (UTF-8 when it names none). */
export function decodeXml(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString("latin1");
  const declared = /^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1] ?? null;
  return decode(bytes, declared?.toLowerCase() ?? null);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function oneC(options: OneCDriverOptions) {
  let cookie: string | null = null;
  let sessid: string | null = null;
  const fileLimits = new Map<ExchangeType, number>();

  async function raw(
    query: Record<string, string>,
    init: { method?: "GET" | "POST"; body?: Uint8Array; basic?: boolean; cookie?: string | null } = {},
  ): Promise<RawReply & { bytes: Buffer }> {
    const url = new URL(options.url);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = { "User-Agent": "1C+Enterprise/8.3" };
    if (init.basic) {
      headers.Authorization = `Basic ${Buffer.from(`${options.login}:${options.password}`).toString("base64")}`;
    }
    const sendCookie = init.cookie === undefined ? cookie : init.cookie;
    if (sendCookie) headers.Cookie = sendCookie;
    const method = init.method ?? (init.body ? "POST" : "GET");
    if (init.body) headers["Content-Type"] = "application/octet-stream";
    const response = await fetch(url, { method, headers, body: init.body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get("content-type");
    return { status: response.status, contentType, bytes, text: decode(bytes, charsetOf(contentType)) };
  }

  /** A request in the current session; the reply's lines, or Error unless line 1 is one of `expected`. */
  async function call(
    query: Record<string, string>,
    expected: string[],
    init: { method?: "GET" | "POST"; body?: Uint8Array } = {},
  ): Promise<string[]> {
    const withSessid = options.echoSessid && sessid ? { ...query, sessid } : query;
    const reply = await raw(withSessid, init);
    const lines = linesOf(reply.text);
    const first = lines[0] ?? "";
    if (first === "failure") {
      throw new Error(lines.slice(1).join("\n") || `failure (HTTP ${reply.status})`);
    }
    if (reply.status !== 200 || !expected.some((word) => first === word || first.startsWith(`${word}=`))) {
      throw new Error(
        `1C expected ${expected.join("|")} for ${new URLSearchParams(query)}, got HTTP ${reply.status}: ${reply.text.slice(0, 500)}`,
      );
    }
    return lines;
  }

  async function checkauth(type: ExchangeType): Promise<string[]> {
    const reply = await raw({ type, mode: "checkauth" }, { basic: true, cookie: null });
    const lines = linesOf(reply.text);
    if (reply.status !== 200 || lines[0] !== "success" || !lines[1] || !lines[2]) {
      throw new Error(`checkauth failed (HTTP ${reply.status}): ${reply.text.slice(0, 500)}`);
    }
    cookie = `${lines[1]}=${lines[2]}`;
    sessid = lines.find((line) => line.startsWith("sessid="))?.slice("sessid=".length) ?? null;
    return lines;
  }

  async function init(type: ExchangeType): Promise<{ zip: boolean; fileLimit: number; lines: string[] }> {
    const lines = await call({ type, mode: "init" }, ["zip", "file_limit"]);
    const zip = lines.find((line) => line.startsWith("zip="))?.slice(4);
    const limit = lines.find((line) => line.startsWith("file_limit="))?.slice(11);
    if ((zip !== "yes" && zip !== "no") || limit === undefined || !/^\d+$/.test(limit)) {
      throw new Error(`init must answer zip=yes|no and file_limit=<bytes>, got: ${lines.join("\\n")}`);
    }
    const fileLimit = Number(limit);
    fileLimits.set(type, fileLimit);
    return { zip: zip === "yes", fileLimit, lines };
  }

  async function file(type: ExchangeType, filename: string, bytes: Uint8Array): Promise<number> {
    const limit = fileLimits.get(type);
    if (limit === undefined) throw new Error(`file(${type}) before init(${type})`);
    // file_limit=0 would never finish; 1C then sends the file whole.
    const size = limit > 0 ? limit : Math.max(bytes.length, 1);
    let chunks = 0;
    for (let offset = 0; offset < bytes.length || chunks === 0; offset += size) {
      await call({ type, mode: "file", filename }, ["success"], {
        method: "POST",
        body: bytes.subarray(offset, offset + size),
      });
      chunks += 1;
    }
    return chunks;
  }

  async function runImport(
    type: ExchangeType,
    filename: string,
    options: { maxRounds?: number; pauseMs?: number } = {},
  ): Promise<string[]> {
    const maxRounds = options.maxRounds ?? 1000;
    const progress: string[] = [];
    for (let round = 0; round < maxRounds; round++) {
      const lines = await call({ type, mode: "import", filename }, ["success", "progress"]);
      if (lines[0] === "success") return progress;
      progress.push(lines.slice(1).join("\n"));
      if (options.pauseMs) await sleep(options.pauseMs);
    }
    throw new Error(`import of ${filename} still in progress after ${maxRounds} rounds`);
  }

  async function query(): Promise<{ bytes: Buffer; contentType: string; text: string }> {
    const params: Record<string, string> = { type: "sale", mode: "query" };
    if (options.echoSessid && sessid) params.sessid = sessid;
    const reply = await raw(params);
    const text = decodeXml(reply.bytes);
    if (reply.status !== 200 || !text.trimStart().startsWith("<")) {
      throw new Error(`query must answer XML, got HTTP ${reply.status}: ${reply.text.slice(0, 500)}`);
    }
    return { bytes: reply.bytes, contentType: reply.contentType ?? "", text };
  }

  async function success(): Promise<void> {
    await call({ type: "sale", mode: "success" }, ["success"]);
  }

  return {
    checkauth,
    init,
    file,
    import: runImport,
    query,
    success,
    async raw(
      query: Record<string, string>,
      init?: { method?: "GET" | "POST"; body?: Uint8Array; basic?: boolean; cookie?: string | null },
    ): Promise<RawReply> {
      const { status, text, contentType } = await raw(query, init);
      return { status, text, contentType };
    },

    /** checkauth → init → file(s) → import each; with zip, one import.zip whose entries are imported by name. */
    async catalogExchange(
      files: { name: string; bytes: Uint8Array }[],
      options: { zip?: boolean } = {},
    ): Promise<void> {
      await checkauth("catalog");
      const session = await init("catalog");
      if (options.zip) {
        if (!session.zip) throw new Error("The CRM answered zip=no, so 1C would not send an archive");
        const archive = zipSync(Object.fromEntries(files.map((f) => [f.name, f.bytes])));
        await file("catalog", "import.zip", archive);
      } else {
        for (const f of files) await file("catalog", f.name, f.bytes);
      }
      for (const f of files) await runImport("catalog", f.name);
    },

    /** checkauth → init → query → success → file (+ import) each of 1C's own order files. */
    async saleExchange(
      fromOneC: { name: string; bytes: Uint8Array }[] = [],
    ): Promise<{ queried: { bytes: Buffer; text: string } }> {
      await checkauth("sale");
      await init("sale");
      const queried = await query();
      await success();
      for (const f of fromOneC) {
        await file("sale", f.name, f.bytes);
        await runImport("sale", f.name);
      }
      return { queried: { bytes: queried.bytes, text: queried.text } };
    },
  };
}

// ---- the files 1C sends ----

export interface XmlOptions {
  version?: "2.05" | "2.08" | "2.10";
  /** Put the CommerceML namespace on the root; by default only for 2.08 and later, as 1C does. */
  namespace?: boolean;
  encoding?: "utf-8" | "windows-1251";
}

function esc(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function tag(name: string, value: string | number | undefined): string {
  return value === undefined ? "" : `<${name}>${esc(String(value))}</${name}>`;
}

function document(body: string, options: XmlOptions = {}): Buffer {
  const version = options.version ?? "2.05";
  const namespace = options.namespace ?? version !== "2.05";
  const uri = version === "2.10" ? "urn:1C.ru:commerceml_210" : "urn:1C.ru:commerceml_2";
  const encoding = options.encoding ?? "utf-8";
  const xml =
    `<?xml version="1.0" encoding="${encoding === "utf-8" ? "UTF-8" : "windows-1251"}"?>\n` +
    `<КоммерческаяИнформация${namespace ? ` xmlns="${uri}" xmlns:xs="http://www.w3.org/2001/XMLSchema"` : ""}` +
    ` ВерсияСхемы="${version}" ДатаФормирования="2024-06-01T12:00:00">\n${body}\n</КоммерческаяИнформация>\n`;
  return encoding === "utf-8" ? Buffer.from(xml, "utf8") : iconv.encode(xml, "win1251");
}

const CLASSIFIER_ID = "cls-1";
const CATALOG_ID = "cat-1";
const RETAIL = { id: "price-retail", name: "Розничная" };

/** import.xml: the classifier's groups and the catalog's products. */
export function catalogXml(
  products: { id: string; name: string; article?: string; group?: { id: string; name: string } }[],
  options?: XmlOptions,
): Buffer {
  const groups = new Map(products.flatMap((p) => (p.group ? [[p.group.id, p.group.name] as const] : [])));
  const groupXml = [...groups].map(
    ([id, name]) => `<Группа>${tag("Ид", id)}${tag("Наименование", name)}</Группа>`,
  );
  const productXml = products.map(
    (p) =>
      `\n      <Товар>${tag("Ид", p.id)}${tag("Артикул", p.article)}${tag("Наименование", p.name)}` +
      '<БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>' +
      `${p.group ? `<Группы>${tag("Ид", p.group.id)}</Группы>` : ""}</Товар>`,
  );
  return document(
    `  <Классификатор>${tag("Ид", CLASSIFIER_ID)}${tag("Наименование", "Классификатор (Основной каталог товаров)")}` +
      `<Группы>${groupXml.join("")}</Группы></Классификатор>\n` +
      `  <Каталог СодержитТолькоИзменения="false">${tag("Ид", CATALOG_ID)}${tag("ИдКлассификатора", CLASSIFIER_ID)}` +
      `${tag("Наименование", "Основной каталог товаров")}\n    <Товары>${productXml.join("")}\n    </Товары>\n  </Каталог>`,
    options,
  );
}

/** offers.xml: price types and offers (prices in decimal roubles, as 1C writes them). */
export function offersXml(
  offers: { id: string; price: string; quantity?: number; priceType?: { id: string; name: string } }[],
  options?: XmlOptions,
): Buffer {
  const types = new Map(offers.map((o) => [(o.priceType ?? RETAIL).id, (o.priceType ?? RETAIL).name]));
  const typeXml = [...types].map(
    ([id, name]) => `<ТипЦены>${tag("Ид", id)}${tag("Наименование", name)}${tag("Валюта", "RUB")}</ТипЦены>`,
  );
  const offerXml = offers.map(
    (o) =>
      `\n      <Предложение>${tag("Ид", o.id)}<Цены><Цена>${tag("ИдТипаЦены", (o.priceType ?? RETAIL).id)}` +
      `${tag("ЦенаЗаЕдиницу", o.price)}${tag("Валюта", "руб")}${tag("Единица", "шт")}${tag("Коэффициент", 1)}` +
      `</Цена></Цены>${tag("Количество", o.quantity)}</Предложение>`,
  );
  return document(
    `  <ПакетПредложений СодержитТолькоИзменения="false">${tag("Ид", `${CATALOG_ID}#`)}` +
      `${tag("ИдКаталога", CATALOG_ID)}${tag("ИдКлассификатора", CLASSIFIER_ID)}` +
      `<ТипыЦен>${typeXml.join("")}</ТипыЦен>\n    <Предложения>${offerXml.join("")}\n    </Предложения>\n  </ПакетПредложений>`,
    options,
  );
}

/** An import.xml-style Контрагенты block under the root. */
export function counterpartiesXml(
  parties: {
    id: string;
    name: string;
    inn?: string;
    kpp?: string;
    person?: { firstName: string; lastName: string };
    phones?: string[];
    emails?: string[];
  }[],
  options?: XmlOptions,
): Buffer {
  const partyXml = parties.map((p) => {
    const contacts = [
      ...(p.phones ?? []).map(
        (v) => `<Контакт>${tag("Тип", "Телефон рабочий")}${tag("Значение", v)}</Контакт>`,
      ),
      ...(p.emails ?? []).map((v) => `<Контакт>${tag("Тип", "Почта")}${tag("Значение", v)}</Контакт>`),
    ];
    const identity = p.person
      ? `${tag("ПолноеНаименование", p.name)}${tag("Фамилия", p.person.lastName)}${tag("Имя", p.person.firstName)}`
      : tag("ОфициальноеНаименование", p.name);
    return (
      `\n    <Контрагент>${tag("Ид", p.id)}${tag("Наименование", p.name)}${identity}${tag("ИНН", p.inn)}` +
      `${tag("КПП", p.kpp)}${contacts.length ? `<Контакты>${contacts.join("")}</Контакты>` : ""}</Контрагент>`
    );
  });
  return document(`  <Контрагенты>${partyXml.join("")}\n  </Контрагенты>`, options);
}

/** orders-<guid>.xml as 1C sends it back: status and payment changes of site orders. */
export function ordersFromOneCXml(
  docs: { id: string; number: string; status: string; paid?: boolean; amount: string; currency?: string }[],
  options?: XmlOptions,
): Buffer {
  const requisite = (name: string, value: string) =>
    `<ЗначениеРеквизита>${tag("Наименование", name)}${tag("Значение", value)}</ЗначениеРеквизита>`;
  const docXml = docs.map(
    (d) =>
      `  <Документ>${tag("Ид", d.id)}${tag("Номер", d.number)}${tag("Дата", "2024-06-02")}${tag("Время", "10:15:00")}` +
      `${tag("ХозОперация", "Заказ товара")}${tag("Роль", "Продавец")}${tag("Валюта", d.currency ?? "руб")}` +
      `${tag("Курс", 1)}${tag("Сумма", d.amount)}\n    <ЗначенияРеквизитов>${requisite("Проведен", "true")}` +
      `${requisite("Статус заказа", d.status)}${d.paid === undefined ? "" : requisite("Заказ оплачен", String(d.paid))}` +
      "</ЗначенияРеквизитов>\n  </Документ>",
  );
  return document(docXml.join("\n"), options);
}
