// A fake МойСклад JSON API 1.2 on 127.0.0.1 that follows PROTOCOLS.md §3: 415 without `Accept-Encoding:
// gzip`, gzipped JSON answers, Basic or Bearer auth with /security/token (a new token revokes the user's
// earlier ones), the per-user sliding-window and parallel limits (429 codes 1049/1073), counterparty,
// customerorder, product, organization, store and webhook collections with limit/offset/size/nextHref,
// the filter/order/expand subset, writes, and webhook deliveries with `?requestId=` retried up to 4 times.
// Error codes come from md/_errors.md of moysklad/api-remap-1.2-doc unless marked [unconfirmed].
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { gzip as gzipCallback, constants as zlibConstants } from "node:zlib";

export type Json = Record<string, unknown>;

export interface MoySkladFakeOptions {
  login?: string;
  password?: string;
  /** Requests allowed per window per token/user; false = no limit (default { requests: 45, windowMs: 3000 }). */
  rateLimit?: { requests: number; windowMs: number } | false;
  /** Default 5: the 6th concurrent request of a user gets 429 code 1073. */
  maxParallel?: number;
  /** How long a webhook receiver may take to answer 200/204 (MoySklad: 1500 ms). */
  webhookTimeoutMs?: number;
  /** Attempts per webhook notification in total (MoySklad: 1 + 3 immediate retries). */
  webhookAttempts?: number;
}

export interface MoySkladRequest {
  method: string;
  /** The path after the API base (`/entity/counterparty`), or the whole path outside it. */
  path: string;
  /** The raw query string without `?`. */
  query: string;
  headers: Record<string, string>;
  /** The status answered; 0 while the request is still in progress. */
  status: number;
  body?: string;
}

export interface MoySkladFailure {
  status: number;
  /** Only requests whose path after the API base starts with this (e.g. "/entity/counterparty"). */
  path?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Wait this long before answering (for client timeouts). */
  delayMs?: number;
  /** A string is sent as is; anything else as JSON. Default: MoySklad's errors envelope. */
  body?: unknown;
}

export interface MoySkladDelivery {
  /** The webhook's registered url (the POST went to it plus `requestId`). */
  url: string;
  body: string;
  requestId: string;
  /** One entry per attempt: the HTTP status, or 0 when the receiver did not answer in time. */
  statuses: number[];
  delivered: boolean;
}

type EntityType = "counterparty" | "customerorder" | "product" | "organization" | "store" | "webhook";
type OrderInput = Partial<Json> & {
  agentId: string;
  stateName?: string;
  positions?: { productId: string; quantity: number; price: number }[];
};
type FieldKind = "date" | "string" | "bool" | "number";
interface FieldSpec {
  kind: FieldKind;
  get(o: Json): unknown;
}
interface Condition {
  field: string;
  op: string;
  value: string;
}

const API_PATH = "/api/remap/1.2";
const MEDIA_TYPE = "application/json";
const JSON_TYPE = "application/json;charset=utf-8";
const WEBHOOK_USER_AGENT = "MoySklad webhook touch agent 2.0";
const MOSCOW_OFFSET_MS = 3 * 3600_000;
const MAX_LIMIT = 1000;
/** The documented limit on urls per (entityType, action) for a user. */
const MAX_WEBHOOKS_PER_EVENT = 5;
/** MoySklad does not say how long to wait after 1073; a short pause lets a client's in-flight calls end. [unconfirmed] */
const PARALLEL_RETRY_AFTER_MS = 100;
const AUTH_ERROR = "Ошибка аутентификации: Неправильный пароль или имя пользователя или ключ авторизации";
const ENTITY_TYPES = new Set<string>([
  "counterparty",
  "customerorder",
  "product",
  "organization",
  "store",
  "webhook",
]);
const ARCHIVABLE = new Set<string>(["counterparty", "product", "organization", "store"]);
const COUNTERPARTY_FIELDS = [
  "name",
  "code",
  "externalCode",
  "description",
  "phone",
  "fax",
  "email",
  "inn",
  "kpp",
  "ogrn",
  "okpo",
  "companyType",
  "legalTitle",
  "legalAddress",
  "actualAddress",
  "tags",
  "archived",
];
const CONTACT_FIELDS = ["name", "phone", "email", "position", "description", "externalCode"];
const ORDER_FIELDS = [
  "name",
  "description",
  "externalCode",
  "moment",
  "applicable",
  "vatEnabled",
  "vatIncluded",
];
const COMPANY_TYPES = ["legal", "entrepreneur", "individual"];
const WEBHOOK_ACTIONS = ["CREATE", "UPDATE", "DELETE"];
const STATES: [name: string, color: number, stateType: string][] = [
  ["Новый", 15106326, "Regular"],
  ["Подтвержден", 40931, "Regular"],
  ["Собран", 8825440, "Regular"],
  ["Отгружен", 10774547, "Regular"],
  ["Доставлен", 34617, "Successful"],
  ["Возврат", 15280409, "Unsuccessful"],
  ["Отменен", 9145227, "Unsuccessful"],
];

