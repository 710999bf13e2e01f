// Every workspace of the installation, with its owner and member count, searchable by name.
import { Stack, Table, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDate, formatNumber } from "../../../lib/format.ts";
import { PAGE_SIZE, useAdminWorkspaces } from "../api/admin.ts";
import { ListPager, ListSearch } from "./ListFrame.tsx";

export function WorkspacesSection() {
  const { t, i18n } = useTranslation("admin");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 300);
  const [page, setPage] = useState(1);
  const workspaces = useAdminWorkspaces({ q, page });

  return (
    <Stack gap="md" data-testid="admin-workspaces">
      <ListSearch
        value={search}
        onChange={(value) => {
          setSearch(value);
          setPage(1);
        }}
        label={t("workspaces.search")}
        testId="admin-workspaces-search"
      />
      <QueryState
        query={workspaces}
        isEmpty={(data) => data.items.length === 0}
        empty={q.trim() ? t("workspaces.nothing") : t("workspaces.empty")}
      >
        {(data) => (
          <Stack gap="sm" style={{ opacity: workspaces.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={560}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("workspaces.name")}</Table.Th>
                    <Table.Th>{t("workspaces.owner")}</Table.Th>
                    <Table.Th ta="right">{t("workspaces.members")}</Table.Th>
                    <Table.Th>{t("workspaces.createdAt")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((w) => (
                    <Table.Tr key={w.id} data-testid="admin-workspace-row">
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {w.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={w.ownerEmail ? undefined : "dimmed"}>
                          {w.ownerEmail ?? t("workspaces.noOwner")}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(w.members, i18n.language)}</Table.Td>
                      <Table.Td>{formatDate(w.createdAt, i18n.language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListPager
              page={data.page}
              limit={data.limit || PAGE_SIZE}
              total={data.total}
              shown={data.items.length}
              onPage={setPage}
            />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
