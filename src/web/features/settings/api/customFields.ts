// Custom field definitions on contacts, companies and deals (added and removed; a key never changes).
import { z } from "zod";
import { del, post } from "../../../lib/api.ts";
import { type CustomField, keys } from "../../../lib/session.ts";
import { FIELD_KEY } from "../logic/fieldKey.ts";
import { required, tooLong } from "../logic/forms.ts";
import { useRefreshingMutation } from "./mutations.ts";

export const ENTITIES = ["contact", "company", "deal"] as const satisfies CustomField["entity"][];
export const FIELD_TYPES = [
  "text",
  "number",
  "money",
  "date",
  "boolean",
  "select",
  "multiselect",
  "url",
  "phone",
  "email",
] as const satisfies CustomField["type"][];

export const hasOptions = (type: string) => type === "select" || type === "multiselect";

export const customFieldSchema = z
  .object({
    entity: z.enum(ENTITIES),
    label: z.string().trim().min(1, { error: required }).max(200, { error: tooLong }),
    key: z.string().regex(FIELD_KEY, { error: "validation.fieldKey" }),
    type: z.enum(FIELD_TYPES, { error: required }),
    options: z.array(z.string().trim().min(1).max(200, { error: tooLong })).max(500),
    required: z.boolean(),
  })
  .refine((v) => !hasOptions(v.type) || v.options.length > 0, {
    path: ["options"],
    error: "validation.options",
  });
export type CustomFieldValues = z.infer<typeof customFieldSchema>;

export const useCreateCustomField = () =>
  useRefreshingMutation(
    (values: CustomFieldValues) =>
      post<CustomField>("/api/custom-fields", {
        ...values,
        label: values.label.trim(),
        options: hasOptions(values.type) ? values.options : [],
      }),
    [keys.customFields],
  );

export const useDeleteCustomField = () =>
  useRefreshingMutation((id: string) => del(`/api/custom-fields/${id}`), [keys.customFields]);
