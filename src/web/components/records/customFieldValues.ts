// Custom field values between the record (as the API stores them) and form inputs, by field type.
import type { CustomField } from "../../lib/session.ts";

/** What an input holds: text, a number input's value (number or ""), a checkbox, a multiselect. */
export type FieldValue = string | number | boolean | string[];

const empty = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/** The form's starting values for a record's custom fields (money in roubles, not kopecks). */
export function customFieldsToForm(
  fields: readonly CustomField[],
  stored: Record<string, unknown> = {},
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const field of fields) {
    const value = stored[field.key];
    switch (field.type) {
      case "boolean":
        out[field.key] = value === true;
        break;
      case "multiselect":
        out[field.key] = Array.isArray(value) ? value.map(String) : [];
        break;
      case "number":
        out[field.key] = typeof value === "number" ? value : "";
        break;
      case "money":
        out[field.key] = typeof value === "number" ? value / 100 : "";
        break;
      default:
        out[field.key] = typeof value === "string" ? value : "";
    }
  }
  return out;
}

/**
 * The body's `customFields`: every field of the form, null for an empty one (which clears it), numbers as
 * numbers and money in kopecks. A number input's unparsable text goes as it is, for the API to refuse.
 */
export function customFieldsBody(
  fields: readonly CustomField[],
  values: Record<string, FieldValue | undefined>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.type === "boolean") {
      out[field.key] = value === true;
      continue;
    }
    if (empty(value)) {
      out[field.key] = null;
      continue;
    }
    if (field.type === "number" || field.type === "money") {
      const n =
        typeof value === "number" ? value : Number(String(value).replace(",", ".").replace(/\s/g, ""));
      out[field.key] = Number.isFinite(n) ? (field.type === "money" ? Math.round(n * 100) : n) : value;
      continue;
    }
    out[field.key] = typeof value === "string" ? value.trim() : value;
  }
  return out;
}

/** Whether a stored value counts as filled in (for showing the field on a card). */
export const hasValue = (value: unknown) => !empty(value);
