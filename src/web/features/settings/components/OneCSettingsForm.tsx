// 1C's settings: the pipeline its orders and statuses apply to, the stages whose deals are sent to 1C,
// the file encoding, the 1C status → stage map as rows (status text + stage), the stage of paid deals and
// what the catalog exchange imports. Saved together, so every stage named is in the chosen pipeline.
import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconDeviceFloppy, IconPlus, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { usePipelines } from "../../../lib/session.ts";
import { useUpdateOneC } from "../api/accounting.ts";
import {
  duplicateStatuses,
  type OneC,
  type OneCSettings,
  oneCForPipeline,
  pipelineIn,
  type StatusRow,
  statusMapOf,
  statusRows,
} from "../logic/accounting.ts";
import { showFormError } from "../logic/forms.ts";

const ENCODINGS = ["utf-8", "windows-1251"] as const;

export function OneCSettingsForm({ integration, editable }: { integration: OneC; editable: boolean }) {
  const { t } = useTranslation("settings");
  const pipelines = usePipelines();
  const update = useUpdateOneC();
  const [draft, setDraft] = useState<OneCSettings>(integration.settings);
  const [rows, setRows] = useState<StatusRow[]>(() => statusRows(integration.settings.statusMap));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const pipeline = pipelineIn(pipelines.data ?? [], draft.pipelineId);
  const stages = (pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }));
  const current = { ...draft, statusMap: statusMapOf(rows) };
  const dirty = JSON.stringify(current) !== JSON.stringify(integration.settings);
  const twice = duplicateStatuses(rows);
  const set = (patch: Partial<OneCSettings>) => setDraft((d) => ({ ...d, ...patch }));
  const setRow = (i: number, patch: Partial<StatusRow>) =>
    setRows((list) => list.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const reset = (settings: OneCSettings) => {
    setDraft(settings);
    setRows(statusRows(settings.statusMap));
  };
  const save = async () => {
    setErrors({});
    try {
      const saved = await update.mutateAsync(current);
      reset(saved.settings);
      notifyDone(t("accounting.saved"));
    } catch (err) {
      showFormError({ setErrors: (e) => setErrors(e as Record<string, string>) }, err, t);
    }
  };

  return (
    <Stack gap="md" data-testid="one-c-settings">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t("accounting.pipeline")}
          description={t("accounting.pipelineHint")}
          data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline?.id ?? null}
          allowDeselect={false}
          disabled={!editable}
          error={errors.pipelineId}
          data-testid="one-c-pipeline"
          onChange={(value) => {
            const ids = (pipelineIn(pipelines.data ?? [], value)?.stages ?? []).map((s) => s.id);
            const kept = oneCForPipeline({ ...draft, statusMap: statusMapOf(rows) }, value, ids);
            set(kept);
            setRows(statusRows(kept.statusMap));
          }}
        />
        <Select
          label={t("accounting.oneC.encoding")}
          description={t("accounting.oneC.encodingHint")}
          data={ENCODINGS.map((e) => ({ value: e, label: e.toUpperCase() }))}
          value={draft.encoding}
          allowDeselect={false}
          disabled={!editable}
          data-testid="one-c-encoding"
          onChange={(value) => value && set({ encoding: value as OneCSettings["encoding"] })}
        />
      </SimpleGrid>
      <MultiSelect
        label={t("accounting.oneC.exportStages")}
        description={t("accounting.oneC.exportStagesHint")}
        data={stages}
        value={draft.exportStageIds}
        placeholder={draft.exportStageIds.length ? undefined : t("accounting.oneC.noExport")}
        disabled={!editable}
        error={errors.exportStageIds}
        data-testid="one-c-export-stages"
        onChange={(value) => set({ exportStageIds: value })}
      />
      <Select
        label={t("accounting.oneC.paidStage")}
        description={t("accounting.oneC.paidStageHint")}
        data={stages}
        value={draft.paidStageId}
        placeholder={t("accounting.oneC.paidFlagOnly")}
        clearable
        disabled={!editable}
        error={errors.paidStageId}
        maw={420}
        data-testid="one-c-paid-stage"
        onChange={(value) => set({ paidStageId: value })}
      />
      <Group gap="lg">
        <Switch
          label={t("accounting.oneC.importProducts")}
          checked={draft.importProducts}
          disabled={!editable}
          data-testid="one-c-import-products"
          onChange={(e) => set({ importProducts: e.currentTarget.checked })}
        />
        <Switch
          label={t("accounting.oneC.importCounterparties")}
          checked={draft.importCounterparties}
          disabled={!editable}
          data-testid="one-c-import-counterparties"
          onChange={(e) => set({ importCounterparties: e.currentTarget.checked })}
        />
      </Group>

      <div>
        <Title order={5} size="h6">
          {t("accounting.oneC.statusMapTitle")}
        </Title>
        <Text size="sm" c="dimmed" mb={4}>
          {t("accounting.oneC.statusMapHint")}
        </Text>
        <Stack gap={6} data-testid="one-c-status-map">
          {rows.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("accounting.oneC.noStatuses")}
            </Text>
          )}
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; their order only changes by removal
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start" data-testid={`one-c-status-row-${i}`}>
              <TextInput
                size="xs"
                style={{ flex: 1 }}
                placeholder={t("accounting.oneC.statusPlaceholder")}
                aria-label={t("accounting.oneC.status")}
                value={row.status}
                disabled={!editable}
                error={
                  twice.has(row.status.trim())
                    ? t("accounting.oneC.duplicate")
                    : errors[`statusMap.${row.status.trim()}`]
                }
                data-testid="one-c-status-text"
                onChange={(e) => setRow(i, { status: e.currentTarget.value })}
              />
              <Select
                size="xs"
                style={{ flex: 1 }}
                data={stages}
                value={row.stageId}
                placeholder={t("accounting.stage")}
                aria-label={t("accounting.stage")}
                disabled={!editable}
                data-testid="one-c-status-stage"
                onChange={(value) => setRow(i, { stageId: value })}
              />
              {editable && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t("accounting.oneC.removeStatus")}
                  onClick={() => setRows((list) => list.filter((_, j) => j !== i))}
                >
                  <IconX size={14} />
                </ActionIcon>
              )}
            </Group>
          ))}
          {editable && (
            <Group>
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                onClick={() => setRows((list) => [...list, { status: "", stageId: null }])}
                data-testid="one-c-add-status"
              >
                {t("accounting.oneC.addStatus")}
              </Button>
            </Group>
          )}
        </Stack>
      </div>

      {editable && (
        <Group>
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            disabled={!dirty || twice.size > 0}
            loading={update.isPending}
            onClick={() => void save()}
            data-testid="one-c-save"
          >
            {t("actions.save", { ns: "common" })}
          </Button>
          {dirty && (
            <Button variant="subtle" color="gray" onClick={() => reset(integration.settings)}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
