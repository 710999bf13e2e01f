import { describe, expect, it } from "vitest";
import {
  describeSubtitle,
  flattenGroups,
  groupResults,
  isSearchable,
  moveSelection,
  resultPath,
  type SearchResult,
} from "./results.ts";

const nbsp = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, " ");
const hit = (type: SearchResult["type"], id: string, score: number, subtitle: string | null = null) => ({
  type,
  id,
  title: id,
  subtitle,
  score,
});

describe("search results", () => {
  it("groups contacts, companies and deals in that order, keeping the API's order inside a group", () => {
    const groups = groupResults([
      hit("deal", "d1", 0.9),
      hit("contact", "c1", 0.8),
      hit("deal", "d2", 0.7),
      hit("contact", "c2", 0.5),
    ]);
    expect(groups.map((g) => g.kind)).toEqual(["contact", "deal"]);
    expect(flattenGroups(groups).map((r) => r.id)).toEqual(["c1", "c2", "d1", "d2"]);
    expect(groupResults([])).toEqual([]);
  });

  it("walks the selection with the arrow keys, wrapping around", () => {
    expect(moveSelection(0, 1, 3)).toBe(1);
    expect(moveSelection(2, 1, 3)).toBe(0);
    expect(moveSelection(0, -1, 3)).toBe(2);
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });

  it("opens the page of the record", () => {
    expect(resultPath({ type: "contact", id: "a" })).toBe("/contacts/a");
    expect(resultPath({ type: "company", id: "b" })).toBe("/companies/b");
    expect(resultPath({ type: "deal", id: "c" })).toBe("/deals/c");
  });

  it("makes subtitles readable: phone, INN, money", () => {
    expect(describeSubtitle(hit("contact", "c", 1, "+79161234567"), "ru")).toEqual({
      kind: "phone",
      text: "+7 916 123-45-67",
    });
    expect(describeSubtitle(hit("company", "s", 1, "7707083893"), "ru")).toEqual({
      kind: "inn",
      text: "7707083893",
    });
    const amount = describeSubtitle(hit("deal", "d", 1, "150000 RUB"), "ru");
    expect(amount?.kind).toBe("amount");
    expect(nbsp(amount?.text)).toBe("150 000 ₽");
    expect(describeSubtitle(hit("deal", "d", 1, "0 RUB"), "ru")).toBeNull();
    expect(describeSubtitle(hit("contact", "c", 1, null), "ru")).toBeNull();
    expect(describeSubtitle(hit("company", "x", 1, "something else"), "ru")).toEqual({
      kind: "text",
      text: "something else",
    });
  });

  it("asks the API only from two characters on", () => {
    expect(isSearchable("")).toBe(false);
    expect(isSearchable(" и ")).toBe(false);
    expect(isSearchable("Ив")).toBe(true);
  });
});
