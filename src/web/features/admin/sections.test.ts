import { describe, expect, it } from "vitest";
import { pageCount, pageRange, sectionOf } from "./sections.ts";

describe("admin sections and paging", () => {
  it("reads the section from the URL", () => {
    expect(sectionOf(undefined)).toBe("users");
    expect(sectionOf("users")).toBe("users");
    expect(sectionOf("workspaces")).toBe("workspaces");
    expect(sectionOf("subscriptions")).toBeNull();
  });

  it("counts pages and the rows shown", () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
    expect(pageRange(2, 25, 25)).toEqual({ from: 26, to: 50 });
    expect(pageRange(3, 25, 4)).toEqual({ from: 51, to: 54 });
    expect(pageRange(1, 25, 0)).toEqual({ from: 0, to: 0 });
  });
});
