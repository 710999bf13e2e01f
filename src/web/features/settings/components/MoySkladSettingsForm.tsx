// MoySklad's settings: which way each entity flows, the pipeline orders go to and its state ↔ stage map
// (a row per MoySklad order state), the organisation and store of orders made here, and whether a won
// deal makes an order. Saved together, so the map always names stages of the chosen pipeline.
import {
  Button,
  ColorSwatch,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconDeviceFloppy } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { usePipelines } from "../../../lib/session.ts";
import { useUpdateMoySklad } from "../api/accounting.ts";
import {
  DIRECTIONS,
  keepStages,
  type MoySklad,
  type MoySkladSettings,
  PRODUCT_DIRECTIONS,
  pipelineIn,
  stateColor,
  withState,
} from "../logic/accounting.ts";
import { showFormError } from "../logic/forms.ts";

const ENTITIES = ["counterparties", "orders", "products"] as const;

export function MoySkladSettingsForm({
  integration,
  editable,
}: {
  integration: MoySklad;
  editable: boolean;
}) {
  const { t } = useTranslation("settings");
  const pipelines = usePipelines();
  const update = useUpdateMoySklad();
  const [draft, setDraft] = useState<MoySkladSettings>(integration.settings);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const pipeline = pipelineIn(pipelines.data ?? [], draft.pipelineId);
  const stageOptions = (pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }));
  const dirty = JSON.stringify(draft) !== JSON.stringify(integration.settings);
  const set = (patch: Partial<MoySkladSettings>) => setDraft((d) => ({ ...d, ...patch }));
  const directionOptions = (list: readonly string[]) =>
    list.map((d) => ({ value: d, label: t(`accounting.directions.${d}`) }));

  const save = async () => {
    setErrors({});
    try {
      const saved = await update.mutateAsync(draft);
      setDraft(saved.settings);
      notifyDone(t("accounting.saved"));
    } catch (err) {
      showFormError({ setErrors: (e) => setErrors(e as Record<string, string>) }, err, t);
    }
  };

  return (
    <Stack gap="md" data-testid="moysklad-settings">
      <div>
        <Title order={5} size="h6" mb={4}>
          {t("accounting.moysklad.directionsTitle")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {ENTITIES.map((entity) => (
            <Select
              key={entity}
              label={t(`accounting.moysklad.entities.${entity}`)}
              data={directionOptions(entity === "products" ? PRODUCT_DIRECTIONS : DIRECTIONS)}
              value={draft.directions[entity]}
              allowDeselect={false}
              disabled={!editable}
              data-testid={`moysklad-direction-${entity}`}
              onChange={(value) =>
                value &&
                set({
                  directions: { ...draft.directions, [entity]: value } as MoySkladSettings["directions"],
                })
              }
            />
          ))}
        </SimpleGrid>
      </div>

      <div>
        <Title order={5} size="h6" mb={4}>
          {t("accounting.moysklad.ordersTitle")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t("accounting.pipeline")}
            description={t("accounting.pipelineHint")}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={pipeline?.id ?? null}
            allowDeselect={false}
            disabled={!editable}
            error={errors.pipelineId}
            data-testid="moysklad-pipeline"
            onChange={(value) => {
              const next = pipelineIn(pipelines.data ?? [], value);
              set({
                pipelineId: value,
                stateMap: keepStages(
                  draft.stateMap,
                  (next?.stages ?? []).map((s) => s.id),
                ),
              });
            }}
          />
          <Select
            label={t("accounting.moysklad.organization")}
            data={integration.remote.organizations.map((o) => ({ value: o.id, label: o.name }))}
            value={draft.organizationId}
            placeholder={t("accounting.moysklad.first")}
            disabled={!editable}
            data-testid="moysklad-organization"
            onChange={(value) => set({ organizationId: value })}
          />
          <Select
            label={t("accounting.moysklad.store")}
            data={integration.remote.stores.map((s) => ({ value: s.id, label: s.name }))}
            value={draft.storeId}
            placeholder={t("accounting.moysklad.first")}
            disabled={!editable}
            data-testid="moysklad-store"
            onChange={(value) => set({ storeId: value })}
          />
        </SimpleGrid>
        <Switch
          mt="sm"
          label={t("accounting.moysklad.createOrderOnWin")}
          description={t("accounting.moysklad.createOrderOnWinHint")}
          checked={draft.createOrderOnWin}
          disabled={!editable}
          data-testid="moysklad-create-order"
          onChange={(e) => set({ createOrderOnWin: e.currentTarget.checked })}
        />
      </div>

      <div>
        <Title order={5} size="h6">
          {t("accounting.moysklad.stateMapTitle")}
        </Title>
        <Text size="sm" c="dimmed" mb={4}>
          {t("accounting.moysklad.stateMapHint", { pipeline: pipeline?.name ?? "" })}
        </Text>
        {integration.remote.states.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("accounting.moysklad.noStates")}
          </Text>
        ) : (
          <Table verticalSpacing={4} data-testid="moysklad-state-map">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("accounting.moysklad.state")}</Table.Th>
                <Table.Th>{t("accounting.stage")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {integration.remote.states.map((state) => (
                <Table.Tr key={state.id} data-testid={`moysklad-state-${state.id}`}>
                  <Table.Td>
                    <Group gap={8} wrap="nowrap">
                      {state.color !== undefined && (
                        <ColorSwatch color={stateColor(state.color) ?? ""} size={12} />
                      )}
                      <Text size="sm">{state.name}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      data={stageOptions}
                      value={draft.stateMap[state.id] ?? null}
                      placeholder={t("accounting.notMapped")}
                      clearable
                      disabled={!editable}
                      error={errors[`stateMap.${state.id}`]}
                      aria-label={t("accounting.moysklad.stageFor", { state: state.name })}
                      data-testid={`moysklad-state-stage-${state.id}`}
                      onChange={(value) => set({ stateMap: withState(draft.stateMap, state.id, value) })}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>

      {editable && (
        <Group>
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            disabled={!dirty}
            loading={update.isPending}
            onClick={() => void save()}
            data-testid="moysklad-save"
          >
            {t("actions.save", { ns: "common" })}
          </Button>
          {dirty && (
            <Button variant="subtle" color="gray" onClick={() => setDraft(integration.settings)}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
