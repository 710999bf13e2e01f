// Inputs for a record's custom fields, one per field, by the field's type.
import { Checkbox, MultiSelect, NumberInput, Select, SimpleGrid, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { CustomField } from "../../lib/session.ts";
import type { FieldValue } from "./customFieldValues.ts";

function FieldInput({
  field,
  form,
}: {
  field: CustomField;
  form: UseFormReturnType<{ customFields: Record<string, FieldValue> }>;
}) {
  const { t } = useTranslation("records");
  const path = `customFields.${field.key}` as const;
  const common = { label: field.label, withAsterisk: field.required, "data-testid": `cf-${field.key}` };
  switch (field.type) {
    case "boolean":
      return (
        <Checkbox
          label={field.label}
          mt="lg"
          data-testid={`cf-${field.key}`}
          {...form.getInputProps(path, { type: "checkbox" })}
        />
      );
    case "select":
      return <Select {...common} data={field.options} clearable searchable {...form.getInputProps(path)} />;
    case "multiselect":
      return (
        <MultiSelect {...common} data={field.options} clearable searchable {...form.getInputProps(path)} />
      );
    case "number":
      return (
        <NumberInput {...common} decimalSeparator="," thousandSeparator=" " {...form.getInputProps(path)} />
      );
    case "money":
      return (
        <NumberInput
          {...common}
          decimalSeparator=","
          thousandSeparator=" "
          decimalScale={2}
          min={0}
          suffix=" ₽"
          {...form.getInputProps(path)}
        />
      );
    case "date":
      return <TextInput {...common} type="date" {...form.getInputProps(path)} />;
    case "url":
      return <TextInput {...common} type="url" placeholder="https://" {...form.getInputProps(path)} />;
    case "phone":
      return (
        <TextInput {...common} type="tel" placeholder="+7 900 000-00-00" {...form.getInputProps(path)} />
      );
    case "email":
      return <TextInput {...common} type="email" {...form.getInputProps(path)} />;
    case "text":
      return <TextInput {...common} {...form.getInputProps(path)} />;
    default:
      return <TextInput {...common} description={t("unknownType")} {...form.getInputProps(path)} />;
  }
}

export function CustomFieldInputs({
  fields,
  form,
}: {
  fields: CustomField[];
  form: UseFormReturnType<{ customFields: Record<string, FieldValue> }>;
}) {
  if (fields.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {fields.map((field) => (
        <FieldInput key={field.key} field={field} form={form} />
      ))}
    </SimpleGrid>
  );
}
