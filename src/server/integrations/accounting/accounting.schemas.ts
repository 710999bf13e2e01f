// The accounting endpoints' shapes: settings per platform, the integration as shown, sync runs, products
// and deal line items. The web app reads these through the generated OpenAPI client types.
import { z } from "zod";

const id = z.string().min(1).max(100);
const timestamp = z.iso.datetime({ offset: true });

/** Which way an entity flows: from the accounting system, to it, both ways, or not at all. */
export const direction = z.enum(["import", "export", "both", "off"]);
export type Direction = z.infer<typeof direction>;
export const imports = (d: Direction) => d === "import" || d === "both";
export const exports = (d: Direction) => d === "export" || d === "both";

export const moyskladSettings = z.object({
  directions: z
    .object({
      /** Counterparties ↔ companies (legal, entrepreneur) and contacts (individuals, contact persons). */
      counterparties: direction.default("both"),
      /** Customer orders ↔ deals. */
      orders: direction.default("both"),
      /** Products, read-only here. */
      products: z.enum(["import", "off"]).default("import"),
    })
    .default({ counterparties: "both", orders: "both", products: "import" }),
  /** The pipeline imported orders go to; null: the workspace's default pipeline. */
  pipelineId: id.nullable().default(null),
  /** MoySklad order state id → stage id of that pipeline (both ways). */
  stateMap: z.record(z.string(), z.string()).default({}),
  /** Organisation and store of orders created here (a won deal); null: MoySklad's first. */
  organizationId: id.nullable().default(null),
  storeId: id.nullable().default(null),
  /** A deal moved to a won stage creates a customer order in MoySklad. */
  createOrderOnWin: z.boolean().default(true),
});
export type MoyskladSettings = z.infer<typeof moyskladSettings>;

export const oneCSettings = z.object({
  /** Where orders and statuses from 1C apply; null: the workspace's default pipeline. */
  pipelineId: id.nullable().default(null),
  /** Deals in these stages are sent to 1C (`mode=query`) until 1C confirms them (`mode=success`). */
  exportStageIds: z.array(id).max(100).default([]),
  /** The encoding of the orders file sent to 1C. */
  encoding: z.enum(["utf-8", "windows-1251"]).default("utf-8"),
  /** 1C order status (as 1C writes it, e.g. "[N] Принят", "Отгружен") → stage id. */
  statusMap: z.record(z.string().max(200), z.string()).default({}),
  /** A deal 1C reports as paid moves here (null: only the paid flag changes). */
  paidStageId: id.nullable().default(null),
  /** Catalog exchange: products (import.xml, offers.xml) and counterparties become records here. */
  importProducts: z.boolean().default(true),
  importCounterparties: z.boolean().default(true),
});
export type OneCSettings = z.infer<typeof oneCSettings>;

export const runSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(["running", "succeeded", "failed"]),
    progress: z.object({ phase: z.string(), done: z.number(), total: z.number().nullable() }).nullable(),
    counts: z.record(z.string(), z.number()),
    messages: z.array(z.string()),
    error: z.string().nullable(),
    filename: z.string().nullable(),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: "AccountingRun" });
export type RunView = z.infer<typeof runSchema>;

const named = z.object({ id: z.string(), name: z.string() });

const common = {
  id: z.string(),
  status: z.enum(["active", "error", "disconnected"]),
  lastSyncAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: timestamp.nullable(),
  /** The run in progress, with its progress, if any. */
  running: runSchema.nullable(),
};

export const moyskladView = z
  .object({
    ...common,
    platform: z.literal("moysklad"),
    account: z.object({ login: z.string().optional() }),
    settings: moyskladSettings,
    remote: z.object({
      states: z.array(named.extend({ color: z.number().optional(), stateType: z.string().optional() })),
      organizations: z.array(named),
      stores: z.array(named),
    }),
    /** MoySklad notifies us of changes (webhooks registered); else only syncs bring them. */
    webhooks: z.boolean(),
  })
  .meta({ id: "MoySkladIntegration" });

export const oneCView = z
  .object({
    ...common,
    platform: z.literal("one_c"),
    account: z.object({ login: z.string() }),
    /** Paste into 1C's exchange settings, with the login and password. */
    exchangeUrl: z.string(),
    settings: oneCSettings,
  })
  .meta({ id: "OneCIntegration" });

/** `connected: false` before connecting (and after disconnecting): 200, not 404, so a page can show the form. */
export const moyskladStatus = z.union([
  z.object({ connected: z.literal(false) }),
  moyskladView.extend({ connected: z.literal(true) }),
]);
export const oneCStatus = z.union([
  z.object({ connected: z.literal(false) }),
  oneCView.extend({ connected: z.literal(true) }),
]);

export const moyskladConnect = z.union([
  z
    .object({ token: z.string().trim().min(10).max(200), settings: moyskladSettings.partial().optional() })
    .strict(),
  z
    .object({
      login: z.string().trim().min(3).max(200),
      password: z.string().min(1).max(200),
      settings: moyskladSettings.partial().optional(),
    })
    .strict(),
]);
export type MoyskladConnect = z.infer<typeof moyskladConnect>;

export const oneCConnect = z.object({ settings: oneCSettings.partial().optional() }).strict();
/** The exchange password, shown once (at connect and when regenerated). */
export const oneCCreated = oneCView.extend({ connected: z.literal(true), password: z.string() });

export const productSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    article: z.string().nullable(),
    unit: z.string().nullable(),
    priceMinor: z.number().nullable(),
    currency: z.string(),
    stock: z.number().nullable(),
    archived: z.boolean(),
  })
  .meta({ id: "Product" });

export const productListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

export const dealItemInput = z
  .object({
    productId: id.nullable().optional(),
    name: z.string().trim().min(1).max(500),
    quantity: z.number().positive().max(1e9),
    priceMinor: z.number().int().min(0).max(1e15),
    discount: z.number().min(0).max(100).default(0),
  })
  .strict();
export const dealItemsInput = z.object({ items: z.array(dealItemInput).max(500) }).strict();

export const dealItemSchema = dealItemInput.extend({
  id: z.string(),
  productId: z.string().nullable(),
  /** quantity × price less the discount, in kopecks. */
  sumMinor: z.number(),
});

/** An accounting order linked to the deal, as the deal card shows it. */
export const linkedOrderSchema = z.object({
  platform: z.enum(["moysklad", "one_c"]),
  externalId: z.string(),
  number: z.string().nullable(),
  state: z.string().nullable(),
  sumMinor: z.number().nullable(),
  paidMinor: z.number().nullable(),
  paid: z.boolean().nullable(),
  syncedAt: timestamp,
});

export const dealItemsView = z
  .object({ items: z.array(dealItemSchema), totalMinor: z.number(), orders: z.array(linkedOrderSchema) })
  .meta({ id: "DealItems" });
