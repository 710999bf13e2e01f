// A table of records: sortable headers (only the sort keys the API takes), row checkboxes with a
// select-all of the loaded rows, horizontal scrolling on a phone, and the next page loaded when the
// last rows come into view (with a "load more" button for when the observer does not fire).
import { Button, Center, Checkbox, Group, Loader, Table, UnstyledButton } from "@mantine/core";
import { useIntersection } from "@mantine/hooks";
import { IconChevronDown, IconChevronUp, IconSelector } from "@tabler/icons-react";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { SortOrder } from "./listQuery.ts";
import { headerCheck, type Selection } from "./selection.ts";

export interface Column<T> {
  key: string;
  label: string;
  /** The API's sort key for this column; without one the header is not clickable. */
  sort?: string;
  render: (row: T) => ReactNode;
}

interface Props<T extends { id: string }> {
  rows: T[];
  columns: Column<T>[];
  testId: string;
  rowTestId: (row: T) => string;
  /** The text a screen reader hears for a row's checkbox ("Select Ivanov Ivan"). */
  rowLabel: (row: T) => string;
  sort: string;
  order: SortOrder;
  onSort: (sort: string) => void;
  selection: Selection;
  onToggleRow: (id: string) => void;
  onToggleAll: () => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Below this width the table scrolls sideways (a phone). */
  minWidth?: number;
}

function SortIcon({ active, order }: { active: boolean; order: SortOrder }) {
  if (!active) return <IconSelector size={14} aria-hidden />;
  return order === "asc" ? (
    <IconChevronUp size={14} aria-hidden />
  ) : (
    <IconChevronDown size={14} aria-hidden />
  );
}

export function RecordTable<T extends { id: string }>(props: Props<T>) {
  const { t } = useTranslation("records");
  const { t: tc } = useTranslation();
  const { rows, columns, selection, hasMore, loadingMore, onLoadMore } = props;
  const ids = rows.map((r) => r.id);
  const check = headerCheck(selection, ids);
  const { ref, entry } = useIntersection<HTMLDivElement>({ rootMargin: "300px" });
  const visible = entry?.isIntersecting ?? false;
  // Runs again when rows arrive, so a short page that leaves the end in view asks for the next one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: rows.length is the re-trigger.
  useEffect(() => {
    if (visible && hasMore && !loadingMore) onLoadMore();
  }, [visible, hasMore, loadingMore, rows.length]);

  return (
    <>
      <Table.ScrollContainer minWidth={props.minWidth ?? 900} type="native">
        <Table
          striped
          highlightOnHover
          verticalSpacing="xs"
          data-testid={props.testId}
          style={{ whiteSpace: "nowrap" }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t("table.selectAll")}
                  checked={check === "all"}
                  indeterminate={check === "some"}
                  onChange={props.onToggleAll}
                  disabled={rows.length === 0}
                  data-testid="select-all"
                />
              </Table.Th>
              {columns.map((column) => {
                const active = column.sort !== undefined && props.sort === column.sort;
                const ariaSort = active ? (props.order === "asc" ? "ascending" : "descending") : undefined;
                return (
                  <Table.Th key={column.key} aria-sort={ariaSort}>
                    {column.sort ? (
                      <UnstyledButton
                        onClick={() => column.sort && props.onSort(column.sort)}
                        data-testid={`sort-${column.key}`}
                        fw={600}
                        fz="sm"
                      >
                        <Group gap={4} wrap="nowrap">
                          {column.label}
                          <SortIcon active={active} order={props.order} />
                        </Group>
                      </UnstyledButton>
                    ) : (
                      column.label
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} data-testid={props.rowTestId(row)}>
                <Table.Td>
                  <Checkbox
                    aria-label={t("table.selectRow", { name: props.rowLabel(row) })}
                    checked={selection.allMatching || selection.ids.has(row.id)}
                    onChange={() => props.onToggleRow(row.id)}
                  />
                </Table.Td>
                {columns.map((column) => (
                  <Table.Td key={column.key}>{column.render(row)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <div ref={ref} aria-hidden style={{ height: 1 }} />
      {hasMore && (
        <Center py="sm">
          {loadingMore ? (
            <Loader size="sm" aria-label={t("table.loadingMore")} />
          ) : (
            <Button variant="subtle" onClick={onLoadMore} data-testid="load-more">
              {tc("actions.loadMore")}
            </Button>
          )}
        </Center>
      )}
    </>
  );
}
