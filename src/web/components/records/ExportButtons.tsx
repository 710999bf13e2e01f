// Download links for the list as it is filtered now (CSV for Excel, or XLSX).
import { Button, Group } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { exportHref, type ListState } from "./listQuery.ts";

export function ExportButtons({ path, state }: { path: string; state: ListState }) {
  const { t } = useTranslation("records");
  return (
    <Group gap={4} wrap="nowrap">
      <Button
        component="a"
        href={exportHref(path, state, "csv")}
        download
        variant="default"
        leftSection={<IconDownload size={16} />}
        data-testid="export-csv"
        aria-label={t("export.csvLabel")}
      >
        CSV
      </Button>
      <Button
        component="a"
        href={exportHref(path, state, "xlsx")}
        download
        variant="default"
        leftSection={<IconDownload size={16} />}
        data-testid="export-xlsx"
        aria-label={t("export.xlsxLabel")}
      >
        Excel
      </Button>
    </Group>
  );
}
