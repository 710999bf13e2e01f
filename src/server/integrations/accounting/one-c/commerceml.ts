// A streaming reader of CommerceML 2 files (import.xml, offers.xml, orders from 1C), after
// ../shared/PROTOCOLS.md §4. It keeps only the subtree of the item being read, matches LOCAL element
// names (so a default namespace, a prefix or none all work) and yields each item when its element closes.
//
// Decisions worth knowing when importing what it yields:
// - The header comes first. Its `onlyChanges` is the first `СодержитТолькоИзменения` seen (attribute or
//   child element of Классификатор/Каталог/ПакетПредложений); groups and price types that close before it
//   is known are held back (a classifier is small) and follow the header.
// - Nested groups come out parents first, each with its parent's id.
// - A counterparty is a person when it has Фамилия or Имя; otherwise it is a company when it has a
//   10-digit ИНН, a КПП or an ОфициальноеНаименование; anything else (no ИНН, or a 12-digit ИНН of an
//   individual entrepreneur without an official name) counts as a person.
// - Money is exact: `toMinor` works on the digits; more than two decimals are rounded half away from zero.
// - 1C's empty date `0001-01-01` reads as no date.
import iconv from "iconv-lite";
import { SaxesParser } from "saxes";

export class CommerceMlError extends Error {
  line?: number;
  column?: number;
  constructor(message: string, position?: { line: number; column: number }) {
    super(message);
    this.name = "CommerceMlError";
    if (position) {
      this.line = position.line;
      this.column = position.column;
    }
  }
}

export interface CmlCounterparty {
  id: string;
  name: string;
  fullName: string | null;
  inn: string | null;
  kpp: string | null;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  phones: string[];
  emails: string[];
  address: string | null;
  /** Фамилия/Имя → person; else 10-digit ИНН, КПП or ОфициальноеНаименование → company; else person. */
  isPerson: boolean;
}

export interface CmlItemLine {
  id: string | null;
  name: string;
  priceMinor: number;
  quantity: number;
  sumMinor: number;
}

export interface CmlDocument {
  id: string;
  number: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  /** HH:MM:SS */
  time: string | null;
  operation: string | null;
  currency: string;
  amountMinor: number;
  comment: string | null;
  counterparties: CmlCounterparty[];
  items: CmlItemLine[];
  requisites: Record<string, string>;
  /** Requisite "Статус заказа" (else "Статус заказа ИД"), e.g. "[N] Принят" or "Отгружен". */
  status: string | null;
  /** "Заказ оплачен"/"Оплачен" as a boolean, or true when a "Дата оплаты…" requisite holds a date. */
  paid: boolean | null;
  /** The "Дата оплаты…" requisite as YYYY-MM-DDTHH:MM:SS (or YYYY-MM-DD without a time). */
  paidAt: string | null;
  /** Requisite "Отменен". */
  canceled: boolean | null;
}

export type CmlItem =
  | { kind: "header"; root: string; version: string | null; onlyChanges: boolean | null }
  | { kind: "group"; id: string; name: string; parentId: string | null }
  | { kind: "priceType"; id: string; name: string; currency: string }
  | {
      kind: "product";
      id: string;
      article: string | null;
      name: string;
      unit: string | null;
      groupIds: string[];
      description: string | null;
    }
  | {
      kind: "offer";
      id: string;
      productId: string;
      name: string | null;
      quantity: number | null;
      prices: { priceTypeId: string | null; amountMinor: number; currency: string }[];
    }
  | ({ kind: "counterparty" } & CmlCounterparty)
  | ({ kind: "document" } & CmlDocument);

const ROOT = "КоммерческаяИнформация";
/** Source chunks are cut to this size, so one huge chunk does not turn into one huge batch of items. */
const SLICE = 64 * 1024;
/** How far into the file the XML declaration may reach. */
const HEAD_LIMIT = 1024;

/** Decimal roubles ("45990.00", "45 990,5", "45990") → kopecks, exactly. */
export function toMinor(decimal: string): number {
  const match = /^([+-]?)(\d+)(?:[.,](\d*))?$/.exec(decimal.replace(/[\s\u00a0\u202f]/g, ""));
  if (!match) throw new CommerceMlError(`Not a decimal number: "${decimal}"`);
  const [, sign, whole = "0", fraction = ""] = match;
  let minor = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  if ((fraction[2] ?? "0") >= "5") minor += 1n;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new CommerceMlError(`Amount too large: "${decimal}"`);
  return sign === "-" && minor !== 0n ? -Number(minor) : Number(minor);
}

