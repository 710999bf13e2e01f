// Phones and e-mails as repeatable rows in a record form: a type, the value, a remove button; "add" below.
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import {
  EMAIL_TYPES,
  type EmailRow,
  type EmailType,
  PHONE_TYPES,
  type PhoneRow,
  type PhoneType,
  type PointsValues,
} from "./points.ts";

/** How each kind of point is typed in, and its texts in `records`. */
const KINDS = {
  phone: {
    list: "phones",
    value: "number",
    types: PHONE_TYPES,
    input: { placeholder: "+7 900 000-00-00", type: "tel", inputMode: "tel" },
    add: "addPhone",
    remove: "removePhone",
  },
  email: {
    list: "emails",
    value: "email",
    types: EMAIL_TYPES,
    input: { placeholder: "name@example.ru", type: "email", inputMode: "email" },
    add: "addEmail",
    remove: "removeEmail",
  },
} as const;

function PointRows({
  form,
  kind,
  blank,
}: {
  form: UseFormReturnType<PointsValues>;
  kind: keyof typeof KINDS;
  /** The row "add" appends. */
  blank: PhoneRow | EmailRow;
}) {
  const { t } = useTranslation("records");
  const { list, value, types, input, add, remove } = KINDS[kind];
  return (
    <>
      <Text size="sm" fw={500}>
        {t(`fields.${list}`)}
      </Text>
      {form.values[list].map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own.
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <Select
            aria-label={t(`fields.${kind}Type`)}
            data={types.map((type) => ({ value: type, label: t(`${kind}Types.${type}`) }))}
            allowDeselect={false}
            w={130}
            {...form.getInputProps(`${list}.${i}.type`)}
          />
          <TextInput
            aria-label={t(`fields.${kind}`)}
            {...input}
            style={{ flex: 1 }}
            data-testid={`${kind}-${i}`}
            {...form.getInputProps(`${list}.${i}.${value}`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t(remove)}
            onClick={() => form.removeListItem(list, i)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() => form.insertListItem(list, blank)}
        style={{ alignSelf: "flex-start" }}
        data-testid={`${kind}-add`}
      >
        {t(add)}
      </Button>
    </>
  );
}

export function PointsInput({
  form,
  defaults,
}: {
  form: UseFormReturnType<PointsValues>;
  defaults: { phone: PhoneType; email: EmailType };
}) {
  return (
    <Stack gap="xs">
      <PointRows form={form} kind="phone" blank={{ number: "", type: defaults.phone }} />
      <PointRows form={form} kind="email" blank={{ email: "", type: defaults.email }} />
    </Stack>
  );
}
