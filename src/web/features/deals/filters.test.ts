import { describe, expect, it } from "vitest";
import { activeFilterCount, dayBoundary, kanbanParams, NO_FILTERS } from "./filters.ts";

describe("kanban filters", () => {
  it("sends nothing when nothing is set", () => {
    expect(Object.values(kanbanParams(NO_FILTERS)).filter((v) => v !== undefined)).toEqual([]);
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
  });

  it("turns typed roubles into kopecks and days into whole-day instants", () => {
    const params = kanbanParams({
      ...NO_FILTERS,
      q: "  поставка ",
      ownerId: "u1",
      amountMin: "1 500",
      amountMax: "2000,50",
      createdFrom: "2026-11-01",
      createdTo: "2026-11-30",
    });
    expect(params).toMatchObject({ q: "поставка", ownerId: "u1", amountMin: 150000, amountMax: 200050 });
    expect(new Date(params.createdFrom as string).getTime()).toBe(new Date(2026, 10, 1).getTime());
    expect(new Date(params.createdTo as string).getTime()).toBe(
      new Date(2026, 10, 30, 23, 59, 59, 999).getTime(),
    );
  });

  it("ignores what cannot be read", () => {
    expect(dayBoundary("31.12.2026", false)).toBeUndefined();
    expect(kanbanParams({ ...NO_FILTERS, amountMin: "abc" }).amountMin).toBeUndefined();
  });

  it("counts the set filters once per kind", () => {
    expect(
      activeFilterCount({ ...NO_FILTERS, tagId: "t", createdFrom: "2026-01-01", createdTo: "2026-02-01" }),
    ).toBe(2);
  });
});