function toQuantity(value: string): number {
  const compact = value.replace(/[\s\u00a0\u202f]/g, "");
  if (!/^[+-]?\d+(?:[.,]\d*)?$/.test(compact)) throw new CommerceMlError(`Not a quantity: "${value}"`);
  return Number(compact.replace(",", "."));
}

/** "руб", "руб.", "RUB", "RUR" and "643" are all roubles. */
export function normalizeCurrency(value: string | null): string {
  const code = (value ?? "").trim().replace(/\.$/, "").toUpperCase();
  if (code === "" || code === "РУБ" || code === "RUB" || code === "RUR" || code === "643") return "RUB";
  return code;
}

// ---- the captured subtree of one item ----

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

function kid(el: El | undefined, name: string): El | undefined {
  return el?.children.find((child) => child.name === name);
}

function kids(el: El | undefined, name: string): El[] {
  return el ? el.children.filter((child) => child.name === name) : [];
}

function str(el: El | undefined): string | null {
  const text = el?.text.trim();
  return text ? text : null;
}

function field(el: El | undefined, name: string): string | null {
  return str(kid(el, name));
}

function required(el: El, name: string, what: string): string {
  const value = field(el, name);
  if (value === null) throw new CommerceMlError(`${what} without ${name}`);
  return value;
}

function toBool(value: string | null | undefined): boolean | null {
  switch (value?.trim().toLowerCase()) {
    case "true":
    case "да":
    case "1":
    case "yes":
      return true;
    case "false":
    case "нет":
    case "0":
    case "no":
      return false;
    default:
      return null;
  }
}

/** "2024-06-01", "2024-06-01T11:58:00" or "01.06.2024 11:58" → date and time parts; 0001-01-01 → none. */
function splitDate(value: string | null): { date: string | null; time: string | null } {
  const text = value?.trim() ?? "";
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?/.exec(text);
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?/.exec(text);
  const [y, m, d, t] = iso ? [iso[1], iso[2], iso[3], iso[4]] : ru ? [ru[3], ru[2], ru[1], ru[4]] : [];
  if (!y || y === "0001") return { date: null, time: null };
  return { date: `${y}-${m}-${d}`, time: t ? normalizeTime(t) : null };
}

function normalizeTime(value: string | null): string | null {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value?.trim() ?? "");
  return match ? `${match[1]?.padStart(2, "0")}:${match[2]}:${match[3] ?? "00"}` : null;
}

// ---- subtree → item ----

function groupItems(el: El, parentId: string | null, out: CmlItem[]): void {
  const id = required(el, "Ид", "Группа");
  out.push({
    kind: "group",
    id,
    name: field(el, "Наименование") ?? "",
    parentId: parentId ?? field(el, "Родитель") ?? field(el, "ИдРодителя"),
  });
  for (const child of kids(kid(el, "Группы"), "Группа")) groupItems(child, id, out);
}

function product(el: El): CmlItem {
  const unit = kid(el, "БазоваяЕдиница");
  return {
    kind: "product",
    id: required(el, "Ид", "Товар"),
    article: field(el, "Артикул"),
    name: field(el, "Наименование") ?? "",
    unit: str(unit) ?? unit?.attrs.НаименованиеКраткое ?? unit?.attrs.НаименованиеПолное ?? null,
    groupIds: kids(kid(el, "Группы"), "Ид").flatMap((g) => str(g) ?? []),
    description: field(el, "Описание"),
  };
}

function offer(el: El, priceTypeCurrency: Map<string, string>): CmlItem {
  const id = required(el, "Ид", "Предложение");
  const prices = kids(kid(el, "Цены"), "Цена").map((price) => {
    const priceTypeId = field(price, "ИдТипаЦены");
    const amount = field(price, "ЦенаЗаЕдиницу");
    if (amount === null) throw new CommerceMlError(`Цена of offer ${id} without ЦенаЗаЕдиницу`);
    const currency =
      field(price, "Валюта") ?? (priceTypeId ? priceTypeCurrency.get(priceTypeId) : null) ?? null;
    return { priceTypeId, amountMinor: toMinor(amount), currency: normalizeCurrency(currency) };
  });
  let quantity: number | null = null;
  const direct = field(el, "Количество");
  if (direct !== null) quantity = toQuantity(direct);
  else {
    // 2.10 rests: Остатки/Остаток/(Склад/)Количество, summed over the warehouses.
    for (const rest of kids(kid(el, "Остатки"), "Остаток")) {
      for (const holder of [rest, ...kids(rest, "Склад")]) {
        const value = field(holder, "Количество");
        if (value !== null) quantity = (quantity ?? 0) + toQuantity(value);
      }
    }
  }
  return {
    kind: "offer",
    id,
    productId: id.split("#")[0] ?? id,
    name: field(el, "Наименование"),
    quantity,
    prices,
  };
}

