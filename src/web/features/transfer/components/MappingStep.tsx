// Step 2: which field each column of the file goes to (pre-filled by the server's guess), a saved
// mapping to apply or this one to save, and what to do with duplicates.
import { Alert, Group, Radio, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import type { DuplicatePolicy, UploadAnswer } from "../api/imports.ts";
import { useSavedMappings } from "../api/imports.ts";
import {
  applySaved,
  IMPORT_FIELDS,
  type Mapping,
  type MappingProblem,
  REQUIRED_FIELDS,
  takenFields,
} from "../fields.ts";
import { FileFacts } from "./FileFacts.tsx";

interface MappingStepProps {
  upload: UploadAnswer;
  mapping: Mapping;
  onMapping: (mapping: Mapping) => void;
  policy: DuplicatePolicy;
  onPolicy: (policy: DuplicatePolicy) => void;
  saveAs: string;
  onSaveAs: (name: string) => void;
  problems: MappingProblem[];
  error: string | null;
}

const POLICIES: DuplicatePolicy[] = ["skip", "update", "create"];

export function MappingStep(props: MappingStepProps) {
  const { upload, mapping, onMapping, policy, onPolicy, saveAs, onSaveAs, problems, error } = props;
  const { t } = useTranslation("transfer");
  const saved = useSavedMappings(upload.entity);
  const required = new Set(REQUIRED_FIELDS[upload.entity]);
  const sample = (header: string) => upload.preview.find((r) => r.values[header])?.values[header] ?? "";
  const fieldLabel = (f: string) => `${t(`fields.${upload.entity}.${f}`)}${required.has(f) ? " *" : ""}`;
  const wide = useMediaQuery("(min-width: 36em)", true);
  const fieldSelect = (header: string) => {
    const taken = takenFields(mapping, header);
    return (
      <Select
        aria-label={t("mapping.fieldFor", { column: header })}
        data={[
          { value: "", label: t("mapping.skip") },
          ...IMPORT_FIELDS[upload.entity].map((f) => ({
            value: f,
            label: fieldLabel(f),
            disabled: taken.has(f),
          })),
        ]}
        value={mapping[header] ?? ""}
        onChange={(v) => {
          const next = { ...mapping };
          if (v) next[header] = v;
          else delete next[header];
          onMapping(next);
        }}
        allowDeselect={false}
        size="xs"
        data-testid={`import-map-${header}`}
      />
    );
  };

  return (
    <Stack>
      <FileFacts imp={upload} />
      {(saved.data?.items.length ?? 0) > 0 && (
        <Select
          label={t("mapping.saved")}
          placeholder={t("mapping.savedPlaceholder")}
          data={(saved.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
          value={null}
          onChange={(id) => {
            const chosen = saved.data?.items.find((m) => m.id === id);
            if (chosen) onMapping(applySaved(upload.entity, upload.headers, mapping, chosen.mapping));
          }}
          maw={360}
          data-testid="import-saved-mapping"
        />
      )}
      {wide ? (
        <Table verticalSpacing={6} data-testid="import-mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("mapping.column")}</Table.Th>
              <Table.Th>{t("mapping.example")}</Table.Th>
              <Table.Th>{t("mapping.field")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {upload.headers.map((header) => (
              <Table.Tr key={header}>
                <Table.Td fw={500}>{header}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" truncate maw={200}>
                    {sample(header)}
                  </Text>
                </Table.Td>
                <Table.Td miw={220}>{fieldSelect(header)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        // On a phone: one labelled select per column, its example underneath.
        <Stack gap="sm" data-testid="import-mapping">
          {upload.headers.map((header) => (
            <Stack key={header} gap={2}>
              <Text size="sm" fw={500}>
                {header}
              </Text>
              {fieldSelect(header)}
              {sample(header) && (
                <Text size="xs" c="dimmed" truncate>
                  {t("mapping.exampleValue", { value: sample(header) })}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      )}
      {problems.length > 0 && (
        <Alert color="orange" role="alert" data-testid="import-mapping-problems">
          <Stack gap={2}>
            {problems.map((p) => (
              <Text key={`${p.kind}-${"field" in p ? p.field : ""}`} size="sm">
                {t(
                  `mapping.problems.${p.kind}`,
                  "field" in p ? { field: t(`fields.${upload.entity}.${p.field}`) } : {},
                )}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Radio.Group
        label={t("mapping.duplicates")}
        value={policy}
        onChange={(v) => onPolicy(v as DuplicatePolicy)}
        data-testid="import-duplicate-policy"
      >
        <Stack gap={6} mt={6}>
          {POLICIES.map((p) => (
            <Radio
              key={p}
              value={p}
              label={t(`mapping.policy.${p}`)}
              description={t(`mapping.policyHelp.${p}`)}
            />
          ))}
        </Stack>
      </Radio.Group>
      <Group align="flex-end">
        <TextInput
          label={t("mapping.saveAs")}
          placeholder={t("mapping.saveAsPlaceholder")}
          value={saveAs}
          onChange={(e) => onSaveAs(e.currentTarget.value)}
          maxLength={200}
          w={360}
          maw="100%"
          data-testid="import-save-as"
        />
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
