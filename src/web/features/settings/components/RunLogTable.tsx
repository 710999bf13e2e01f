// The table of an integration's runs, shared by the accounting and advertising logs: its title, the
// query's states, a header row, a row per run, and "load more" while there are older runs.
import { Button, Center, Stack, Table, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { QueryState } from "../../../components/QueryState.tsx";
import type { useRunLogQuery } from "../api/runLog.ts";

export function RunLogTable<R extends { id: string; status: string }>({
  title,
  log,
  header,
  minWidth,
  testId,
  moreTestId,
  row,
}: {
  title: string;
  log: ReturnType<typeof useRunLogQuery<R>>;
  /** The header row's cells. */
  header: ReactNode;
  minWidth: number;
  testId: string;
  moreTestId?: string;
  row: (run: R) => ReactNode;
}) {
  const { t } = useTranslation("settings");
  return (
    <Stack gap="xs">
      <Title order={5} size="h6">
        {title}
      </Title>
      <QueryState
        query={log}
        isEmpty={(data) => data.pages.every((p) => p.items.length === 0)}
        empty={t("accounting.log.empty")}
      >
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={minWidth}>
              <Table verticalSpacing={6} fz="sm" data-testid={testId}>
                <Table.Thead>
                  <Table.Tr>{header}</Table.Tr>
                </Table.Thead>
                <Table.Tbody>{data.pages.flatMap((p) => p.items).map(row)}</Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {log.hasNextPage && (
              <Center>
                <Button
                  variant="light"
                  size="xs"
                  loading={log.isFetchingNextPage}
                  onClick={() => void log.fetchNextPage()}
                  data-testid={moreTestId}
                >
                  {t("actions.loadMore", { ns: "common" })}
                </Button>
              </Center>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
