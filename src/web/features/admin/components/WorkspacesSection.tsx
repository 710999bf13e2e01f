// Every workspace of the installation, with its owner and member count, searchable by name.
import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDate, formatNumber } from "../../../lib/format.ts";
import { useAdminWorkspaces } from "../api/admin.ts";
import { ListFrame, useListQuery } from "./ListFrame.tsx";

export function WorkspacesSection() {
  const { t, i18n } = useTranslation("admin");
  const list = useListQuery();
  const workspaces = useAdminWorkspaces(list.query);

  return (
    <ListFrame
      section="workspaces"
      list={list}
      result={workspaces}
      minWidth={560}
      head={
        <>
          <Table.Th>{t("workspaces.name")}</Table.Th>
          <Table.Th>{t("workspaces.owner")}</Table.Th>
          <Table.Th ta="right">{t("workspaces.members")}</Table.Th>
          <Table.Th>{t("workspaces.createdAt")}</Table.Th>
        </>
      }
      row={(w) => (
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
      )}
    />
  );
}
