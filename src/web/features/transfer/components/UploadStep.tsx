// Step 1: what to import (contacts, companies or deals) and the file.
import { Alert, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { IMPORT_ENTITIES, type ImportEntity } from "../fields.ts";
import { FileDrop } from "./FileDrop.tsx";

interface UploadStepProps {
  entity: ImportEntity;
  onEntity: (entity: ImportEntity) => void;
  file: File | null;
  onFile: (file: File | null) => void;
  error: string | null;
  busy: boolean;
}

export function UploadStep({ entity, onEntity, file, onFile, error, busy }: UploadStepProps) {
  const { t } = useTranslation("transfer");
  return (
    <Stack>
      <Select
        label={t("upload.entity")}
        value={entity}
        onChange={(v) => v && onEntity(v as ImportEntity)}
        allowDeselect={false}
        data={IMPORT_ENTITIES.map((value) => ({ value, label: t(`entities.${value}`) }))}
        disabled={busy}
        data-testid="import-entity"
        maw={320}
      />
      <FileDrop file={file} onFile={onFile} disabled={busy} />
      <Text size="xs" c="dimmed">
        {t("upload.help")}
      </Text>
      {error && (
        <Alert color="red" title={t("upload.refused")} role="alert" data-testid="import-upload-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
