import { describe, expect, it } from "vitest";
import type { CustomField } from "../../lib/session.ts";
import { customFieldsBody, customFieldsToForm, hasValue } from "./customFieldValues.ts";

const field = (key: string, type: CustomField["type"], options: string[] = []): CustomField => ({
  id: key,
  entity: "contact",
  key,
  label: key,
  type,
  options,
  required: false,
  position: 0,
});

const fields = [
  field("city", "text"),
  field("employees", "number"),
  field("budget", "money"),
  field("vip", "boolean"),
  field("segments", "multiselect", ["b2b", "b2c"]),
  field("born", "date"),
];

describe("custom fields in forms", () => {
  it("starts from the stored values, money in roubles", () => {
    expect(
      customFieldsToForm(fields, {
        city: "Казань",
        employees: 12,
        budget: 1_500_050,
        vip: true,
        segments: ["b2b"],
      }),
    ).toEqual({ city: "Казань", employees: 12, budget: 15000.5, vip: true, segments: ["b2b"], born: "" });
    expect(customFieldsToForm(fields)).toEqual({
      city: "",
      employees: "",
      budget: "",
      vip: false,
      segments: [],
      born: "",
    });
  });

  it("sends numbers, kopecks, and null for what was cleared", () => {
    expect(
      customFieldsBody(fields, {
        city: "  Тверь ",
        employees: "1 200",
        budget: 99.99,
        vip: false,
        segments: [],
        born: "2026-01-02",
      }),
    ).toEqual({
      city: "Тверь",
      employees: 1200,
      budget: 9999,
      vip: false,
      segments: null,
      born: "2026-01-02",
    });
    expect(customFieldsBody(fields, {})).toMatchObject({ city: null, employees: null, vip: false });
  });

  it("round-trips a record's values", () => {
    const stored = {
      city: "Омск",
      employees: 3,
      budget: 100,
      vip: true,
      segments: ["b2c"],
      born: "1990-05-01",
    };
    expect(customFieldsBody(fields, customFieldsToForm(fields, stored))).toEqual(stored);
  });

  it("leaves text a number input could not read for the API to refuse", () => {
    expect(customFieldsBody([field("n", "number")], { n: "много" })).toEqual({ n: "много" });
  });

  it("tells filled values from empty ones", () => {
    expect([hasValue(""), hasValue(null), hasValue([]), hasValue(0), hasValue(false), hasValue("x")]).toEqual(
      [false, false, false, true, true, true],
    );
  });
});
