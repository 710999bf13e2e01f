// A custom field's stored value for reading, by the field's type.
import { Anchor, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney, formatNumber, formatPhone } from "../../lib/format.ts";
import type { CustomField } from "../../lib/session.ts";
import { hasValue } from "./customFieldValues.ts";

export function CustomFieldValue({
  field,
  value,
  currency,
}: {
  field: CustomField;
  value: unknown;
  currency: string;
}) {
  const { t, i18n } = useTranslation("records");
  const lang = i18n.language;
  if (!hasValue(value))
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  switch (field.type) {
    case "boolean":
      return <>{value === true ? t("yes") : t("no")}</>;
    case "money":
      return <>{typeof value === "number" ? formatMoney(value, currency, lang) : String(value)}</>;
    case "number":
      return <>{typeof value === "number" ? formatNumber(value, lang) : String(value)}</>;
    case "date":
      return <>{typeof value === "string" ? formatDate(value, lang) : String(value)}</>;
    case "multiselect":
      return <>{Array.isArray(value) ? value.join(", ") : String(value)}</>;
    case "url":
      return (
        <Anchor href={String(value)} target="_blank" rel="noopener noreferrer">
          {String(value)}
        </Anchor>
      );
    case "phone":
      return <Anchor href={`tel:${String(value)}`}>{formatPhone(String(value))}</Anchor>;
    case "email":
      return <Anchor href={`mailto:${String(value)}`}>{String(value)}</Anchor>;
    default:
      return <>{String(value)}</>;
  }
}
