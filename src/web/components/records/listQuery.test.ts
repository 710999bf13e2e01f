import { describe, expect, it } from "vitest";
import {
  apiFilters,
  apiQuery,
  dayAfter,
  dayStart,
  emptyList,
  exportHref,
  filterCount,
  type ListSpec,
  nextSort,
  readListState,
  withFilter,
  writeListState,
} from "./listQuery.ts";

const spec: ListSpec = {
  filters: ["ownerId", "tagId", "sourceId", "createdFrom", "createdTo"],
  sorts: ["createdAt", "updatedAt", "name"],
  defaultSort: "createdAt",
  defaultOrder: "desc",
};

describe("list state in the URL", () => {
  it("reads what the list takes and ignores the rest", () => {
    const params = new URLSearchParams(
      "q=Иванов&ownerId=u1&cf.city=Москва&sort=name&order=asc&foo=bar&inn=1&createdFrom=2026-11-01&createdTo=yesterday",
    );
    expect(readListState(params, spec)).toEqual({
      q: "Иванов",
      filters: { ownerId: "u1", "cf.city": "Москва", createdFrom: "2026-11-01" },
      sort: "name",
      order: "asc",
    });
  });

  it("refuses sort keys the API does not take", () => {
    expect(readListState(new URLSearchParams("sort=amount&order=up"), spec)).toEqual(emptyList(spec));
    expect(readListState(new URLSearchParams("sort=cf.region"), spec).sort).toBe("cf.region");
    expect(readListState(new URLSearchParams("sort=cf.Bad-Key"), spec).sort).toBe("createdAt");
  });

  it("writes only what differs from the defaults, and reads it back the same", () => {
    expect(writeListState(emptyList(spec), spec).toString()).toBe("");
    const state = { q: "ООО Ромашка", filters: { tagId: "t1" }, sort: "updatedAt", order: "asc" as const };
    const params = writeListState(state, spec);
    expect(params.get("sort")).toBe("updatedAt");
    expect(readListState(params, spec)).toEqual(state);
  });
});

describe("the API query", () => {
  it("sends the trimmed search, the filters, sort and order", () => {
    const state = {
      q: "  +7 916  ",
      filters: { ownerId: "u1", "cf.city": "Тула" },
      sort: "name",
      order: "asc" as const,
    };
    expect(apiQuery(state)).toEqual({
      q: "+7 916",
      ownerId: "u1",
      "cf.city": "Тула",
      sort: "name",
      order: "asc",
    });
  });

  it("leaves out an empty search", () => {
    expect(apiFilters({ ...emptyList(spec), q: "   " })).toEqual({});
  });

  it("turns calendar days into instants, the end bound exclusive (the whole last day counts)", () => {
    const state = withFilter(
      withFilter(emptyList(spec), "createdFrom", "2026-11-01"),
      "createdTo",
      "2026-11-30",
    );
    expect(apiFilters(state)).toEqual({
      createdFrom: new Date(2026, 10, 1).toISOString(),
      createdTo: new Date(2026, 11, 1).toISOString(),
    });
    expect(dayStart("2026-12-31")).toBe(new Date(2026, 11, 31).toISOString());
    expect(dayAfter("2026-12-31")).toBe(new Date(2027, 0, 1).toISOString());
  });

  it("builds the export link with the same filters and the format", () => {
    const state = { ...withFilter(emptyList(spec), "tagId", "t 1"), q: "Петров" };
    const href = exportHref("/api/export/contacts", state, "xlsx");
    expect(href.startsWith("/api/export/contacts?")).toBe(true);
    const params = new URLSearchParams(href.split("?")[1]);
    expect(Object.fromEntries(params)).toEqual({
      q: "Петров",
      tagId: "t 1",
      sort: "createdAt",
      order: "desc",
      format: "xlsx",
    });
  });
});

describe("sorting by column headers", () => {
  it("flips the order on the same column", () => {
    const state = emptyList(spec);
    expect(nextSort(state, "createdAt")).toMatchObject({ sort: "createdAt", order: "asc" });
  });

  it("sorts names and custom fields A→Я first, dates newest first", () => {
    const state = emptyList(spec);
    expect(nextSort(state, "name")).toMatchObject({ sort: "name", order: "asc" });
    expect(nextSort(state, "cf.city")).toMatchObject({ sort: "cf.city", order: "asc" });
    expect(nextSort({ ...state, sort: "name", order: "asc" }, "updatedAt")).toMatchObject({ order: "desc" });
  });
});

describe("filters", () => {
  it("sets, replaces and removes one filter without touching the others", () => {
    let state = withFilter(emptyList(spec), "ownerId", "u1");
    state = withFilter(state, "tagId", "t1");
    state = withFilter(state, "ownerId", "u2");
    expect(state.filters).toEqual({ ownerId: "u2", tagId: "t1" });
    expect(filterCount(state)).toBe(2);
    expect(withFilter(state, "tagId", null).filters).toEqual({ ownerId: "u2" });
    expect(withFilter(state, "ownerId", "").filters).toEqual({ tagId: "t1" });
  });
});
