// Download links for the list as it is filtered now (CSV for Excel, or XLSX).
import { Button, Group } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { exportHref, type ListState } from "./listQuery.ts";

const FORMATS = [
  { format: "csv", text: "CSV" },
  { format: "xlsx", text: "Excel" },
] as const;

export function ExportButtons({ path, state }: { path: string; state: ListState }) {
  const { t } = useTranslation("records");
  return (
    <Group gap={4} wrap="nowrap">
      {FORMATS.map(({ format, text }) => (
        <Button
          key={format}
          component="a"
          href={exportHref(path, state, format)}
          download
          variant="default"
          leftSection={<IconDownload size={16} />}
          data-testid={`export-${format}`}
          aria-label={t(`export.${format}Label`)}
        >
          {text}
        </Button>
      ))}
    </Group>
  );
}