const PARTY_SCOPES = ["ЮрЛицо", "ЮридическоеЛицо", "ФизЛицо", "ФизическоеЛицо"];
const ADDRESSES = ["Адрес", "АдресРегистрации", "ЮридическийАдрес", "ФактическийАдрес"];

function counterparty(el: El): CmlCounterparty {
  const scopes = [el, ...PARTY_SCOPES.flatMap((name) => kid(el, name) ?? [])];
  const pick = (name: string) => {
    for (const scope of scopes) {
      const value = field(scope, name);
      if (value !== null) return value;
    }
    return null;
  };
  const lastName = pick("Фамилия");
  const firstName = pick("Имя");
  const middleName = pick("Отчество");
  const official = pick("ОфициальноеНаименование");
  const fullName = pick("ПолноеНаименование") ?? official;
  const inn = pick("ИНН");
  const kpp = pick("КПП");
  const phones: string[] = [];
  const emails: string[] = [];
  for (const contact of scopes.flatMap((scope) => kids(kid(scope, "Контакты"), "Контакт"))) {
    const type = (field(contact, "Тип") ?? "").toLowerCase();
    const value = field(contact, "Значение");
    if (value === null) continue;
    if (type.includes("телефон") || type.includes("phone")) phones.push(value);
    else if (type.includes("почт") || type.includes("mail")) emails.push(value);
  }
  let address: string | null = null;
  for (const name of ADDRESSES) {
    const holder = scopes.map((scope) => kid(scope, name)).find(Boolean);
    address = field(holder, "Представление") ?? str(holder);
    if (address !== null) break;
  }
  const named = [lastName, firstName, middleName].filter(Boolean).join(" ");
  const isCompany = (inn !== null && /^\d{10}$/.test(inn)) || kpp !== null || official !== null;
  return {
    id: required(el, "Ид", "Контрагент"),
    name: pick("Наименование") ?? fullName ?? named,
    fullName,
    inn,
    kpp,
    firstName,
    lastName,
    middleName,
    phones,
    emails,
    address,
    isPerson: lastName !== null || firstName !== null || !isCompany,
  };
}

