// A drop zone for one .csv or .xlsx file; clicking it opens the file picker. The real <input type=file>
// stays in the page (visually hidden), so it is reachable by keyboard and by browser tests.
import { Group, Paper, Stack, Text, VisuallyHidden } from "@mantine/core";
import { IconFileSpreadsheet, IconUpload } from "@tabler/icons-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../../lib/format.ts";
import { ACCEPTED_EXTENSIONS } from "../uploadErrors.ts";

interface FileDropProps {
  file: File | null;
  onFile: (file: File | null) => void;
  disabled?: boolean;
}

export function FileDrop({ file, onFile, disabled }: FileDropProps) {
  const { t, i18n } = useTranslation("transfer");
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    <Paper
      component="label"
      htmlFor={id}
      withBorder
      p="lg"
      radius="md"
      style={{
        borderStyle: "dashed",
        borderWidth: 2,
        cursor: disabled ? "not-allowed" : "pointer",
        borderColor: over ? "var(--mantine-color-orange-5)" : undefined,
        background: over ? "var(--mantine-color-orange-0)" : undefined,
      }}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const dropped = e.dataTransfer.files[0];
        if (!disabled && dropped) onFile(dropped);
      }}
    >
      <VisuallyHidden>
        <input
          id={id}
          type="file"
          accept={`${ACCEPTED_EXTENSIONS.join(",")},text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`}
          disabled={disabled}
          data-testid="import-file"
          aria-label={t("upload.file")}
          onChange={(e) => {
            onFile(e.currentTarget.files?.[0] ?? null);
            // The same file chosen again (after fixing it) must fire a change too.
            e.currentTarget.value = "";
          }}
        />
      </VisuallyHidden>
      <Group justify="center" gap="md" wrap="nowrap">
        {file ? <IconFileSpreadsheet size={36} stroke={1.4} /> : <IconUpload size={36} stroke={1.4} />}
        <Stack gap={2} style={{ minWidth: 0 }}>
          {file ? (
            <>
              <Text fw={500} truncate data-testid="import-file-name">
                {file.name}
              </Text>
              <Text size="sm" c="dimmed">
                {t("upload.size", {
                  kb: formatNumber(Math.max(1, Math.round(file.size / 1024)), i18n.language),
                })}{" "}
                · {t("upload.change")}
              </Text>
            </>
          ) : (
            <>
              <Text fw={500}>{t("upload.drop")}</Text>
              <Text size="sm" c="dimmed">
                {t("upload.formats")}
              </Text>
            </>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
