// The answer to 1C's `mode=query`: the site's new and changed orders as a CommerceML document, shaped
// like the orders.xml skeleton of ../shared/PROTOCOLS.md §4 so that parseCommerceMl reads it back.
//
// - Dates and times are Moscow time (UTC+3 all year since 2014), which is what 1C expects.
// - The declaration names the encoding and the bytes are in it, without a BOM. In windows-1251 a character
//   the code page lacks (emoji, most non-Cyrillic scripts) becomes "?": 1C could not store it anyway.
// - Characters XML 1.0 forbids (control characters other than tab and newlines) are dropped.
// - A person is written with Фамилия/Имя; a company with ОфициальноеНаименование (its full name, else its
//   name), ИНН and КПП, which is what makes the reader tell them apart again.
import iconv from "iconv-lite";
import type { CmlItemLine } from "./commerceml.ts";

export interface ExportOrder {
  id: string;
  number: string;
  date: Date;
  amountMinor: number;
  currency: string;
  comment: string | null;
  status: string | null;
  client: {
    id: string;
    name: string;
    fullName: string | null;
    isPerson: boolean;
    firstName: string | null;
    lastName: string | null;
    inn: string | null;
    kpp: string | null;
    address: string | null;
    phones: string[];
    emails: string[];
  };
  items: CmlItemLine[];
}

export interface OrdersXmlOptions {
  encoding: "utf-8" | "windows-1251";
  /** ВерсияСхемы; "2.05" unless told. 2.08 and later also get the CommerceML namespace. */
  version?: string;
  /** ДатаФормирования; now unless told. */
  now?: Date;
}

const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;

/** A Date as Moscow wall-clock time: ["YYYY-MM-DD", "HH:MM:SS"]. */
export function moscowDateTime(date: Date): [string, string] {
  const iso = new Date(date.getTime() + MOSCOW_OFFSET_MS).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 19)];
}

/** Kopecks → "45990.00". */
export function fromMinor(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Not a whole number of kopecks: ${minor}`);
  const abs = Math.abs(minor);
  return `${minor < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function namespaceFor(version: string): string | null {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major !== 2 || minor < 8) return null;
  return minor >= 10 ? "urn:1C.ru:commerceml_210" : "urn:1C.ru:commerceml_2";
}

/** <name>value</name>, or nothing for a null value. */
function el(name: string, value: string | null | undefined): string {
  return value === null || value === undefined ? "" : `<${name}>${escapeXml(value)}</${name}>`;
}

function requisite(name: string, value: string): string {
  return `<ЗначениеРеквизита>${el("Наименование", name)}${el("Значение", value)}</ЗначениеРеквизита>`;
}

function clientXml(client: ExportOrder["client"]): string {
  const contacts = [
    ...client.phones.map((phone) => ["Телефон рабочий", phone] as const),
    ...client.emails.map((email) => ["Почта", email] as const),
  ].map(([type, value]) => `<Контакт>${el("Тип", type)}${el("Значение", value)}</Контакт>`);
  const address = (holder: string) =>
    client.address === null ? "" : `<${holder}>${el("Представление", client.address)}</${holder}>`;
  const identity = client.isPerson
    ? [
        el("ПолноеНаименование", client.fullName),
        el("Фамилия", client.lastName),
        el("Имя", client.firstName),
        el("ИНН", client.inn),
        address("АдресРегистрации"),
      ]
    : [
        el("ОфициальноеНаименование", client.fullName ?? client.name),
        el("ИНН", client.inn),
        el("КПП", client.kpp),
        address("ЮридическийАдрес"),
      ];
  return [
    "\n      <Контрагенты><Контрагент>",
    el("Ид", client.id),
    el("Наименование", client.name),
    el("Роль", "Покупатель"),
    ...identity,
    contacts.length ? `<Контакты>${contacts.join("")}</Контакты>` : "",
    "</Контрагент></Контрагенты>",
  ].join("");
}

function lineXml(line: CmlItemLine): string {
  return [
    "\n        <Товар>",
    el("Ид", line.id),
    el("Наименование", line.name),
    '<БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>',
    el("ЦенаЗаЕдиницу", fromMinor(line.priceMinor)),
    el("Количество", String(line.quantity)),
    el("Сумма", fromMinor(line.sumMinor)),
    "<ЗначенияРеквизитов>",
    requisite("ВидНоменклатуры", "Товар"),
    requisite("ТипНоменклатуры", "Товар"),
    "</ЗначенияРеквизитов></Товар>",
  ].join("");
}

function orderXml(order: ExportOrder): string {
  const [date, time] = moscowDateTime(order.date);
  const currency = order.currency.toUpperCase() === "RUB" ? "руб" : order.currency;
  return [
    "\n  <Документ>",
    el("Ид", order.id),
    el("Номер", order.number),
    el("Дата", date),
    el("Время", time),
    el("ХозОперация", "Заказ товара"),
    el("Роль", "Продавец"),
    el("Валюта", currency),
    el("Курс", "1"),
    el("Сумма", fromMinor(order.amountMinor)),
    clientXml(order.client),
    order.comment ? `\n    ${el("Комментарий", order.comment)}` : "",
    "\n    <Товары>",
    ...order.items.map(lineXml),
    "\n    </Товары>",
    order.status === null
      ? ""
      : `\n    <ЗначенияРеквизитов>${requisite("Статус заказа", order.status)}</ЗначенияРеквизитов>`,
    "\n  </Документ>",
  ].join("");
}

/** The mode=query reply: one Документ per order, as bytes in the requested encoding. */
export function ordersXml(orders: ExportOrder[], options: OrdersXmlOptions): Buffer {
  const version = options.version ?? "2.05";
  const namespace = namespaceFor(version);
  const [date, time] = moscowDateTime(options.now ?? new Date());
  const declared = options.encoding === "windows-1251" ? "windows-1251" : "UTF-8";
  const xml = [
    `<?xml version="1.0" encoding="${declared}"?>\n`,
    "<КоммерческаяИнформация",
    namespace ? ` xmlns="${namespace}"` : "",
    ` ВерсияСхемы="${escapeXml(version)}" ДатаФормирования="${date}T${time}">`,
    ...orders.map(orderXml),
    "\n</КоммерческаяИнформация>\n",
  ].join("");
  if (options.encoding === "utf-8") return Buffer.from(xml, "utf8");
  // One "?" per character, not per UTF-16 half of an emoji.
  return iconv.encode(xml.replace(/[\u{10000}-\u{10FFFF}]/gu, "?"), "win1251");
}
