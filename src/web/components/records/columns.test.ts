import { describe, expect, it } from "vitest";
import {
  type ColumnStore,
  columnsKey,
  loadColumns,
  saveColumns,
  toggleColumn,
  visibleColumns,
} from "./columns.ts";

function memory(initial: Record<string, string> = {}): ColumnStore & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

const available = ["name", "phone", "email", "owner", "createdAt", "cf.city"];
const defaults = ["name", "phone", "owner"];

describe("column choice", () => {
  it("is kept per list and workspace", () => {
    expect(columnsKey("contacts", "w1")).toBe("flame.columns.contacts.w1");
    expect(columnsKey("companies", "w1")).not.toBe(columnsKey("contacts", "w1"));
  });

  it("survives a reload: what is saved is what is loaded", () => {
    const store = memory();
    const key = columnsKey("contacts", "w1");
    expect(loadColumns(store, key)).toBeNull();
    saveColumns(store, key, ["name", "cf.city"]);
    expect(loadColumns(store, key)).toEqual(["name", "cf.city"]);
  });

  it("ignores a broken stored value, and a storage that throws", () => {
    expect(loadColumns(memory({ k: "{not json" }), "k")).toBeNull();
    expect(loadColumns(memory({ k: '{"a":1}' }), "k")).toBeNull();
    expect(loadColumns(memory({ k: "[1,2]" }), "k")).toBeNull();
    const broken: ColumnStore = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
    };
    expect(loadColumns(broken, "k")).toBeNull();
    expect(() => saveColumns(broken, "k", ["name"])).not.toThrow();
    expect(loadColumns(null, "k")).toBeNull();
  });

  it("shows the defaults until a choice is made, in the list's own order", () => {
    expect(visibleColumns(null, available, defaults)).toEqual(["name", "phone", "owner"]);
    expect(visibleColumns(["cf.city", "email"], available, defaults, ["name"])).toEqual([
      "name",
      "email",
      "cf.city",
    ]);
  });

  it("drops chosen columns that no longer exist (a deleted custom field)", () => {
    expect(visibleColumns(["name", "cf.gone"], available, defaults)).toEqual(["name"]);
  });

  it("toggles a column on and off, starting from the defaults, never hiding an always-shown one", () => {
    const on = toggleColumn(null, defaults, "email");
    expect(on).toEqual(["name", "phone", "owner", "email"]);
    expect(toggleColumn(on, defaults, "phone")).toEqual(["name", "owner", "email"]);
    expect(toggleColumn(on, defaults, "name", ["name"])).toEqual(on);
  });

  it("keeps a chosen custom-field column while the fields are still loading", () => {
    const chosen = ["name", "cf.city"];
    expect(visibleColumns(chosen, ["name", "phone"], defaults)).toEqual(["name"]);
    expect(toggleColumn(chosen, defaults, "phone")).toEqual(["name", "cf.city", "phone"]);
  });
});
