// Step 3: the first rows of the file as they will be imported; rows the server would refuse are red,
// with the reasons.
import { Alert, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConfigureAnswer } from "../api/imports.ts";

export function PreviewStep({ configured }: { configured: ConfigureAnswer }) {
  const { t } = useTranslation("transfer");
  const columns = configured.headers.filter((h) => configured.mapping[h]);
  const fieldOf = (header: string) => t(`fields.${configured.entity}.${configured.mapping[header]}`);
  const bad = configured.preview.filter((r) => r.errors.length > 0).length;
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        {t("preview.intro", { count: configured.preview.length })}
      </Text>
      {bad > 0 && (
        <Alert color="orange" mb="sm" data-testid="import-preview-bad">
          {t("preview.bad", { count: bad })}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={Math.max(480, columns.length * 150 + 200)}>
        <Table striped={false} withTableBorder data-testid="import-preview">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>{t("preview.row")}</Table.Th>
              {columns.map((h) => (
                <Table.Th key={h}>
                  <Text size="sm" fw={600}>
                    {fieldOf(h)}
                  </Text>
                  {fieldOf(h) !== h && (
                    <Text size="xs" c="dimmed">
                      {h}
                    </Text>
                  )}
                </Table.Th>
              ))}
              <Table.Th>{t("preview.problems")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {configured.preview.map((row) => {
              const failed = row.errors.length > 0;
              return (
                <Table.Tr
                  key={row.rowNumber}
                  bg={failed ? "var(--mantine-color-red-0)" : undefined}
                  data-testid={`import-preview-row-${row.rowNumber}`}
                  data-invalid={failed || undefined}
                >
                  <Table.Td>{row.rowNumber}</Table.Td>
                  {columns.map((h) => (
                    <Table.Td key={h}>{row.values[h]}</Table.Td>
                  ))}
                  <Table.Td>
                    {failed ? (
                      row.errors.map((e) => (
                        <Text key={e} size="xs" c="red">
                          {e}
                        </Text>
                      ))
                    ) : (
                      <Text size="xs" c="teal">
                        {t("preview.ok")}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
