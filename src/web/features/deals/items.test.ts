import { describe, expect, it } from "vitest";
import {
  type DealItem,
  draftFromProduct,
  draftOf,
  draftSum,
  draftTotal,
  emptyDraft,
  parseDiscount,
  parseLine,
  parseQuantity,
  sameAsSaved,
  toItemsBody,
} from "./items.ts";

const saved: DealItem = {
  id: "i1",
  productId: "p1",
  name: "Диван «Остин»",
  quantity: 1.5,
  priceMinor: 4_990_050,
  discount: 10,
  sumMinor: 6_736_568,
};

describe("deal line items", () => {
  it("shows a saved line as a person types it", () => {
    expect(draftOf(saved)).toMatchObject({ key: "i1", quantity: "1,5", price: "49900,50", discount: "10" });
  });

  it("reads quantities and discounts the way people type them", () => {
    expect(parseQuantity("1,5")).toBe(1.5);
    expect(parseQuantity("0")).toBeNull();
    expect(parseQuantity("два")).toBeNull();
    expect(parseDiscount("")).toBe(0);
    expect(parseDiscount("12,5 %")).toBe(12.5);
    expect(parseDiscount("101")).toBeNull();
  });

  it("sums a line as the server does: quantity × price less the discount, to the kopeck", () => {
    expect(draftSum(draftOf(saved))).toBe(6_736_568);
    expect(draftSum({ ...emptyDraft(), price: "100" })).toBe(10_000);
    expect(draftSum({ ...emptyDraft(), quantity: "" })).toBeNull();
  });

  it("says what is wrong with a line", () => {
    expect(parseLine({ ...emptyDraft(), quantity: "-1", price: "abc", discount: "200" })).toEqual({
      errors: {
        name: "items.errors.name",
        quantity: "items.errors.quantity",
        price: "items.errors.price",
        discount: "items.errors.discount",
      },
    });
  });

  it("adds a product at its price, one piece", () => {
    const line = draftFromProduct({
      id: "p2",
      name: "Кресло",
      article: "A-1",
      unit: "шт",
      priceMinor: 1_200_000,
      currency: "RUB",
      stock: 3,
      archived: false,
    });
    expect(line).toMatchObject({ productId: "p2", name: "Кресло", quantity: "1", price: "12000" });
    expect(draftTotal([line, draftOf(saved)])).toBe(1_200_000 + 6_736_568);
  });

  it("sends kopecks, or nothing while a line is wrong", () => {
    expect(toItemsBody([{ ...emptyDraft(), name: " Доставка ", price: "500,5" }])).toEqual({
      items: [{ productId: null, name: "Доставка", quantity: 1, priceMinor: 50_050, discount: 0 }],
    });
    expect(toItemsBody([emptyDraft()])).toBeNull();
    expect(toItemsBody([])).toEqual({ items: [] });
  });

  it("knows when nothing changed", () => {
    expect(sameAsSaved([draftOf(saved)], [saved])).toBe(true);
    expect(sameAsSaved([{ ...draftOf(saved), discount: "" }], [saved])).toBe(false);
    expect(sameAsSaved([], [saved])).toBe(false);
    expect(sameAsSaved([], [])).toBe(true);
  });
});
