// The API found records that look like the one just saved (same phone, e-mail, INN, name + company).
import { Alert, Anchor, List, Text } from "@mantine/core";
import { IconCopy } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatPhone } from "../../lib/format.ts";

export interface PossibleDuplicate {
  recordId: string;
  reasons: { kind: string; value: string }[];
}

export function DuplicatesNotice({
  duplicates,
  hrefOf,
  nameOf,
  title,
  children,
  onClose,
}: {
  duplicates: PossibleDuplicate[];
  hrefOf: (id: string) => string;
  nameOf: (id: string) => ReactNode;
  title: string;
  /** Above the list, e.g. a link to the record just created. */
  children?: ReactNode;
  onClose: () => void;
}) {
  const { t } = useTranslation("records");
  if (duplicates.length === 0) return null;
  const reason = (r: { kind: string; value: string }) => {
    const value =
      r.kind === "phone"
        ? formatPhone(r.value)
        : r.kind === "name_company"
          ? r.value.replace("|", ", ")
          : r.value;
    return t(`duplicates.reasons.${r.kind}`, { value, defaultValue: value });
  };
  return (
    <Alert
      color="yellow"
      icon={<IconCopy size={18} />}
      title={title}
      withCloseButton
      closeButtonLabel={t("close")}
      onClose={onClose}
      mb="sm"
      data-testid="duplicates-notice"
    >
      {children}
      <Text size="sm">{t("duplicates.found")}</Text>
      <List size="sm" spacing={2}>
        {duplicates.map((d) => (
          <List.Item key={d.recordId}>
            <Anchor component={Link} to={hrefOf(d.recordId)} data-testid={`duplicate-${d.recordId}`}>
              {nameOf(d.recordId)}
            </Anchor>{" "}
            <Text span size="xs" c="dimmed">
              ({d.reasons.map(reason).join("; ")})
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
