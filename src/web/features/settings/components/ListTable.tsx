// A settings list as a table: the column heads, then the rows, whose last cell holds the row's actions.
import { Group, type MantineSpacing, Table } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function ListTable({
  columns,
  minWidth,
  verticalSpacing,
  testId,
  children,
}: {
  /** The heads before the actions column; an empty one (`false`, `undefined`) leaves a column out. */
  columns: (string | false | undefined)[];
  minWidth: number;
  verticalSpacing?: MantineSpacing;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation("settings");
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing={verticalSpacing} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((head) => head && <Table.Th key={head}>{head}</Table.Th>)}
            <Table.Th aria-label={t("columns.actions")} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The last cell of a row: its actions, at the right. */
export function ActionsCell({ children }: { children?: ReactNode }) {
  return (
    <Table.Td>
      <Group gap={4} justify="flex-end" wrap="nowrap">
        {children}
      </Group>
    </Table.Td>
  );
}
