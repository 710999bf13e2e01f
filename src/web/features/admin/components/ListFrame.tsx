// What both admin lists share: a search box above the table, and below it the pager with "26–50 of 120".
import { Group, Pagination, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import type { UseQueryResult } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatNumber } from "../../../lib/format.ts";
import { type AdminPage, PAGE_SIZE } from "../api/admin.ts";
import { type AdminSection, pageCount, pageRange } from "../sections.ts";

/** The search text (debounced into `query.q`) and the page of a list; a new search starts at page 1. */
export function useListQuery() {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 300);
  const [page, setPage] = useState(1);
  const onSearch = (value: string) => {
    setSearch(value);
    setPage(1);
  };
  return { search, onSearch, setPage, query: { q, page } };
}

/** A section's list: its search box, the table (`head` cells, a `row` per item) and the pager. */
export function ListFrame<T>({
  section,
  list,
  result,
  minWidth,
  head,
  row,
}: {
  section: AdminSection;
  list: ReturnType<typeof useListQuery>;
  result: UseQueryResult<AdminPage<T>>;
  minWidth: number;
  head: ReactNode;
  row: (item: T) => ReactNode;
}) {
  const { t } = useTranslation("admin");
  return (
    <Stack gap="md" data-testid={`admin-${section}`}>
      <TextInput
        value={list.search}
        onChange={(e) => list.onSearch(e.currentTarget.value)}
        placeholder={t(`${section}.search`)}
        aria-label={t(`${section}.search`)}
        leftSection={<IconSearch size={16} />}
        maxLength={200}
        w={{ base: "100%", sm: 340 }}
        data-testid={`admin-${section}-search`}
      />
      <QueryState
        query={result}
        isEmpty={(data) => data.items.length === 0}
        empty={list.query.q.trim() ? t(`${section}.nothing`) : t(`${section}.empty`)}
      >
        {(data) => (
          <Stack gap="sm" style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={minWidth}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>{head}</Table.Tr>
                </Table.Thead>
                <Table.Tbody>{data.items.map(row)}</Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListPager
              page={data.page}
              limit={data.limit || PAGE_SIZE}
              total={data.total}
              shown={data.items.length}
              onPage={list.setPage}
            />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function ListPager({
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
