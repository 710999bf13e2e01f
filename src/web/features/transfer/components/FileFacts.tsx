// What the server found the file to be: format, encoding, delimiter.
import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ImportView } from "../api/imports.ts";

const DELIMITERS: Record<string, string> = { ";": "semicolon", ",": "comma", "\t": "tab" };

export function FileFacts({
  imp,
}: {
  imp: Pick<ImportView, "fileName" | "format" | "encoding" | "delimiter">;
}) {
  const { t } = useTranslation("transfer");
  const delimiter = imp.delimiter ? DELIMITERS[imp.delimiter] : undefined;
  return (
    <Group gap="xs" wrap="wrap" data-testid="import-file-facts">
      <Text size="sm" fw={500} truncate maw={260}>
        {imp.fileName}
      </Text>
      <Badge variant="light" tt="none">
        {t("facts.format", { format: imp.format.toUpperCase() })}
      </Badge>
      {imp.encoding && (
        <Badge variant="light" color="gray" tt="none">
          {t("facts.encoding", { encoding: imp.encoding.toUpperCase() })}
        </Badge>
      )}
      {imp.delimiter && (
        <Badge variant="light" color="gray" tt="none">
          {t("facts.delimiter", {
            delimiter: delimiter ? t(`facts.delimiters.${delimiter}`) : imp.delimiter,
          })}
        </Badge>
      )}
    </Group>
  );
}