function document(el: El): CmlItem {
  const id = field(el, "Ид") ?? field(el, "Номер");
  if (id === null) throw new CommerceMlError("Документ without Ид or Номер");
  // A Map, not an object: a requisite may be called "__proto__" or "toString".
  const requisites = new Map<string, string>();
  const byLowerName = new Map<string, string>();
  for (const requisite of kids(kid(el, "ЗначенияРеквизитов"), "ЗначениеРеквизита")) {
    const name = field(requisite, "Наименование");
    if (name === null || requisites.has(name)) continue;
    const value = field(requisite, "Значение") ?? "";
    requisites.set(name, value);
    byLowerName.set(name.toLowerCase(), value);
  }
  const requisite = (...names: string[]) => {
    for (const name of names) {
      const value = byLowerName.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const paymentDate = [...byLowerName].find(([name, value]) => name.startsWith("дата оплаты") && value);
  const paid = splitDate(paymentDate?.[1] ?? null);
  const paidAt = paid.date && (paid.time ? `${paid.date}T${paid.time}` : paid.date);
  const items = kids(kid(el, "Товары"), "Товар").map((line): CmlItemLine => {
    const quantityText = field(line, "Количество");
    const quantity = quantityText === null ? 1 : toQuantity(quantityText);
    const priceText = field(line, "ЦенаЗаЕдиницу");
    const sumText = field(line, "Сумма");
    const priceMinor = priceText !== null ? toMinor(priceText) : null;
    const sumMinor = sumText !== null ? toMinor(sumText) : null;
    return {
      id: field(line, "Ид"),
      name: field(line, "Наименование") ?? "",
      priceMinor: priceMinor ?? (sumMinor !== null && quantity ? Math.round(sumMinor / quantity) : 0),
      quantity,
      sumMinor: sumMinor ?? Math.round((priceMinor ?? 0) * quantity),
    };
  });
  const amount = field(el, "Сумма");
  const when = splitDate(field(el, "Дата"));
  const status = requisite("статус заказа", "статус заказа ид");
  return {
    kind: "document",
    id,
    number: field(el, "Номер"),
    date: when.date,
    time: normalizeTime(field(el, "Время")) ?? when.time,
    operation: field(el, "ХозОперация"),
    currency: normalizeCurrency(field(el, "Валюта")),
    amountMinor: amount !== null ? toMinor(amount) : items.reduce((sum, line) => sum + line.sumMinor, 0),
    comment: field(el, "Комментарий"),
    counterparties: kids(kid(el, "Контрагенты"), "Контрагент").map(counterparty),
    items,
    requisites: Object.fromEntries(requisites),
    status: status ? status : null,
    paid: toBool(requisite("заказ оплачен", "оплачен")) ?? (paidAt ? true : null),
    paidAt: paidAt || null,
    canceled: toBool(requisite("отменен", "отменён")),
  };
}

// ---- the event-driven reader ----

type Capture = "group" | "priceType" | "product" | "offer" | "counterparty" | "document" | "flag";

const FLAG = "СодержитТолькоИзменения";
const FLAG_HOLDERS = new Set(["Классификатор", "Каталог", "ПакетПредложений"]);

function captureFor(name: string, parent: string | undefined): Capture | null {
  switch (name) {
    case "Документ":
      return "document";
    case "Группа":
      return parent === "Группы" ? "group" : null;
    case "ТипЦены":
      return parent === "ТипыЦен" ? "priceType" : null;
    case "Товар":
      return parent === "Товары" ? "product" : null;
    case "Предложение":
      return parent === "Предложения" ? "offer" : null;
    case "Контрагент":
      return parent === "Контрагенты" ? "counterparty" : null;
    case FLAG:
      return parent && FLAG_HOLDERS.has(parent) ? "flag" : null;
    default:
      return null;
  }
}

class Reader {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  /** Local names of the open elements outside the captured item. */
  private readonly path: string[] = [];
  private capture: { kind: Capture; stack: El[] } | null = null;
  private header: Extract<CmlItem, { kind: "header" }> | null = null;
  private headerSent = false;
  /** Items that closed before the header could be sent. */
  private held: CmlItem[] = [];
  private readonly priceTypeCurrency = new Map<string, string>();
  readonly queue: CmlItem[] = [];

  constructor() {
    this.parser.on("doctype", () => {
      throw new CommerceMlError("DOCTYPE is not allowed in CommerceML");
    });
    this.parser.on("opentag", (tag) => this.open(localName(tag.name), tag.attributes));
    this.parser.on("text", (text) => this.text(text));
    this.parser.on("cdata", (text) => this.text(text));
    this.parser.on("closetag", () => this.close());
  }

  write(text: string): void {
    this.guard(() => this.parser.write(text));
  }

  end(): void {
    this.guard(() => this.parser.close());
    if (!this.header) throw new CommerceMlError("Not a CommerceML file: no root element");
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (err) {
      const position = { line: this.parser.line, column: this.parser.column };
      if (err instanceof CommerceMlError) {
        if (err.line === undefined) {
          err.line = position.line;
          err.column = position.column;
        }
        throw err;
      }
      throw new CommerceMlError(`Malformed XML: ${(err as Error).message}`, position);
    }
  }

  private open(name: string, rawAttrs: Record<string, string>): void {
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(rawAttrs)) attrs[localName(key)] = value;
    if (this.capture) {
      const el: El = { name, attrs, children: [], text: "" };
      this.capture.stack.at(-1)?.children.push(el);
      this.capture.stack.push(el);
      return;
    }
    if (this.path.length === 0) {
      if (name !== ROOT || this.header) throw new CommerceMlError(`Root element is <${name}>, not <${ROOT}>`);
      this.header = { kind: "header", root: name, version: attrs.ВерсияСхемы ?? null, onlyChanges: null };
    }
    const kind = captureFor(name, this.path.at(-1));
    if (kind) {
      if (kind !== "group" && kind !== "priceType" && kind !== "flag") this.sendHeader();
      this.capture = { kind, stack: [{ name, attrs, children: [], text: "" }] };
      return;
    }
    if (FLAG_HOLDERS.has(name) && attrs[FLAG] !== undefined) this.setFlag(attrs[FLAG]);
    if (name === "Товары" || name === "Предложения") this.sendHeader();
    this.path.push(name);
  }

  private text(text: string): void {
    const top = this.capture?.stack.at(-1);
    if (top) top.text += text;
  }

  private close(): void {
    const capture = this.capture;
    if (!capture) {
      this.path.pop();
      if (this.path.length === 0) this.sendHeader();
      return;
    }
    const el = capture.stack.pop();
    if (!el || capture.stack.length > 0) return;
    this.capture = null;
    switch (capture.kind) {
      case "flag":
        this.setFlag(el.text);
        return;
      case "group": {
        const groups: CmlItem[] = [];
        groupItems(el, null, groups);
        for (const group of groups) this.emit(group);
        return;
      }
      case "priceType": {
        const id = required(el, "Ид", "ТипЦены");
        const currency = normalizeCurrency(field(el, "Валюта"));
        this.priceTypeCurrency.set(id, currency);
        this.emit({ kind: "priceType", id, name: field(el, "Наименование") ?? "", currency });
        return;
      }
      case "product":
        this.emit(product(el));
        return;
      case "offer":
        this.emit(offer(el, this.priceTypeCurrency));
        return;
      case "counterparty":
        this.emit({ kind: "counterparty", ...counterparty(el) });
        return;
      case "document":
        this.emit(document(el));
        return;
      default:
        capture.kind satisfies never;
    }
  }

  private setFlag(value: string | undefined): void {
    if (this.header && this.header.onlyChanges === null) this.header.onlyChanges = toBool(value);
    this.sendHeader();
  }

  private sendHeader(): void {
    if (this.headerSent || !this.header) return;
    this.headerSent = true;
    this.queue.push(this.header, ...this.held);
    this.held = [];
  }

  private emit(item: CmlItem): void {
    if (this.headerSent) this.queue.push(item);
    else this.held.push(item);
  }
}

// ---- bytes → text ----

type Encoding = "utf-8" | "windows-1251";

interface Decoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

function encodingNamed(name: string): Encoding {
  switch (name.toLowerCase()) {
    case "utf-8":
    case "utf8":
    case "us-ascii":
    case "ascii":
      return "utf-8";
    case "windows-1251":
    case "cp1251":
    case "win-1251":
    case "win1251":
    case "x-cp1251":
      return "windows-1251";
    default:
      throw new CommerceMlError(`Unsupported encoding "${name}"`);
  }
}

/** The encoding the start of the file declares, or undefined while more bytes are needed to tell. */
function sniffEncoding(head: Uint8Array, final: boolean): Encoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe)) {
    throw new CommerceMlError("UTF-16 files are not supported");
  }
  const text = Buffer.from(head.subarray(0, HEAD_LIMIT)).toString("latin1");
  const start = text.trimStart();
  if (!start.startsWith("<?xml")) {
    return "<?xml".startsWith(start) && !final && head.length < HEAD_LIMIT ? undefined : "utf-8";
  }
  const end = start.indexOf("?>");
  if (end < 0) {
    if (!final && head.length < HEAD_LIMIT) return undefined;
    throw new CommerceMlError("Unterminated XML declaration");
  }
  const declared = /\bencoding\s*=\s*["']([^"']+)["']/.exec(start.slice(0, end));
  return declared?.[1] ? encodingNamed(declared[1]) : "utf-8";
}

