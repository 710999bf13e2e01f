// What both admin lists share: a search box above, and below the pager with "26–50 of 120".
import { Group, Pagination, Text, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../../lib/format.ts";
import { pageCount, pageRange } from "../sections.ts";

export function ListSearch({
  value,
  onChange,
  label,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  testId: string;
}) {
  return (
    <TextInput
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      placeholder={label}
      aria-label={label}
      leftSection={<IconSearch size={16} />}
      maxLength={200}
      w={{ base: "100%", sm: 340 }}
      data-testid={testId}
    />
  );
}

export function ListPager({
  page,
  limit,
  total,
  shown,
  onPage,
}: {
  page: number;
  limit: number;
  total: number;
  shown: number;
  onPage: (page: number) => void;
}) {
  const { t, i18n } = useTranslation("admin");
  const { from, to } = pageRange(page, limit, shown);
  const pages = pageCount(total, limit);
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed">
        {t("range", {
          from: formatNumber(from, i18n.language),
          to: formatNumber(to, i18n.language),
          total: formatNumber(total, i18n.language),
        })}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={onPage}
          size="sm"
          siblings={1}
          getControlProps={(control) => ({ "aria-label": t(`pager.${control}`) })}
        />
      )}
    </Group>
  );
}
