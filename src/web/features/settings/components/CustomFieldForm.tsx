// Adds a custom field: the key follows the label (transliterated) until someone edits it by hand.
import { Button, Group, Paper, Select, SimpleGrid, Switch, TagsInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import type { CustomField } from "../../../lib/session.ts";
import {
  type CustomFieldValues,
  customFieldSchema,
  FIELD_TYPES,
  hasOptions,
  useCreateCustomField,
} from "../api/customFields.ts";
import { fieldKeyFromLabel, uniqueKey } from "../logic/fieldKey.ts";
import { resolver, submitAndReset } from "../logic/forms.ts";

export function CustomFieldForm({ entity, taken }: { entity: CustomField["entity"]; taken: string[] }) {
  const { t } = useTranslation("settings");
  const create = useCreateCustomField();
  const [keyEdited, setKeyEdited] = useState(false);
  const initialValues: CustomFieldValues = {
    entity,
    label: "",
    key: "",
    type: "text",
    options: [],
    required: false,
  };
  const form = useForm<CustomFieldValues>({ initialValues, validate: resolver(customFieldSchema, t) });

  const submit = submitAndReset(form, t, async (values) => {
    const field = await create.mutateAsync(values);
    setKeyEdited(false);
    notifyDone(t("fields.added", { name: field.label }));
  });
  const labelProps = form.getInputProps("label");
  const keyProps = form.getInputProps("key");

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t("fields.label")}
          placeholder={t("fields.labelPlaceholder")}
          data-testid="custom-field-label"
          {...labelProps}
          onChange={(e) => {
            const label = e.currentTarget.value;
            form.setFieldValue("label", label);
            if (!keyEdited)
              form.setFieldValue("key", label.trim() ? uniqueKey(fieldKeyFromLabel(label), taken) : "");
          }}
        />
        <TextInput
          label={t("fields.key")}
          description={t("fields.keyHint")}
          data-testid="custom-field-key"
          {...keyProps}
          onChange={(e) => {
            setKeyEdited(true);
            form.setFieldValue("key", e.currentTarget.value);
          }}
        />
        <Select
          label={t("fields.type")}
          allowDeselect={false}
          data={FIELD_TYPES.map((type) => ({ value: type, label: t(`fields.types.${type}`) }))}
          data-testid="custom-field-type"
          {...form.getInputProps("type")}
        />
        {hasOptions(form.values.type) && (
          <TagsInput
            label={t("fields.options")}
            description={t("fields.optionsHint")}
            data-testid="custom-field-options"
            {...form.getInputProps("options")}
          />
        )}
      </SimpleGrid>
      <Group justify="space-between" mt="md">
        <Switch
          label={t("fields.required")}
          data-testid="custom-field-required"
          {...form.getInputProps("required", { type: "checkbox" })}
        />
        <Button
          type="submit"
          leftSection={<IconPlus size={16} />}
          loading={form.submitting}
          data-testid="custom-field-add"
        >
          {t("fields.add")}
        </Button>
      </Group>
    </Paper>
  );
}
