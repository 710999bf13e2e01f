// The deal form's values (as typed) and the API body they make, validated with the API's own schema.
import { z } from "zod";
import { type DealInput, dealInput } from "../../../common/deals.ts";
import { toE164 } from "../../../common/phones.ts";
import { parseMoney } from "../../lib/format.ts";
import type { CustomField } from "../../lib/session.ts";
import type { Deal } from "./api/types.ts";

/** A custom field's value in the form: text for texts and money, a number, a flag or a list. */
export type CustomFormValue = string | number | boolean | string[] | null;

export interface DealFormValues {
  title: string;
  /** Roubles as typed: "150 000", "1500,50". */
  amount: string;
  currency: string;
  pipelineId: string;
  stageId: string;
  ownerId: string | null;
  sourceId: string | null;
  expectedCloseDate: string;
  tagIds: string[];
  customFields: Record<string, CustomFormValue>;
}

/** Minor units as a person types them back: 15000050 → "150000,50", 15000000 → "150000". */
export function amountText(minor: number): string {
  const whole = Math.trunc(minor / 100);
  const cents = Math.abs(minor % 100);
  return cents ? `${whole},${String(cents).padStart(2, "0")}` : String(whole);
}

function customFormValue(field: CustomField, value: unknown): CustomFormValue {
  switch (field.type) {
    case "boolean":
      return value === true;
    case "multiselect":
      return Array.isArray(value) ? value.map(String) : [];
    case "number":
      return typeof value === "number" ? value : "";
    case "money":
      return typeof value === "number" ? amountText(value) : "";
    case "select":
      return typeof value === "string" ? value : null;
    default:
      return typeof value === "string" ? value : "";
  }
}

export function formValues(deal: Deal, fields: CustomField[]): DealFormValues {
  return {
    title: deal.title,
    amount: amountText(deal.amountMinor),
    currency: deal.currency,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    ownerId: deal.ownerId,
    sourceId: deal.sourceId,
    expectedCloseDate: deal.expectedCloseDate ?? "",
    tagIds: deal.tagIds,
    customFields: Object.fromEntries(
      fields.map((f) => [f.key, customFormValue(f, deal.customFields[f.key])]),
    ),
  };
}

/** A custom field's form value as the API stores it; null clears it; undefined when it cannot be read. */
export function customApiValue(field: CustomField, value: CustomFormValue): unknown {
  if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) {
    return field.type === "boolean" ? false : null;
  }
  switch (field.type) {
    case "money":
      return typeof value === "string" ? (parseMoney(value) ?? undefined) : value;
    case "number": {
      const n = typeof value === "number" ? value : Number(String(value).replace(",", "."));
      return Number.isFinite(n) ? n : undefined;
    }
    case "boolean":
      return value === true;
    case "phone":
      return typeof value === "string" ? (toE164(value) ?? value) : value;
    case "text":
    case "url":
    case "email":
      return typeof value === "string" ? value.trim() : value;
    default:
      return value;
  }
}

/** The i18n key of what is wrong with a custom field's value, or null. */
export function customFieldError(field: CustomField, value: CustomFormValue): string | null {
  const api = customApiValue(field, value);
  if (api === undefined) return field.type === "money" ? "errors.amount" : "errors.number";
  if (api === null || api === false) return field.required && api === null ? "errors.required" : null;
  if (field.type === "url" && !(typeof api === "string" && /^https?:\/\/\S+\.\S+/.test(api)))
    return "errors.url";
  if (field.type === "email" && !z.email().safeParse(api).success) return "errors.email";
  if (field.type === "phone" && !(typeof value === "string" && toE164(value))) return "errors.phone";
  return null;
}

/** The PATCH body for the form: only what changed, so an untouched stage keeps the deal's place. */
export function dealBody(values: DealFormValues, deal: Deal, fields: CustomField[]): DealInput {
  const body: DealInput = {};
  const amountMinor = parseMoney(values.amount);
  if (values.title.trim() !== deal.title) body.title = values.title.trim();
  if (amountMinor !== null && amountMinor !== deal.amountMinor) body.amountMinor = amountMinor;
  if (values.currency !== deal.currency) body.currency = values.currency;
  if (values.pipelineId !== deal.pipelineId || values.stageId !== deal.stageId) {
    body.pipelineId = values.pipelineId;
    body.stageId = values.stageId;
  }
  if (values.ownerId !== deal.ownerId) body.ownerId = values.ownerId;
  if (values.sourceId !== deal.sourceId) body.sourceId = values.sourceId;
  if ((values.expectedCloseDate || null) !== deal.expectedCloseDate)
    body.expectedCloseDate = values.expectedCloseDate || null;
  if ([...values.tagIds].sort().join() !== [...deal.tagIds].sort().join()) body.tagIds = values.tagIds;
  const custom: Record<string, unknown> = {};
  for (const field of fields) {
    const next = customApiValue(field, values.customFields[field.key] ?? null);
    const current = deal.customFields[field.key] ?? (field.type === "boolean" ? false : null);
    if (JSON.stringify(next ?? null) !== JSON.stringify(current)) custom[field.key] = next;
  }
  if (Object.keys(custom).length > 0) body.customFields = custom;
  return body;
}

/** Form errors (by form field) for the body, from the shared schema and the custom field rules. */
export function validateDeal(values: DealFormValues, fields: CustomField[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.title.trim()) errors.title = "errors.required";
  const amount = parseMoney(values.amount);
  if (amount === null) errors.amount = "errors.amount";
  const parsed = dealInput.safeParse({
    title: values.title,
    amountMinor: amount ?? 0,
    currency: values.currency,
    expectedCloseDate: values.expectedCloseDate || null,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "amountMinor" ? "amount" : String(issue.path[0]);
      errors[field] ??= issue.path[0] === "expectedCloseDate" ? "errors.date" : "errors.invalid";
    }
  }
  for (const field of fields) {
    const problem = customFieldError(field, values.customFields[field.key] ?? null);
    if (problem) errors[`customFields.${field.key}`] = problem;
  }
  return errors;
}

/** The API's field names (of a 422) as the form's: the amount is typed in roubles. */
export function formFieldOf(apiField: string): string {
  return apiField === "amountMinor" ? "amount" : apiField;
}
