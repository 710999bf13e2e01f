// Export: which records and which format; the file comes straight from the API as a download.
import { Button, Card, SegmentedControl, Select, Stack, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../../../lib/api.ts";
import { useSession } from "../../../lib/session.ts";

export const EXPORT_ENTITIES = ["contacts", "companies", "deals", "tasks"] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];
export type ExportFormat = "csv" | "xlsx";

/** The download address of an export (the API's `format` query parameter picks CSV or XLSX). */
export const exportUrl = (entity: ExportEntity, format: ExportFormat) =>
  apiUrl(`/api/export/${entity}`, { format });

export function ExportPanel() {
  const { t } = useTranslation("transfer");
  const { can } = useSession();
  const [entity, setEntity] = useState<ExportEntity>("contacts");
  const [format, setFormat] = useState<ExportFormat>("xlsx");
  return (
    <Card withBorder radius="md" padding="md" data-testid="export-panel">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("export.title")}
        </Title>
        {can("records.export") ? (
          <>
            <Select
              label={t("export.entity")}
              value={entity}
              onChange={(v) => v && setEntity(v as ExportEntity)}
              allowDeselect={false}
              data={EXPORT_ENTITIES.map((value) => ({ value, label: t(`export.entities.${value}`) }))}
              data-testid="export-entity"
            />
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t("export.format")}
              </Text>
              <SegmentedControl
                value={format}
                onChange={(v) => setFormat(v as ExportFormat)}
                data={[
                  { value: "xlsx", label: t("export.xlsx") },
                  { value: "csv", label: t("export.csv") },
                ]}
                aria-label={t("export.format")}
                data-testid="export-format"
                fullWidth
              />
            </div>
            <Button
              component="a"
              href={exportUrl(entity, format)}
              download
              leftSection={<IconDownload size={16} />}
              data-testid="export-download"
            >
              {t("export.download")}
            </Button>
            <Text size="xs" c="dimmed">
              {t("export.help")}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t("export.forbidden")}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
