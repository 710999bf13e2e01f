// One custom field in the deal form, as the input its type calls for.
import { Checkbox, MultiSelect, Select, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { CustomField } from "../../../lib/session.ts";
import type { DealFormValues } from "../dealForm.ts";

export function CustomFieldInput({
  field,
  form,
}: {
  field: CustomField;
  form: UseFormReturnType<DealFormValues>;
}) {
  const { t } = useTranslation("deals");
  const path = `customFields.${field.key}`;
  const common = {
    label: field.label,
    withAsterisk: field.required,
    "data-testid": `custom-field-${field.key}`,
  };
  switch (field.type) {
    case "boolean":
      return <Checkbox {...common} mt="lg" {...form.getInputProps(path, { type: "checkbox" })} />;
    case "select":
      return (
        <Select
          {...common}
          clearable
          data={field.options}
          placeholder={t("form.choose")}
          {...form.getInputProps(path)}
        />
      );
    case "multiselect":
      return (
        <MultiSelect
          {...common}
          clearable
          data={field.options}
          placeholder={t("form.choose")}
          {...form.getInputProps(path)}
        />
      );
    case "date":
      return <TextInput {...common} type="date" {...form.getInputProps(path)} />;
    case "money":
      return <TextInput {...common} inputMode="decimal" rightSection="₽" {...form.getInputProps(path)} />;
    case "number":
      return <TextInput {...common} inputMode="decimal" {...form.getInputProps(path)} />;
    case "url":
      return <TextInput {...common} type="url" placeholder="https://" {...form.getInputProps(path)} />;
    case "phone":
      return <TextInput {...common} type="tel" placeholder="+7" {...form.getInputProps(path)} />;
    case "email":
      return <TextInput {...common} type="email" {...form.getInputProps(path)} />;
    case "text":
      return <TextInput {...common} {...form.getInputProps(path)} />;
  }
}