function decoderFor(encoding: Encoding): Decoder {
  if (encoding === "windows-1251") {
    const decoder = iconv.getDecoder("win1251");
    return {
      write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
      end: () => decoder.end() ?? "",
    };
  }
  // fatal: bytes that are not UTF-8 usually mean a wrong declaration, and must not import as garbage.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const guard = (step: () => string) => {
    try {
      return step();
    } catch {
      throw new CommerceMlError("The file is not valid UTF-8 (check the encoding in its XML declaration)");
    }
  };
  return {
    write: (bytes) => guard(() => decoder.decode(bytes, { stream: true })),
    end: () => guard(() => decoder.decode()),
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
}

/**
 * Reads a CommerceML file chunk by chunk. The first item is always the header. A malformed or truncated
 * file throws CommerceMlError after the items before the fault were yielded: import in one transaction.
 */
export async function* parseCommerceMl(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<CmlItem> {
  const reader = new Reader();
  // Items finished before a fault still come out, then the fault.
  function* feed(step: () => void): Generator<CmlItem> {
    try {
      step();
    } finally {
      yield* reader.queue.splice(0);
    }
  }
  let decoder: Decoder | null = null;
  let head: Uint8Array[] = [];
  for await (const chunk of source) {
    for (let offset = 0; offset < chunk.length; offset += SLICE) {
      const piece = chunk.subarray(offset, offset + SLICE);
      if (decoder) {
        const active = decoder;
        yield* feed(() => reader.write(active.write(piece)));
        continue;
      }
      head.push(piece);
      const bytes = concat(head);
      const encoding = sniffEncoding(bytes, false);
      if (!encoding) continue;
      const active = decoderFor(encoding);
      decoder = active;
      head = [];
      yield* feed(() => reader.write(active.write(bytes)));
    }
  }
  const active = decoder ?? decoderFor(sniffEncoding(concat(head), true) ?? "utf-8");
  const rest = decoder ? new Uint8Array(0) : concat(head);
  yield* feed(() => reader.write(active.write(rest) + active.end()));
  yield* feed(() => reader.end());
}
