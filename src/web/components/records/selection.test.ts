import { describe, expect, it } from "vitest";
import { bulkTarget, headerCheck, keepLoaded, noSelection, toggleAllLoaded, toggleRow } from "./selection.ts";

const loaded = ["a", "b", "c"];

describe("row selection", () => {
  it("toggles single rows", () => {
    const one = toggleRow(noSelection, "a");
    expect([...one.ids]).toEqual(["a"]);
    expect(headerCheck(one, loaded)).toBe("some");
    expect(toggleRow(one, "a").ids.size).toBe(0);
  });

  it("selects all loaded rows from the header, and clears when all are selected", () => {
    const all = toggleAllLoaded(toggleRow(noSelection, "b"), loaded);
    expect(headerCheck(all, loaded)).toBe("all");
    expect(toggleAllLoaded(all, loaded)).toEqual(noSelection);
    expect(headerCheck(noSelection, loaded)).toBe("none");
    expect(headerCheck(noSelection, [])).toBe("none");
  });

  it("sends ids, or the list filter when every matching record is selected", () => {
    expect(bulkTarget(toggleRow(noSelection, "a"), { ownerId: "u1" })).toEqual({ ids: ["a"] });
    expect(bulkTarget({ ids: new Set(loaded), allMatching: true }, { ownerId: "u1" })).toEqual({
      filter: { ownerId: "u1" },
    });
  });

  it("forgets rows that left the list, and a row toggle leaves the 'all matching' mode", () => {
    const picked = toggleAllLoaded(noSelection, loaded);
    expect([...keepLoaded(picked, ["a", "c"]).ids]).toEqual(["a", "c"]);
    expect(keepLoaded(picked, loaded)).toBe(picked);
    const everything = { ids: new Set(loaded), allMatching: true };
    expect(keepLoaded(everything, [])).toBe(everything);
    expect(toggleRow(everything, "a").allMatching).toBe(false);
  });
});