const asObject = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
const hrefOf = (v: unknown): string | undefined => {
  const href = asObject(asObject(v).meta).href;
  return typeof href === "string" ? href : undefined;
};
const isEmpty = (v: unknown) => v === undefined || v === null || v === "";
/** `YYYY-MM-DD HH:mm:ss.SSS` in Moscow time (UTC+3, no daylight saving since 2014). */
const moscow = (ms: number) => new Date(ms + MOSCOW_OFFSET_MS).toISOString().slice(0, 23).replace("T", " ");
/** A filter or stored datetime padded to the full `.SSS` form, so strings compare in time order. */
function fullStamp(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]} ${m[2] ?? "00:00:00"}.${(m[3] ?? "").padEnd(3, "0")}`;
}
const stampOf = (v: unknown) => (typeof v !== "string" ? "" : v.length === 23 ? v : (fullStamp(v) ?? v));
const byUpdatedThenId = (a: Json, b: Json) => {
  const ua = stampOf(a.updated);
  const ub = stampOf(b.updated);
  if (ua !== ub) return ua < ub ? -1 : 1;
  return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;
};

class HttpError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * The tests' Map of one entity type plus its rows in `updated` order, so listings page without sorting and
 * `updated` filters use binary search. Writes from outside (`set`, `delete`, a changed `updated`) are
 * noticed and the order is rebuilt on the next listing.
 */
class EntityMap extends Map<string, Json> {
  private sorted: Json[] = [];
  private stamps: unknown[] = [];
  private dirty = false;

  override set(id: string, entity: Json) {
    this.dirty = true;
    return super.set(id, entity);
  }
  override delete(id: string) {
    this.dirty = true;
    return super.delete(id);
  }
  override clear() {
    this.dirty = true;
    super.clear();
  }

  /** Adds or moves an entity that has just got the newest `updated` (`previous`: its `updated` before). */
  put(entity: Json, previous?: unknown) {
    const id = String(entity.id);
    const existing = super.get(id);
    if (existing) this.unlink(existing, previous ?? existing.updated);
    super.set(id, entity);
    const last = this.sorted.at(-1);
    if (last && byUpdatedThenId(last, entity) > 0) this.dirty = true;
    this.sorted.push(entity);
    this.stamps.push(entity.updated);
  }
  remove(entity: Json) {
    this.unlink(entity);
    super.delete(String(entity.id));
  }
  /** Rows in `updated`, `id` order. */
  ordered(): Json[] {
    let consistent = !this.dirty && this.sorted.length === this.size;
    for (let i = 0; consistent && i < this.sorted.length; i++) {
      consistent = this.sorted[i]?.updated === this.stamps[i];
    }
    if (!consistent) {
      this.sorted = [...this.values()].sort(byUpdatedThenId);
      this.stamps = this.sorted.map((e) => e.updated);
      this.dirty = false;
    }
    return this.sorted;
  }
  private unlink(entity: Json, stamp: unknown = entity.updated) {
    // `stamps` keeps each row's `updated` as it was when placed, so the search works after a change.
    const wanted = stampOf(stamp);
    let lo = 0;
    let hi = this.dirty ? 0 : this.stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (stampOf(this.stamps[mid]) < wanted) lo = mid + 1;
      else hi = mid;
    }
    let i = this.dirty ? -1 : lo;
    while (i >= 0 && i < this.sorted.length && this.sorted[i] !== entity) {
      if (stampOf(this.stamps[i]) !== wanted) i = -1;
      else i++;
    }
    if (i < 0 || i >= this.sorted.length) i = this.sorted.indexOf(entity);
    if (i >= 0) {
      this.sorted.splice(i, 1);
      this.stamps.splice(i, 1);
    }
  }
}

/** First index whose `updated` is ≥ stamp (`strict`: > stamp) in rows ordered by `updated`. */
function lowerBound(rows: Json[], stamp: string, strict = false) {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = stampOf(rows[mid]?.updated);
    if (s < stamp || (strict && s === stamp)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const gzip = promisify(gzipCallback);

/** Starts the fake; `baseUrl` is the client's API base (every href the fake emits starts with it). */
export async function startMoySkladFake(options: MoySkladFakeOptions = {}) {
  const login = options.login ?? "admin@flame";
  const password = options.password ?? "secret";
  const rateLimit = options.rateLimit === undefined ? { requests: 45, windowMs: 3000 } : options.rateLimit;
  const maxParallel = options.maxParallel ?? 5;
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 1500;
  const webhookAttempts = options.webhookAttempts ?? 4;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}${API_PATH}`;
  const accountId = randomUUID();

  const tokens = new Map<string, string>();
  const revokedTokens = new Set<string>();
  const windows = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  const failures: (MoySkladFailure & { left: number })[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const deliveriesInFlight = new Set<Promise<void>>();
  const closing = new AbortController();
  const requests: MoySkladRequest[] = [];
  const stats = { requests: 0, maxParallelSeen: 0, rateLimited: 0, parallelLimited: 0 };
  const webhooks: Json[] = [];
  const deliveries: MoySkladDelivery[] = [];
  const counterparties = new EntityMap();
  const orders = new EntityMap();
  const products = new EntityMap();
  const contactPersons = new Map<string, Json[]>();
  let lastStampMs = 0;
  /** While an API write is being handled: deliveries wait until its answer is sent, as MoySklad's do. */
  let afterAnswer: (() => void)[] | undefined;
  let orderNumber = 0;

  /** The next `updated`: strictly after every earlier one, so `updated>=` sync never misses a write. */
  function nextStamp() {
    lastStampMs = Math.max(Date.now(), lastStampMs + 1);
    return moscow(lastStampMs);
  }
  const meta = (type: string, href: string, metadataHref?: string): Json => ({
    href,
    ...(metadataHref ? { metadataHref } : {}),
    type,
    mediaType: MEDIA_TYPE,
  });
  const metadataHrefs = new Map<string, string>();
  /** One shared string per type: seeded rows would otherwise hold 100 000 copies. */
  const metadataHref = (type: string) => {
    let href = metadataHrefs.get(type);
    if (!href) {
      href = `${base}/entity/${type}/metadata`;
      metadataHrefs.set(type, href);
    }
    return href;
  };
  let codeCounter = 0;
  const codePrefix = randomBytes(9).toString("base64url");
  /** A unique externalCode like MoySklad's 22-character ones, without a random draw per row. */
  const newCode = () => `${codePrefix}${(++codeCounter).toString(36).padStart(10, "0")}`;
  const entityMeta = (type: string, id: string) =>
    meta(type, `${base}/entity/${type}/${id}`, metadataHref(type));
  const ref = (entity: Json) => ({ meta: entity.meta });
  const metaArray = (type: string, href: string, size: number) => ({
    meta: { href, type, mediaType: MEDIA_TYPE, size, limit: 1000, offset: 0 },
  });

  const stamp0 = nextStamp();
  const states: Json[] = STATES.map(([name, color, stateType]) => {
    const id = randomUUID();
    return {
      meta: meta(
        "state",
        `${base}/entity/customerorder/metadata/states/${id}`,
        `${base}/entity/customerorder/metadata`,
      ),
      id,
      accountId,
      name,
      color,
      stateType,
      entityType: "customerorder",
    };
  });
  const plainEntity = (type: string, name: string): Json => {
    const id = randomUUID();
    return {
      meta: entityMeta(type, id),
      id,
      accountId,
      updated: stamp0,
      created: stamp0,
      name,
      externalCode: newCode(),
      archived: false,
    };
  };
  const organizations: Json[] = [
    { ...plainEntity("organization", "ООО «Флейм»"), companyType: "legal", inn: "7701234567" },
  ];
  const stores: Json[] = [plainEntity("store", "Основной склад")];
  const priceType: Json = {
    meta: meta("pricetype", `${base}/context/companysettings/pricetype/${randomUUID()}`),
    id: randomUUID(),
    name: "Цена продажи",
    externalCode: "cbcf493b-55bc-11d9-848a-00112f43529a",
  };

  const initialToken = randomBytes(20).toString("hex");
  tokens.set(initialToken, login);

  // ---- entities ----

  const stateByName = (name: string) => {
    const state = states.find((s) => s.name === name);
    if (!state) throw new Error(`no customerorder state named ${name}`);
    return state;
  };
  const findByHref = (rows: Iterable<Json>, href: string | undefined) => {
    if (!href) return undefined;
    for (const row of rows) if (asObject(row.meta).href === href) return row;
    return undefined;
  };
  const entityByHref = (type: string, href: string | undefined): Json | undefined => {
    if (!href?.startsWith(`${base}/entity/${type}/`)) return undefined;
    const id = href.slice(`${base}/entity/${type}/`.length);
    if (type === "counterparty") return counterparties.get(id);
    if (type === "product") return products.get(id);
    if (type === "organization") return findByHref(organizations, href);
    if (type === "store") return findByHref(stores, href);
    return undefined;
  };

  /** Copies the known fields of `input` onto `target`; empty values remove the field (MoySklad omits them). */
  function assign(target: Json, input: Json, fields: string[]) {
    for (const field of fields) {
      if (!(field in input)) continue;
      const value = input[field];
      if (isEmpty(value)) delete target[field];
      else target[field] = value;
    }
  }

  function validateCounterparty(input: Json, creating: boolean) {
    if (creating || "name" in input) {
      if (typeof input.name !== "string" || input.name.trim() === "") {
        throw new HttpError(
          400,
          3000,
          "Ошибка сохранения объекта: поле 'name' не может быть пустым или отсутствовать",
        );
      }
    }
    if ("companyType" in input && !COMPANY_TYPES.includes(String(input.companyType))) {
      throw new HttpError(
        400,
        3005,
        `Ошибка сохранения объекта: неверное значение '${input.companyType}' поля 'companyType'. Допустимые значения: ${COMPANY_TYPES.join(", ")}`,
      );
    }
    if ("tags" in input && input.tags !== null && !Array.isArray(input.tags)) {
      throw new HttpError(400, 2001, "Ошибка формата: поле 'tags' должно быть массивом");
    }
  }

  function newCounterparty(fields: Json, stamp: string): Json {
    const id = typeof fields.id === "string" ? fields.id : randomUUID();
    const entity: Json = {
      meta: entityMeta("counterparty", id),
      id,
      accountId,
      updated: stamp,
      created: stamp,
      name: "",
      externalCode: newCode(),
      archived: false,
      companyType: "legal",
      salesAmount: 0,
    };
    for (const [key, value] of Object.entries(fields)) {
      if (key === "id") continue;
      if (isEmpty(value)) delete entity[key];
      else entity[key] = value;
    }
    return entity;
  }

  function newContactPerson(counterparty: Json, fields: Json): Json {
    const id = randomUUID();
    const stamp = nextStamp();
    const person: Json = {
      meta: meta("contactperson", `${base}/entity/counterparty/${counterparty.id}/contactpersons/${id}`),
      id,
      accountId,
      updated: stamp,
      name: "",
      externalCode: newCode(),
      agent: ref(counterparty),
    };
    for (const [key, value] of Object.entries(fields)) {
      if (isEmpty(value)) delete person[key];
      else person[key] = value;
    }
    const list = contactPersons.get(String(counterparty.id)) ?? [];
    list.push(person);
    contactPersons.set(String(counterparty.id), list);
    return person;
  }

  function positionRow(
    orderId: string,
    product: Json,
    quantity: number,
    price: number,
    discount = 0,
    vat = 0,
  ) {
    const id = randomUUID();
    return {
      meta: meta("customerorderposition", `${base}/entity/customerorder/${orderId}/positions/${id}`),
      id,
      accountId,
      quantity,
      price,
      discount,
      vat,
      vatEnabled: vat > 0,
      assortment: ref(product),
      shipped: 0,
      reserve: 0,
    };
  }
  const positionsOf = (order: Json): Json[] => {
    const rows = asObject(order.positions).rows;
    return Array.isArray(rows) ? (rows as Json[]) : [];
  };
  function setPositions(order: Json, rows: Json[]) {
    const href = `${base}/entity/customerorder/${order.id}/positions`;
    order.positions = { ...metaArray("customerorderposition", href, rows.length), rows };
    let sum = 0;
    let vatSum = 0;
    for (const p of rows) {
      const line = Math.round(Number(p.quantity) * Number(p.price) * (1 - Number(p.discount ?? 0) / 100));
      sum += line;
      vatSum += Math.round((line * Number(p.vat ?? 0)) / (100 + Number(p.vat ?? 0)));
    }
    order.sum = sum;
    order.vatSum = vatSum;
  }

  function newOrder(agent: Json, stamp: string, fields: Json = {}): Json {
    const id = randomUUID();
    orderNumber++;
    const order: Json = {
      meta: entityMeta("customerorder", id),
      id,
      accountId,
      updated: stamp,
      created: stamp,
      name: String(orderNumber).padStart(5, "0"),
      externalCode: newCode(),
      moment: stamp,
      applicable: true,
      vatEnabled: true,
      vatIncluded: true,
      sum: 0,
      payedSum: 0,
      shippedSum: 0,
      invoicedSum: 0,
      reservedSum: 0,
      agent: ref(agent),
      organization: ref(organizations[0] ?? {}),
      store: ref(stores[0] ?? {}),
      state: ref(states[0] ?? {}),
    };
    setPositions(order, []);
    for (const [key, value] of Object.entries(fields)) {
      if (isEmpty(value)) delete order[key];
      else order[key] = value;
    }
    return order;
  }

  /** Positions from the API's `[{quantity, price, discount?, vat?, assortment:{meta}}]`. */
  function apiPositions(orderId: string, input: unknown): Json[] {
    if (!Array.isArray(input)) {
      throw new HttpError(400, 2001, "Ошибка формата: поле 'positions' должно быть массивом");
    }
    if (input.length > MAX_LIMIT) {
      throw new HttpError(400, 2022, "Ошибка формата: слишком большое число элементов вложенной коллекции");
    }
    return input.map((raw) => {
      const p = asObject(raw);
      const product = entityByHref("product", hrefOf(p.assortment));
      if (!product) {
        throw new HttpError(
          400,
          3000,
          "Ошибка сохранения объекта: поле 'assortment' не может быть пустым или отсутствовать",
        );
      }
      const quantity = Number(p.quantity ?? 1);
      const price = Number(p.price ?? 0);
      if (!Number.isFinite(quantity) || quantity <= 0 || !Number.isFinite(price) || price < 0) {
        throw new HttpError(400, 3003, "Ошибка сохранения объекта: поле 'quantity' должно быть больше нуля");
      }
      return positionRow(
        orderId,
        product,
        quantity,
        Math.round(price),
        Number(p.discount ?? 0),
        Number(p.vat ?? 0),
      );
    });
  }

  /** Applies an API body to an order: references by meta, known scalar fields, positions, `sum`. */
  function applyOrderInput(order: Json, input: Json) {
    for (const [field, type] of [
      ["agent", "counterparty"],
      ["organization", "organization"],
      ["store", "store"],
    ] as const) {
      if (!(field in input)) continue;
      if (input[field] === null && field === "store") {
        delete order.store;
        continue;
      }
      const target = entityByHref(type, hrefOf(input[field]));
      if (!target) {
        throw new HttpError(
          400,
          3000,
          `Ошибка сохранения объекта: поле '${field}' не может быть пустым или отсутствовать`,
        );
      }
      order[field] = ref(target);
    }
    if ("state" in input) {
      if (input.state === null) delete order.state;
      else {
        const state = findByHref(states, hrefOf(input.state));
        if (!state)
          throw new HttpError(400, 1021, "Объект с типом 'state' и указанным идентификатором не найден");
        order.state = ref(state);
      }
    }
    assign(order, input, ORDER_FIELDS);
    if ("positions" in input) setPositions(order, apiPositions(String(order.id), input.positions));
    // MoySklad computes `sum` from the positions; an order without positions takes it as given.
    else if (typeof input.sum === "number" && positionsOf(order).length === 0)
      order.sum = Math.round(input.sum);
  }

  /** Top-level fields whose JSON differs, for `updatedFields` (diffType FIELDS). */
  function changedFields(before: Json, after: Json) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter(
      (k) => k !== "updated" && k !== "meta" && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
  }
  const snapshot = (entity: Json): Json => JSON.parse(JSON.stringify(entity));

  // ---- presenting ----

  /** The entity as the API answers it: counterparty MetaArrays, positions collapsed unless expanded. */
  function present(type: EntityType | "contactperson", entity: Json, expand: Set<string>): Json {
    if (type === "counterparty") {
      const href = `${base}/entity/counterparty/${entity.id}`;
      return {
        ...entity,
        accounts: metaArray("account", `${href}/accounts`, 0),
        contactpersons: metaArray(
          "contactperson",
          `${href}/contactpersons`,
          contactPersons.get(String(entity.id))?.length ?? 0,
        ),
      };
    }
    if (type !== "customerorder") return entity;
    const out: Json = { ...entity };
    const rows = positionsOf(entity);
    const positionsMeta = {
      ...asObject(asObject(entity.positions).meta),
      size: rows.length,
    };
    out.positions = expand.has("positions") ? { meta: positionsMeta, rows } : { meta: positionsMeta };
    if (expand.has("agent")) {
      const agent = entityByHref("counterparty", hrefOf(entity.agent));
      if (agent) out.agent = present("counterparty", agent, new Set());
    }
    if (expand.has("state")) out.state = findByHref(states, hrefOf(entity.state)) ?? entity.state;
    if (expand.has("organization")) out.organization = findByHref(organizations, hrefOf(entity.organization));
    if (expand.has("store") && entity.store) out.store = findByHref(stores, hrefOf(entity.store));
    return out;
  }

  // ---- listing ----

  const field = (kind: FieldKind, get: (o: Json) => unknown): FieldSpec => ({ kind, get });
  const own = (kind: FieldKind, name: string) => field(kind, (o) => o[name]);
  const common: Record<string, FieldSpec> = {
    id: own("string", "id"),
    name: own("string", "name"),
    externalCode: own("string", "externalCode"),
    updated: own("date", "updated"),
  };
  const FIELDS: Record<string, Record<string, FieldSpec>> = {
    counterparty: {
      ...common,
      created: own("date", "created"),
      archived: own("bool", "archived"),
      inn: own("string", "inn"),
      kpp: own("string", "kpp"),
      code: own("string", "code"),
      phone: own("string", "phone"),
      email: own("string", "email"),
      companyType: own("string", "companyType"),
      legalTitle: own("string", "legalTitle"),
      description: own("string", "description"),
    },
    customerorder: {
      ...common,
      created: own("date", "created"),
      moment: own("date", "moment"),
      description: own("string", "description"),
      applicable: own("bool", "applicable"),
      sum: own("number", "sum"),
      agent: field("string", (o) => hrefOf(o.agent)),
      organization: field("string", (o) => hrefOf(o.organization)),
      store: field("string", (o) => hrefOf(o.store)),
      state: field("string", (o) => hrefOf(o.state)),
      "state.name": field("string", (o) => findByHref(states, hrefOf(o.state))?.name),
    },
    product: {
      ...common,
      archived: own("bool", "archived"),
      code: own("string", "code"),
      article: own("string", "article"),
    },
    organization: { ...common, archived: own("bool", "archived"), inn: own("string", "inn") },
    store: { ...common, archived: own("bool", "archived") },
    webhook: {
      id: own("string", "id"),
      url: own("string", "url"),
      entityType: own("string", "entityType"),
      action: own("string", "action"),
    },
    contactperson: { ...common, phone: own("string", "phone"), email: own("string", "email") },
  };

  function parseFilter(text: string, type: string): Condition[] {
    const conditions: Condition[] = [];
    // `\;` is a literal semicolon inside a value.
    for (const part of text.split(/(?<!\\);/)) {
      if (part.trim() === "") continue;
      const m = /^([A-Za-z][\w.]*)(!=|>=|<=|~=|=~|=|>|<|~)(.*)$/s.exec(part);
      if (!m) throw new HttpError(400, 1034, `Ошибка фильтрации: неверное условие '${part}'`);
      const [, name = "", op = "", value = ""] = m;
      if (!FIELDS[type]?.[name]) throw new HttpError(400, 1002, `Неизвестное поле фильтрации '${name}'`);
      conditions.push({ field: name, op, value: value.replaceAll("\\;", ";") });
    }
    const ops = new Map<string, Set<string>>();
    for (const c of conditions)
      ops.set(c.field, (ops.get(c.field) ?? new Set()).add(c.op === "=" ? "=" : "x"));
    for (const [name, kinds] of ops) {
      if (kinds.size > 1) {
        throw new HttpError(
          400,
          1034,
          `Ошибка фильтрации: поле '${name}' с '=' и другими операторами одновременно`,
        );
      }
    }
    return conditions;
  }

  /** A predicate for the conditions: `=` on one field is OR, everything else AND. */
  function matcher(conditions: Condition[], type: string): (o: Json) => boolean {
    const checks: ((o: Json) => boolean)[] = [];
    const equalities = new Map<string, string[]>();
    const normalise = (spec: FieldSpec, value: string) => {
      if (spec.kind !== "date" || value === "") return value;
      const full = fullStamp(value);
      if (!full)
        throw new HttpError(400, 1035, "Ошибка фильтрации: неверный формат даты параметра фильтрации");
      return full;
    };
    const fieldValue = (spec: FieldSpec, o: Json) => {
      const v = spec.get(o);
      if (isEmpty(v)) return "";
      return spec.kind === "date" ? stampOf(v) : String(v);
    };
    const compare = (spec: FieldSpec, a: string, b: string) =>
      spec.kind === "number" ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
    for (const c of conditions) {
      const spec = FIELDS[type]?.[c.field];
      if (!spec) continue;
      const value = normalise(spec, c.value);
      if (c.op === "=") {
        equalities.set(c.field, [...(equalities.get(c.field) ?? []), value]);
        continue;
      }
      const lower = value.toLowerCase();
      const test: Record<string, (v: string) => boolean> = {
        "!=": (v) => (value === "" ? v !== "" : v !== value),
        ">": (v) => v !== "" && compare(spec, v, value) > 0,
        "<": (v) => v !== "" && compare(spec, v, value) < 0,
        ">=": (v) => v !== "" && compare(spec, v, value) >= 0,
        "<=": (v) => v !== "" && compare(spec, v, value) <= 0,
        "~": (v) => v.toLowerCase().includes(lower),
        "~=": (v) => v.toLowerCase().startsWith(lower),
        "=~": (v) => v.toLowerCase().endsWith(lower),
      };
      const t = test[c.op];
      if (t) checks.push((o) => t(fieldValue(spec, o)));
    }
    for (const [name, values] of equalities) {
      const spec = FIELDS[type]?.[name];
      if (spec) checks.push((o) => values.includes(fieldValue(spec, o)));
    }
    return (o) => checks.every((check) => check(o));
  }

  function parseOrder(text: string | null, type: string): [string, number][] | undefined {
    if (!text) return undefined;
    const keys: [string, number][] = [];
    for (const part of text.split(";")) {
      if (part === "") continue;
      const [name = "", dir = "asc"] = part.split(",");
      if (!FIELDS[type]?.[name] || !["asc", "desc"].includes(dir)) {
        throw new HttpError(
          400,
          1063,
          `Ошибка сортировки: неизвестное поле '${name}' или сортировка для данного поля не поддерживается`,
        );
      }
      keys.push([name, dir === "desc" ? -1 : 1]);
    }
    return keys;
  }

  function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number) {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new HttpError(
        400,
        1040,
        `Неверно заданы параметры запроса: '${name}' должен быть целым числом от ${min} до ${max}`,
      );
    }
    return n;
  }

  /**
   * A collection answer. `rows` must be ordered by `updated`, `id` (the default order); `updated` range
   * conditions cut it by binary search before any other filtering.
   */
  function listing(
    url: URL,
    type: string,
    rows: Json[],
    present: (row: Json, expand: Set<string>) => Json,
    listHref: string,
  ) {
    const query = url.searchParams;
    const limit = intParam(query, "limit", MAX_LIMIT, 1, MAX_LIMIT);
    const offset = intParam(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const conditions = parseFilter(query.get("filter") ?? "", type);
    const order = parseOrder(query.get("order"), type);
    const expand = new Set(
      limit <= 100 ? (query.get("expand") ?? "").split(",").map((s) => s.trim().split(".")[0] ?? "") : [],
    );

    let lo = 0;
    let hi = rows.length;
    const rest: Condition[] = [];
    for (const c of conditions) {
      const full = c.field === "updated" ? fullStamp(c.value) : undefined;
      if (!full || !["<", "<=", ">", ">="].includes(c.op)) {
        rest.push(c);
        continue;
      }
      if (c.op === ">=") lo = Math.max(lo, lowerBound(rows, full));
      if (c.op === ">") lo = Math.max(lo, lowerBound(rows, full, true));
      if (c.op === "<") hi = Math.min(hi, lowerBound(rows, full));
      if (c.op === "<=") hi = Math.min(hi, lowerBound(rows, full, true));
    }
    if (ARCHIVABLE.has(type) && !conditions.some((c) => c.field === "archived")) {
      // MoySklad leaves archived entities out unless the filter names `archived`.
      rest.push({ field: "archived", op: "=", value: "false" });
    }
    const search = query.get("search")?.toLowerCase();
    const keep = matcher(rest, type);
    const searched = (o: Json) =>
      !search ||
      ["name", "code", "externalCode", "phone", "email", "inn", "description"].some((k) =>
        String(o[k] ?? "")
          .toLowerCase()
          .includes(search),
      );
    let selected = hi > lo ? rows.slice(lo, hi) : [];
    if (rest.length > 0 || search) selected = selected.filter((o) => keep(o) && searched(o));
    if (order) {
      const specs = order.map(([name, dir]) => [FIELDS[type]?.[name], dir] as const);
      selected.sort((a, b) => {
        for (const [spec, dir] of specs) {
          if (!spec) continue;
          const va = spec.kind === "date" ? stampOf(spec.get(a)) : spec.get(a);
          const vb = spec.kind === "date" ? stampOf(spec.get(b)) : spec.get(b);
          if (va === vb) continue;
          if (va === undefined) return -dir;
          if (vb === undefined) return dir;
          return (spec.kind === "number" ? Number(va) < Number(vb) : String(va) < String(vb)) ? -dir : dir;
        }
        return byUpdatedThenId(a, b);
      });
    }
    const page = selected.slice(offset, offset + limit);
    const pageHref = (at: number) => {
      const params = new URLSearchParams(query);
      params.set("limit", String(limit));
      params.set("offset", String(at));
      return `${listHref}?${params}`;
    };
    return {
      context: {
        employee: { meta: meta("employee", `${base}/context/employee`, `${base}/entity/employee/metadata`) },
      },
      meta: {
        href: listHref,
        ...(type === "contactperson" ? {} : { metadataHref: metadataHref(type) }),
        type,
        mediaType: MEDIA_TYPE,
        size: selected.length,
        limit,
        offset,
        ...(offset + limit < selected.length ? { nextHref: pageHref(offset + limit) } : {}),
        ...(offset > 0 ? { previousHref: pageHref(Math.max(0, offset - limit)) } : {}),
      },
      rows: page.map((row) => present(row, expand)),
    };
  }

  // ---- webhooks ----

  /** Notifies every matching webhook; `skipPrefix` is the write's X-Lognex-WebHook-DisableByPrefix. */
  function notify(type: string, action: string, entity: Json, updatedFields?: string[], skipPrefix?: string) {
    for (const hook of webhooks) {
      if (hook.enabled === false || hook.entityType !== type || hook.action !== action) continue;
      const url = String(hook.url);
      if (skipPrefix && url.startsWith(skipPrefix)) continue;
      const requestId = randomUUID();
      const event: Json = {
        meta: { type, href: asObject(entity.meta).href },
        action,
        accountId,
        ...(action === "UPDATE" && hook.diffType === "FIELDS" ? { updatedFields: updatedFields ?? [] } : {}),
      };
      const body = JSON.stringify({
        auditContext: {
          meta: { type: "audit", href: `${base}/audit/${randomUUID()}` },
          uid: login,
          moment: moscow(Date.now()).slice(0, 19),
        },
        events: [event],
      });
      const delivery: MoySkladDelivery = { url, body, requestId, statuses: [], delivered: false };
      deliveries.push(delivery);
      const target = `${url}${url.includes("?") ? "&" : "?"}requestId=${requestId}`;
      const start = () => {
        const task = deliver(target, delivery).finally(() => deliveriesInFlight.delete(task));
        deliveriesInFlight.add(task);
      };
      if (afterAnswer) afterAnswer.push(start);
      else start();
    }
  }

  async function deliver(target: string, delivery: MoySkladDelivery) {
    for (let attempt = 0; attempt < webhookAttempts && !delivery.delivered; attempt++) {
      if (closing.signal.aborted) return;
      const status = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": WEBHOOK_USER_AGENT },
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(webhookTimeoutMs)]),
      }).then(
        async (answer) => {
          await answer.arrayBuffer();
          return answer.status;
        },
        () => 0,
      );
      delivery.statuses.push(status);
      delivery.delivered = status === 200 || status === 204;
    }
  }

  function saveWebhook(input: Json, existing?: Json): Json {
    const next: Json = { ...(existing ?? {}) };
    for (const key of ["url", "action", "entityType", "diffType", "enabled"]) {
      if (key in input) next[key] = input[key];
    }
    for (const key of ["url", "action", "entityType"]) {
      if (typeof next[key] !== "string" || next[key] === "") {
        throw new HttpError(
          400,
          3000,
          `Ошибка сохранения объекта: поле '${key}' не может быть пустым или отсутствовать`,
        );
      }
    }
    if (!/^https?:\/\//.test(String(next.url))) {
      throw new HttpError(
        400,
        3016,
        "Ошибка валидации: Поле 'url' должно соответствовать формату 'http(s)://…'",
      );
    }
    if (!WEBHOOK_ACTIONS.includes(String(next.action))) {
      throw new HttpError(
        400,
        3005,
        `Ошибка сохранения объекта: неверное значение '${next.action}' поля 'action'. Допустимые значения: ${WEBHOOK_ACTIONS.join(", ")}`,
      );
    }
    if (next.action === "UPDATE") next.diffType = next.diffType === "FIELDS" ? "FIELDS" : "NONE";
    else delete next.diffType;
    const others = webhooks.filter(
      (w) => w !== existing && w.entityType === next.entityType && w.action === next.action,
    );
    if (others.some((w) => w.url === next.url)) {
      throw new HttpError(
        400,
        3006,
        "Ошибка сохранения объекта: нарушено ограничение уникальности параметра 'url'",
      );
    }
    if (others.length >= MAX_WEBHOOKS_PER_EVENT) {
      throw new HttpError(400, 3006, "Ошибка сохранения объекта: превышено количество вебхуков на событие");
    }
    if (existing) {
      Object.assign(existing, next);
      if (!("diffType" in next)) delete existing.diffType;
      return existing;
    }
    const id = randomUUID();
    const hook: Json = {
      meta: entityMeta("webhook", id),
      id,
      accountId,
      method: "POST",
      enabled: true,
      ...next,
    };
    webhooks.push(hook);
    return hook;
  }

  // ---- HTTP ----

  interface Answer {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
  }
  const errorBody = (code: number, error: string) => ({
    errors: [{ error, code, moreInfo: `https://dev.moysklad.ru/doc/api/remap/1.2/#error_${code}` }],
  });

  function authenticate(req: IncomingMessage): { user: string; basic: boolean } | undefined {
    const header = req.headers.authorization ?? "";
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (bearer) {
      const user = tokens.get(bearer);
      return user ? { user, basic: false } : undefined;
    }
    const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
    if (!basic) return undefined;
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const ok = decoded.slice(0, colon) === login && decoded.slice(colon + 1) === password;
    return ok ? { user: login, basic: true } : undefined;
  }

  /** Sliding window per user; `count` adds this request to it. */
  function rateHeaders(
    user: string,
    count: boolean,
  ): { headers: Record<string, string>; retryAfter?: number } {
    if (!rateLimit) return { headers: {} };
    const now = Date.now();
    const window = windows.get(user) ?? [];
    windows.set(user, window);
    while (window.length > 0 && (window[0] ?? 0) <= now - rateLimit.windowMs) window.shift();
    let retryAfter: number | undefined;
    if (count) {
      if (window.length >= rateLimit.requests)
        retryAfter = Math.max(1, (window[0] ?? now) + rateLimit.windowMs - now);
      else window.push(now);
    }
    const reset = window.length > 0 ? Math.max(0, (window[0] ?? now) + rateLimit.windowMs - now) : 0;
    return {
      retryAfter,
      headers: {
        "X-RateLimit-Limit": String(rateLimit.requests),
        "X-RateLimit-Remaining": String(Math.max(0, rateLimit.requests - window.length)),
        "X-Lognex-Retry-TimeInterval": String(rateLimit.windowMs),
        "X-Lognex-Reset": String(reset),
      },
    };
  }

  function parseBody(raw: string): unknown {
    if (raw.trim() === "") return {};
    try {
      return JSON.parse(raw);
    } catch {
      throw new HttpError(400, 2001, "Ошибка формата: входящий запрос не соответствует формату JSON");
    }
  }
  const bodyObject = (raw: string): Json => {
    const body = parseBody(raw);
    if (Array.isArray(body) || typeof body !== "object" || body === null) {
      throw new HttpError(400, 2026, "Ошибка формата: запрос не должен содержать массив");
    }
    return body as Json;
  };
  /** POST bodies may be one object or an array of them (mass create); the answer has the same shape. */
  const each = (raw: string, create: (input: Json) => Json): unknown => {
    const body = parseBody(raw);
    if (Array.isArray(body)) return body.map((item) => create(asObject(item)));
    if (typeof body !== "object" || body === null) {
      throw new HttpError(
        400,
        2005,
        "Ошибка формата: входящий JSON должен начинаться либо с объекта, либо с массива",
      );
    }
    return create(body as Json);
  };
  const notFound = (type: string, id: string) =>
    new HttpError(404, 1021, `Объект с типом '${type}' и идентификатором '${id}' не найден`);
  const methodNotAllowed = (method: string) =>
    new HttpError(405, 1039, `Операция ${method} не поддерживается для данного ресурса`);

  function route(
    req: IncomingMessage,
    path: string,
    url: URL,
    raw: string,
    user: string,
    basic: boolean,
  ): Answer {
    const method = req.method ?? "GET";
    const skipPrefix = req.headers["x-lognex-webhook-disablebyprefix"];
    const prefix = typeof skipPrefix === "string" && skipPrefix !== "" ? skipPrefix : undefined;
    const expandAll = new Set((url.searchParams.get("expand") ?? "").split(",").map((s) => s.trim()));
    const parts = path.split("/").filter(Boolean);

    if (path === "/security/token") {
      if (method !== "POST") throw methodNotAllowed(method);
      if (!basic) throw new HttpError(401, 1056, AUTH_ERROR);
      for (const [token, owner] of tokens) {
        if (owner === user) {
          tokens.delete(token);
          revokedTokens.add(token);
        }
      }
      const token = randomBytes(20).toString("hex");
      tokens.set(token, user);
      return { status: 201, body: { access_token: token } };
    }
    if (parts[0] !== "entity" || !parts[1])
      throw new HttpError(404, 1002, `Неопознанный путь: ${API_PATH}${path}`);
    const [, type = "", id, sub, subId, extra] = parts;

    if (type === "customerorder" && id === "metadata") {
      if (method !== "GET") throw methodNotAllowed(method);
      if (!sub) {
        return {
          status: 200,
          body: {
            meta: { href: `${base}/entity/customerorder/metadata`, mediaType: MEDIA_TYPE },
            states,
            createShared: false,
          },
        };
      }
      const state = sub === "states" && subId && !extra ? states.find((s) => s.id === subId) : undefined;
      if (!state) throw new HttpError(404, 1002, `Неопознанный путь: ${API_PATH}${path}`);
      return { status: 200, body: state };
    }
    if (!ENTITY_TYPES.has(type)) throw new HttpError(404, 1005, `Неизвестный тип: ${type}`);
    const entityType = type as EntityType;

    if (!id) {
      const listHref = `${base}/entity/${type}`;
      if (method === "GET") {
        const rows =
          type === "counterparty"
            ? counterparties.ordered()
            : type === "customerorder"
              ? orders.ordered()
              : type === "product"
                ? products.ordered()
                : [...(type === "organization" ? organizations : type === "store" ? stores : webhooks)].sort(
                    byUpdatedThenId,
                  );
        return {
          status: 200,
          body: listing(url, type, rows, (row, ex) => present(entityType, row, ex), listHref),
        };
      }
      if (method !== "POST") throw methodNotAllowed(method);
      if (type === "counterparty") {
        return {
          status: 200,
          body: each(raw, (input) => {
            validateCounterparty(input, true);
            const fields: Json = {};
            assign(fields, input, COUNTERPARTY_FIELDS);
            const entity = newCounterparty(fields, nextStamp());
            counterparties.put(entity);
            notify("counterparty", "CREATE", entity, undefined, prefix);
            return present("counterparty", entity, expandAll);
          }),
        };
      }
      if (type === "customerorder") {
        return {
          status: 200,
          body: each(raw, (input) => {
            for (const key of ["organization", "agent"]) {
              if (!hrefOf(input[key])) {
                throw new HttpError(
                  400,
                  3000,
                  `Ошибка сохранения объекта: поле '${key}' не может быть пустым или отсутствовать`,
                );
              }
            }
            const agent = entityByHref("counterparty", hrefOf(input.agent));
            if (!agent) throw notFound("counterparty", String(hrefOf(input.agent)?.split("/").pop()));
            const order = newOrder(agent, nextStamp());
            applyOrderInput(order, input);
            orders.put(order);
            notify("customerorder", "CREATE", order, undefined, prefix);
            return present("customerorder", order, expandAll);
          }),
        };
      }
      if (type === "webhook") return { status: 200, body: each(raw, (input) => saveWebhook(input)) };
      throw new HttpError(405, 1011, `Создание объектов типа '${type}' не поддерживается`);
    }

    const entity =
      type === "counterparty"
        ? counterparties.get(id)
        : type === "customerorder"
          ? orders.get(id)
          : type === "product"
            ? products.get(id)
            : (type === "organization" ? organizations : type === "store" ? stores : webhooks).find(
                (e) => e.id === id,
              );
    if (!entity) throw notFound(type, id);

    if (sub) {
      if (type === "counterparty" && sub === "contactpersons") {
        const list = contactPersons.get(id) ?? [];
        if (subId) {
          const person = list.find((p) => p.id === subId);
          if (!person || extra) throw notFound("contactperson", subId);
          if (method !== "GET") throw methodNotAllowed(method);
          return { status: 200, body: person };
        }
        if (method === "GET") {
          const rows = [...list].sort(byUpdatedThenId);
          return {
            status: 200,
            body: listing(
              url,
              "contactperson",
              rows,
              (row) => row,
              `${base}/entity/counterparty/${id}/contactpersons`,
            ),
          };
        }
        if (method !== "POST") throw methodNotAllowed(method);
        return {
          status: 200,
          body: each(raw, (input) => {
            if (typeof input.name !== "string" || input.name.trim() === "") {
              throw new HttpError(
                400,
                3000,
                "Ошибка сохранения объекта: поле 'name' не может быть пустым или отсутствовать",
              );
            }
            const fields: Json = {};
            assign(fields, input, CONTACT_FIELDS);
            return newContactPerson(entity, fields);
          }),
        };
      }
      if (type === "customerorder" && sub === "positions") {
        if (method !== "GET") throw methodNotAllowed(method);
        const rows = positionsOf(entity);
        if (subId) {
          const position = rows.find((p) => p.id === subId);
          if (!position || extra) throw notFound("customerorderposition", subId);
          return { status: 200, body: position };
        }
        const query = url.searchParams;
        const limit = intParam(query, "limit", MAX_LIMIT, 1, MAX_LIMIT);
        const offset = intParam(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
        const href = `${base}/entity/customerorder/${id}/positions`;
        return {
          status: 200,
          body: {
            context: {
              employee: {
                meta: meta("employee", `${base}/context/employee`, `${base}/entity/employee/metadata`),
              },
            },
            meta: {
              href,
              type: "customerorderposition",
              mediaType: MEDIA_TYPE,
              size: rows.length,
              limit,
              offset,
              ...(offset + limit < rows.length
                ? { nextHref: `${href}?limit=${limit}&offset=${offset + limit}` }
                : {}),
            },
            rows: rows.slice(offset, offset + limit),
          },
        };
      }
      throw new HttpError(404, 1002, `Неопознанный путь: ${API_PATH}${path}`);
    }

    if (method === "GET") return { status: 200, body: present(entityType, entity, expandAll) };
    if (method === "PUT") {
      const input = bodyObject(raw);
      if (type === "webhook") return { status: 200, body: saveWebhook(input, entity) };
      if (type !== "counterparty" && type !== "customerorder") {
        throw new HttpError(405, 1026, `Обновление объектов типа '${type}' не поддерживается`);
      }
      const before = snapshot(entity);
      if (type === "counterparty") {
        validateCounterparty(input, false);
        assign(entity, input, COUNTERPARTY_FIELDS);
      } else {
        // Validate on a copy so a rejected PUT leaves the order as it was.
        const draft = snapshot(entity);
        applyOrderInput(draft, input);
        for (const key of Object.keys(entity)) delete entity[key];
        Object.assign(entity, draft);
      }
      const changed = changedFields(before, entity);
      entity.updated = nextStamp();
      (type === "counterparty" ? counterparties : orders).put(entity, before.updated);
      notify(type, "UPDATE", entity, changed, prefix);
      return { status: 200, body: present(entityType, entity, expandAll) };
    }
    if (method === "DELETE") {
      if (type === "webhook") {
        webhooks.splice(webhooks.indexOf(entity), 1);
        return { status: 200 };
      }
      if (type !== "counterparty" && type !== "customerorder") {
        throw new HttpError(405, 1010, `Удаление объектов типа '${type}' не поддерживается`);
      }
      if (type === "counterparty") {
        const href = asObject(entity.meta).href;
        if (orders.ordered().some((o) => hrefOf(o.agent) === href)) {
          throw new HttpError(409, 1028, "Объект уже используется и не может быть удален");
        }
        counterparties.remove(entity);
        contactPersons.delete(id);
      } else orders.remove(entity);
      notify(type, "DELETE", entity, undefined, prefix);
      return { status: 200 };
    }
    throw methodNotAllowed(method);
  }

  async function send(res: ServerResponse, entry: MoySkladRequest, answer: Answer, pretty: boolean) {
    const text =
      answer.body === undefined
        ? ""
        : typeof answer.body === "string"
          ? answer.body
          : JSON.stringify(answer.body, null, pretty ? 2 : undefined);
    const zipped = await gzip(text, { level: zlibConstants.Z_BEST_SPEED });
    entry.status = answer.status;
    if (res.destroyed) return;
    res
      .writeHead(answer.status, {
        ...(text === "" ? {} : { "Content-Type": JSON_TYPE }),
        "Content-Encoding": "gzip",
        "Content-Length": String(zipped.length),
        ...answer.headers,
      })
      .end(zipped);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const path = url.pathname.startsWith(`${API_PATH}/`) ? url.pathname.slice(API_PATH.length) : url.pathname;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const entry: MoySkladRequest = { method, path, query: url.search.slice(1), headers, status: 0 };
    if (raw !== "") entry.body = raw;
    requests.push(entry);
    stats.requests++;
    const pretty = headers["lognex-pretty-print-json"] === "true";

    if (!/\bgzip\b/i.test(headers["accept-encoding"] ?? "")) {
      entry.status = 415;
      return void res.writeHead(415, { "Content-Length": "0" }).end();
    }
    const auth = authenticate(req);
    if (!auth) {
      return send(res, entry, { status: 401, body: errorBody(1056, AUTH_ERROR) }, pretty);
    }
    const { user, basic } = auth;
    const running = inFlight.get(user) ?? 0;
    if (running >= maxParallel) {
      stats.parallelLimited++;
      const { headers: rate } = rateHeaders(user, false);
      const body = errorBody(1073, "Превышено ограничение на одновременное количество запросов");
      return send(
        res,
        entry,
        { status: 429, body, headers: { ...rate, "X-Lognex-Retry-After": String(PARALLEL_RETRY_AFTER_MS) } },
        pretty,
      );
    }
    const { headers: rate, retryAfter } = rateHeaders(user, true);
    if (retryAfter !== undefined) {
      stats.rateLimited++;
      const body = errorBody(1049, "Превышено ограничение на количество запросов в единицу времени");
      return send(
        res,
        entry,
        { status: 429, body, headers: { ...rate, "X-Lognex-Retry-After": String(retryAfter) } },
        pretty,
      );
    }

    inFlight.set(user, running + 1);
    stats.maxParallelSeen = Math.max(stats.maxParallelSeen, running + 1);
    res.once("close", () => inFlight.set(user, (inFlight.get(user) ?? 1) - 1));

    const failure = failures.find((f) => !f.path || path.startsWith(f.path));
    if (failure) {
      failure.left--;
      if (failure.left <= 0) failures.splice(failures.indexOf(failure), 1);
      if (failure.delayMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, failure.delayMs);
          timers.add(timer);
        });
      }
      const body = failure.body ?? errorBody(1999, "Неизвестная ошибка");
      return send(res, entry, { status: failure.status, body, headers: rate }, pretty);
    }

    let answer: Answer;
    const deferred: (() => void)[] = [];
    afterAnswer = deferred;
    try {
      answer = route(req, path, url, raw, user, basic);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      answer = { status: err.status, body: errorBody(err.code, err.message) };
    } finally {
      afterAnswer = undefined;
    }
    await send(res, entry, { ...answer, headers: { ...rate, ...answer.headers } }, pretty);
    for (const start of deferred) start();
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        res.writeHead(500, { "Content-Type": JSON_TYPE }).end(JSON.stringify(errorBody(1999, String(err))));
    });
  });

  // ---- seeding helpers (as if a user worked in MoySklad's UI) ----

  function addCounterparty(fields: Partial<Json>, opts: { notify?: boolean } = {}): Json {
    const entity = newCounterparty({ name: "Контрагент", ...fields }, nextStamp());
    counterparties.put(entity);
    if (opts.notify) notify("counterparty", "CREATE", entity);
    return entity;
  }

  function addContactPerson(counterpartyId: string, fields: Partial<Json>): Json {
    const counterparty = counterparties.get(counterpartyId);
    if (!counterparty) throw new Error(`no counterparty ${counterpartyId}`);
    return newContactPerson(counterparty, { name: "Контактное лицо", ...fields });
  }

  function addProduct(fields: Partial<Json>): Json {
    const id = typeof fields.id === "string" ? fields.id : randomUUID();
    const stamp = nextStamp();
    const product: Json = {
      meta: entityMeta("product", id),
      id,
      accountId,
      updated: stamp,
      name: "Товар",
      externalCode: newCode(),
      archived: false,
      pathName: "",
      salePrices: [{ value: 0, priceType }],
    };
    for (const [key, value] of Object.entries(fields)) {
      if (key === "id") continue;
      if (isEmpty(value)) delete product[key];
      else product[key] = value;
    }
    products.put(product);
    return product;
  }

  function helperPositions(orderId: string, positions: OrderInput["positions"]): Json[] {
    return (positions ?? []).map((p) => {
      const product = products.get(p.productId);
      if (!product) throw new Error(`no product ${p.productId}`);
      return positionRow(orderId, product, p.quantity, p.price);
    });
  }

  function addOrder(fields: OrderInput, opts: { notify?: boolean } = {}): Json {
    const { agentId, stateName, positions, ...rest } = fields;
    const agent = counterparties.get(agentId);
    if (!agent) throw new Error(`no counterparty ${agentId}`);
    const order = newOrder(agent, nextStamp());
    if (stateName) order.state = ref(stateByName(stateName));
    if (positions) setPositions(order, helperPositions(String(order.id), positions));
    for (const [key, value] of Object.entries(rest)) {
      if (isEmpty(value)) delete order[key];
      else order[key] = value;
    }
    orders.put(order);
    if (opts.notify) notify("customerorder", "CREATE", order);
    return order;
  }

  function updateOrder(
    id: string,
    changes: Partial<Json> & { stateName?: string; positions?: unknown },
    opts: { notify?: boolean } = {},
  ): Json {
    const order = orders.get(id);
    if (!order) throw new Error(`no customerorder ${id}`);
    const before = snapshot(order);
    const { stateName, positions, ...rest } = changes;
    if (stateName) order.state = ref(stateByName(stateName));
    if (Array.isArray(positions)) {
      setPositions(order, helperPositions(id, positions as OrderInput["positions"]));
    }
    for (const [key, value] of Object.entries(rest)) {
      if (isEmpty(value)) delete order[key];
      else order[key] = value;
    }
    const changed = changedFields(before, order);
    order.updated = typeof rest.updated === "string" ? rest.updated : nextStamp();
    orders.put(order, before.updated);
    if (opts.notify) notify("customerorder", "UPDATE", order, changed);
    return order;
  }

  function updateCounterparty(id: string, changes: Partial<Json>, opts: { notify?: boolean } = {}): Json {
    const entity = counterparties.get(id);
    if (!entity) throw new Error(`no counterparty ${id}`);
    const before = snapshot(entity);
    for (const [key, value] of Object.entries(changes)) {
      if (isEmpty(value)) delete entity[key];
      else entity[key] = value;
    }
    const changed = changedFields(before, entity);
    entity.updated = typeof changes.updated === "string" ? changes.updated : nextStamp();
    counterparties.put(entity, before.updated);
    if (opts.notify) notify("counterparty", "UPDATE", entity, changed);
    return entity;
  }

  /**
   * Bulk data for the benchmark: one `updated` millisecond per row, ending about now (so the rows are not
   * in the future), counterparties first, then products, then orders on random counterparties.
   */
  function seed(counts: { counterparties?: number; orders?: number; products?: number }) {
    const nCounterparties = counts.counterparties ?? 0;
    const nProducts = counts.products ?? 0;
    const nOrders = counts.orders ?? 0;
    let ms = Math.max(lastStampMs + 1, Date.now() - (nCounterparties + nProducts + nOrders));
    const tick = () => {
      lastStampMs = Math.max(lastStampMs, ms);
      return moscow(ms++);
    };
    const first = counterparties.size;
    for (let i = 0; i < nCounterparties; i++) {
      const n = first + i + 1;
      const stamp = tick();
      counterparties.put(
        newCounterparty(
          {
            name: `ООО «Клиент ${n}»`,
            inn: String(7700000000 + n),
            phone: `+7 900 ${String(n % 10_000_000).padStart(7, "0")}`,
            email: `client${n}@example.ru`,
          },
          stamp,
        ),
      );
    }
    for (let i = 0; i < nProducts; i++) {
      const id = randomUUID();
      const stamp = tick();
      products.put({
        meta: entityMeta("product", id),
        id,
        accountId,
        updated: stamp,
        name: `Товар ${products.size + 1}`,
        code: String(products.size + 1),
        externalCode: newCode(),
        archived: false,
        pathName: "",
        salePrices: [{ value: 10_000 * (1 + (i % 500)), priceType }],
      });
    }
    if (nOrders === 0) return;
    const agents = counterparties.ordered();
    if (agents.length === 0) throw new Error("seed counterparties before orders");
    const catalog = products.ordered();
    for (let i = 0; i < nOrders; i++) {
      const agent = agents[(i * 7919) % agents.length] ?? {};
      const order = newOrder(agent, tick(), { state: ref(states[i % states.length] ?? {}) });
      const product = catalog.length > 0 ? catalog[i % catalog.length] : undefined;
      if (product) {
        const price = Number(asObject((product.salePrices as Json[] | undefined)?.[0]).value ?? 10_000);
        setPositions(order, [positionRow(String(order.id), product, 1 + (i % 3), price)]);
      } else {
        // Without products an order has no positions; it still gets a sum so the CRM has amounts to sync.
        order.sum = 100_000 * (1 + (i % 50));
      }
      orders.put(order);
    }
  }

  return {
    baseUrl: base,
    /** A valid Bearer token, as if issued by /security/token at start. */
    token: initialToken,
    counterparties: counterparties as Map<string, Json>,
    orders: orders as Map<string, Json>,
    products: products as Map<string, Json>,
    /** Contact persons by counterparty id. */
    contactPersons,
    /** customerorder states: Новый, Подтвержден, Собран, Отгружен, Доставлен, Возврат, Отменен. */
    states,
    organizations,
    stores,
    addCounterparty,
    addContactPerson,
    addProduct,
    addOrder,
    updateOrder,
    updateCounterparty,
    seed,
    /** Every request in arrival order. */
    requests,
    stats,
    /** The next matching request(s) answer this instead (after the auth and limit checks). */
    failNext(failure: MoySkladFailure) {
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    /** Webhooks registered through the API. */
    webhooks,
    /** Every webhook notification and its attempts. */
    deliveries,
    /** Tokens revoked by issuing a newer one. */
    revokedTokens,
    /** Resolves when every webhook delivery started so far has finished (delivered or dropped). */
    async settled() {
      while (deliveriesInFlight.size > 0) await Promise.allSettled([...deliveriesInFlight]);
    },
    async close() {
      closing.abort();
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...deliveriesInFlight]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type MoySkladFake = Awaited<ReturnType<typeof startMoySkladFake>>;
