// A deal's line items (/api/deals/:id/items) as the card edits them: each line typed as text (roubles,
// "1,5" pieces, a discount in %), checked and summed as the server sums them, then sent as kopecks.
import { parseMoney } from "../../lib/format.ts";
import { amountText } from "./dealForm.ts";

export interface DealItem {
  id: string;
  productId: string | null;
  name: string;
  quantity: number;
  priceMinor: number;
  discount: number;
  sumMinor: number;
}

export interface LinkedOrder {
  platform: "moysklad" | "one_c";
  externalId: string;
  number: string | null;
  state: string | null;
  sumMinor: number | null;
  paidMinor: number | null;
  paid: boolean | null;
  syncedAt: string;
}

export interface DealItems {
  items: DealItem[];
  totalMinor: number;
  orders: LinkedOrder[];
}

export interface Product {
  id: string;
  name: string;
  article: string | null;
  unit: string | null;
  priceMinor: number | null;
  currency: string;
  stock: number | null;
  archived: boolean;
}

export interface ItemDraft {
  /** Stable React key of a line, new or saved. */
  key: string;
  productId: string | null;
  name: string;
  quantity: string;
  price: string;
  discount: string;
}

export interface ItemInput {
  productId: string | null;
  name: string;
  quantity: number;
  priceMinor: number;
  discount: number;
}

let next = 0;
const newKey = () => `line-${++next}`;

const decimalText = (n: number) => String(n).replace(".", ",");

export const draftOf = (item: DealItem): ItemDraft => ({
  key: item.id,
  productId: item.productId,
  name: item.name,
  quantity: decimalText(item.quantity),
  price: amountText(item.priceMinor),
  discount: item.discount ? decimalText(item.discount) : "",
});

/** A line for a product: one piece at its price (empty when it has none). */
export const draftFromProduct = (product: Product): ItemDraft => ({
  key: newKey(),
  productId: product.id,
  name: product.name,
  quantity: "1",
  price: product.priceMinor === null ? "" : amountText(product.priceMinor),
  discount: "",
});

/** A free-text line (a service, a product not in the accounting system). */
export const emptyDraft = (): ItemDraft => ({
  key: newKey(),
  productId: null,
  name: "",
  quantity: "1",
  price: "",
  discount: "",
});

const decimal = (text: string): number | null => {
  const cleaned = text.replace(/[\s\u00a0]/g, "").replace(",", ".");
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : null;
};

/** A positive quantity ("1,5" or "2"), or null. */
export function parseQuantity(text: string): number | null {
  const n = decimal(text);
  return n !== null && n > 0 && n <= 1e9 ? n : null;
}

/** A discount from 0 to 100 %, empty meaning none; null when it is not one. */
export function parseDiscount(text: string): number | null {
  if (text.trim() === "") return 0;
  const n = decimal(text.replace("%", ""));
  return n !== null && n <= 100 ? n : null;
}

/** quantity × price less the discount, rounded to the kopeck, as the server counts it. */
export const itemSum = (item: { quantity: number; priceMinor: number; discount: number }) =>
  Math.round(item.quantity * item.priceMinor * (1 - item.discount / 100));

/** The line as the API takes it, or the i18n keys (deals namespace) of what is wrong with it. */
export function parseLine(
  draft: ItemDraft,
): { item: ItemInput } | { errors: Partial<Record<keyof ItemDraft, string>> } {
  const errors: Partial<Record<keyof ItemDraft, string>> = {};
  const name = draft.name.trim();
  const quantity = parseQuantity(draft.quantity);
  const priceMinor = draft.price.trim() === "" ? 0 : parseMoney(draft.price);
  const discount = parseDiscount(draft.discount);
  if (!name) errors.name = "items.errors.name";
  if (quantity === null) errors.quantity = "items.errors.quantity";
  if (priceMinor === null) errors.price = "items.errors.price";
  if (discount === null) errors.discount = "items.errors.discount";
  if (!name || quantity === null || priceMinor === null || discount === null) return { errors };
  return { item: { productId: draft.productId, name, quantity, priceMinor, discount } };
}

/** A line's sum while it is typed; null until it reads as a line. */
export function draftSum(draft: ItemDraft): number | null {
  const parsed = parseLine({ ...draft, name: draft.name.trim() || "-" });
  return "item" in parsed ? itemSum(parsed.item) : null;
}

/** The PUT body, or null while a line is not valid. */
export function toItemsBody(drafts: ItemDraft[]): { items: ItemInput[] } | null {
  const items: ItemInput[] = [];
  for (const draft of drafts) {
    const parsed = parseLine(draft);
    if (!("item" in parsed)) return null;
    items.push(parsed.item);
  }
  return { items };
}

/** The total of the lines that read as lines. */
export const draftTotal = (drafts: ItemDraft[]) => drafts.reduce((sum, d) => sum + (draftSum(d) ?? 0), 0);

/** Whether the drafts say what the saved items say (so there is nothing to save). */
export function sameAsSaved(drafts: ItemDraft[], saved: DealItem[]): boolean {
  const body = toItemsBody(drafts);
  if (!body || body.items.length !== saved.length) return false;
  return body.items.every((item, i) => {
    const s = saved[i];
    return (
      s !== undefined &&
      item.productId === s.productId &&
      item.name === s.name &&
      item.quantity === s.quantity &&
      item.priceMinor === s.priceMinor &&
      item.discount === s.discount
    );
  });
}
