import { describe, expect, it } from "vitest";
import type { CustomField } from "../../lib/session.ts";
import type { Deal } from "./api/types.ts";
import { amountText, customApiValue, dealBody, formValues, validateDeal } from "./dealForm.ts";

const field = (key: string, type: CustomField["type"], extra: Partial<CustomField> = {}): CustomField => ({
  id: key,
  entity: "deal",
  key,
  label: key,
  type,
  options: ["a", "b"],
  required: false,
  position: 0,
  ...extra,
});
const fields = [
  field("budget", "money"),
  field("size", "number"),
  field("vip", "boolean"),
  field("site", "url"),
  field("kinds", "multiselect"),
];

const deal: Deal = {
  id: "d1",
  title: "Поставка",
  amountMinor: 15000050,
  currency: "RUB",
  pipelineId: "p1",
  stageId: "s1",
  status: "open",
  lossReasonId: null,
  sourceId: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  utmContent: null,
  utmTerm: null,
  yclid: null,
  companyId: null,
  ownerId: "u1",
  expectedCloseDate: null,
  closedAt: null,
  position: 0,
  stageEnteredAt: "2026-11-25T10:00:00Z",
  customFields: { budget: 100000, kinds: ["a"] },
  contactIds: [],
  tagIds: ["t1"],
  createdBy: "u1",
  updatedBy: "u1",
  createdAt: "2026-11-25T10:00:00Z",
  updatedAt: "2026-11-25T10:00:00Z",
};

describe("deal form", () => {
  it("shows amounts as they are typed", () => {
    expect(amountText(15000050)).toBe("150000,50");
    expect(amountText(15000000)).toBe("150000");
    expect(amountText(5)).toBe("0,05");
  });

  it("sends nothing when nothing changed", () => {
    expect(dealBody(formValues(deal, fields), deal, fields)).toEqual({});
  });

  it("sends only what changed, custom fields as the API stores them", () => {
    const values = formValues(deal, fields);
    values.amount = "1 000 000";
    values.tagIds = [];
    values.customFields.budget = "";
    values.customFields.size = 12;
    values.customFields.vip = true;
    values.stageId = "s2";
    expect(dealBody(values, deal, fields)).toEqual({
      amountMinor: 100000000,
      pipelineId: "p1",
      stageId: "s2",
      tagIds: [],
      customFields: { budget: null, size: 12, vip: true },
    });
  });

  it("reads each custom field type", () => {
    expect(customApiValue(field("x", "money"), "1 500,50")).toBe(150050);
    expect(customApiValue(field("x", "number"), "2,5")).toBe(2.5);
    expect(customApiValue(field("x", "phone"), "8 916 123-45-67")).toBe("+79161234567");
    expect(customApiValue(field("x", "multiselect"), [])).toBeNull();
    expect(customApiValue(field("x", "money"), "много")).toBeUndefined();
  });

  it("validates with the shared schema and the custom field rules", () => {
    const values = formValues(deal, [...fields, field("must", "text", { required: true })]);
    values.title = " ";
    values.amount = "сто";
    values.customFields.site = "example";
    expect(validateDeal(values, [...fields, field("must", "text", { required: true })])).toEqual({
      title: "errors.required",
      amount: "errors.amount",
      "customFields.site": "errors.url",
      "customFields.must": "errors.required",
    });
    expect(validateDeal(formValues(deal, fields), fields)).toEqual({});
  });
});
