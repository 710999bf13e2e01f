// Phones and e-mails as repeatable rows in a record form: a type, the value, a remove button; "add" below.
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { EMAIL_TYPES, type EmailType, PHONE_TYPES, type PhoneType, type PointsValues } from "./points.ts";

export function PointsInput({
  form,
  defaults,
}: {
  form: UseFormReturnType<PointsValues>;
  defaults: { phone: PhoneType; email: EmailType };
}) {
  const { t } = useTranslation("records");
  const phoneTypes = PHONE_TYPES.map((type) => ({ value: type, label: t(`phoneTypes.${type}`) }));
  const emailTypes = EMAIL_TYPES.map((type) => ({ value: type, label: t(`emailTypes.${type}`) }));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t("fields.phones")}
      </Text>
      {form.values.phones.map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own.
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <Select
            aria-label={t("fields.phoneType")}
            data={phoneTypes}
            allowDeselect={false}
            w={130}
            {...form.getInputProps(`phones.${i}.type`)}
          />
          <TextInput
            aria-label={t("fields.phone")}
            placeholder="+7 900 000-00-00"
            type="tel"
            inputMode="tel"
            style={{ flex: 1 }}
            data-testid={`phone-${i}`}
            {...form.getInputProps(`phones.${i}.number`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t("removePhone")}
            onClick={() => form.removeListItem("phones", i)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() => form.insertListItem("phones", { number: "", type: defaults.phone })}
        style={{ alignSelf: "flex-start" }}
        data-testid="phone-add"
      >
        {t("addPhone")}
      </Button>
      <Text size="sm" fw={500}>
        {t("fields.emails")}
      </Text>
      {form.values.emails.map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own.
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <Select
            aria-label={t("fields.emailType")}
            data={emailTypes}
            allowDeselect={false}
            w={130}
            {...form.getInputProps(`emails.${i}.type`)}
          />
          <TextInput
            aria-label={t("fields.email")}
            placeholder="name@example.ru"
            type="email"
            inputMode="email"
            style={{ flex: 1 }}
            data-testid={`email-${i}`}
            {...form.getInputProps(`emails.${i}.email`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t("removeEmail")}
            onClick={() => form.removeListItem("emails", i)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() => form.insertListItem("emails", { email: "", type: defaults.email })}
        style={{ alignSelf: "flex-start" }}
        data-testid="email-add"
      >
        {t("addEmail")}
      </Button>
    </Stack>
  );
}
