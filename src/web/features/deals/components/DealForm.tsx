// The deal's fields, editable: checked with the API's schema in the browser, the API's own field errors
// shown next to the fields. A change made elsewhere refreshes the form unless the person is editing.
import {
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { fieldErrors } from "../../../lib/errors.ts";
import {
  type CustomField,
  useMembers,
  usePipelines,
  useSession,
  useSources,
  useTags,
} from "../../../lib/session.ts";
import { updateDeal } from "../api/deal.ts";
import { dealKeys } from "../api/keys.ts";
import type { Deal } from "../api/types.ts";
import { type DealFormValues, dealBody, formFieldOf, formValues, validateDeal } from "../dealForm.ts";
import { CustomFieldInput } from "./CustomFieldInput.tsx";
import { LossReasonDialog } from "./LossReasonDialog.tsx";

const CURRENCIES = ["RUB", "USD", "EUR", "KZT", "BYN", "UZS", "CNY"];
const UTM = ["utmSource", "utmMedium", "utmCampaign", "utmContent", "utmTerm", "yclid"] as const;

export function DealForm({
  deal,
  fields,
  onSaved,
}: {
  deal: Deal;
  fields: CustomField[];
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation("deals");
  const { can } = useSession();
  const client = useQueryClient();
  const pipelines = usePipelines();
  const members = useMembers();
  const sources = useSources();
  const tags = useTags();
  const [losing, setLosing] = useState<DealFormValues | null>(null);
  const initial = useMemo(() => formValues(deal, fields), [deal, fields]);
  const form = useForm<DealFormValues>({
    initialValues: initial,
    validate: (values) =>
      Object.fromEntries(Object.entries(validateDeal(values, fields)).map(([field, key]) => [field, t(key)])),
  });

  // A newer version from the server (a live update, a move) replaces the form while it is untouched.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new server version resets the form
  useEffect(() => {
    if (!form.isDirty()) {
      form.setValues(initial);
      form.resetDirty(initial);
    }
  }, [initial]);

  const apiErrors = (err: unknown) =>
    Object.fromEntries(
      Object.entries(fieldErrors(err)).map(([field, message]) => [
        formFieldOf(field),
        /required/.test(message)
          ? t("errors.required")
          : i18n.language === "en"
            ? message
            : t("errors.invalid"),
      ]),
    );

  const save = async (values: DealFormValues, lossReasonId?: string) => {
    const body = dealBody(values, deal, fields);
    if (Object.keys(body).length === 0) return;
    const target = pipelines.data?.flatMap((p) => p.stages).find((s) => s.id === body.stageId);
    if (target?.kind === "lost" && !lossReasonId && !deal.lossReasonId) {
      setLosing(values);
      return;
    }
    try {
      const saved = await updateDeal(deal.id, { ...body, ...(lossReasonId ? { lossReasonId } : {}) });
      client.setQueryData(dealKeys.deal(deal.id), saved);
      form.resetDirty(formValues(saved, fields));
      form.setValues(formValues(saved, fields));
      void client.invalidateQueries({ queryKey: dealKeys.about(deal.id) });
      void client.invalidateQueries({ queryKey: dealKeys.kanbanAll });
      notifyDone(t("state.saved", { ns: "common" }));
      onSaved();
    } catch (err) {
      form.setErrors(apiErrors(err));
      notifyError(err, t);
    }
  };

  const pipeline = pipelines.data?.find((p) => p.id === form.values.pipelineId);
  const readOnly = !can("records.update");
  const utm = UTM.filter((key) => deal[key]);
  return (
    <Card withBorder padding="md">
      <form onSubmit={form.onSubmit((values) => save(values))} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t("form.title")}
          </Title>
          <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t("fields.title")}
                withAsterisk
                data-testid="deal-field-title"
                {...form.getInputProps("title")}
              />
              <Group gap="xs" grow wrap="nowrap" align="flex-start">
                <TextInput
                  label={t("fields.amountMinor")}
                  inputMode="decimal"
                  data-testid="deal-field-amount"
                  {...form.getInputProps("amount")}
                />
                <Select
                  label={t("fields.currency")}
                  data={CURRENCIES}
                  allowDeselect={false}
                  maw={110}
                  {...form.getInputProps("currency")}
                />
              </Group>
              <Select
                label={t("fields.pipelineId")}
                allowDeselect={false}
                data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                {...form.getInputProps("pipelineId")}
                onChange={(id) => {
                  if (!id) return;
                  const next = pipelines.data?.find((p) => p.id === id);
                  form.setFieldValue("pipelineId", id);
                  form.setFieldValue("stageId", next?.stages.find((s) => s.kind === "open")?.id ?? "");
                }}
              />
              <Select
                label={t("fields.stageId")}
                allowDeselect={false}
                data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
                data-testid="deal-field-stage"
                {...form.getInputProps("stageId")}
              />
              <Select
                label={t("fields.ownerId")}
                clearable
                searchable
                data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
                {...form.getInputProps("ownerId")}
              />
              <Select
                label={t("fields.sourceId")}
                clearable
                data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                {...form.getInputProps("sourceId")}
              />
              <TextInput
                type="date"
                label={t("fields.expectedCloseDate")}
                {...form.getInputProps("expectedCloseDate")}
              />
              <MultiSelect
                label={t("fields.tags")}
                searchable
                clearable
                data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
                {...form.getInputProps("tagIds")}
              />
              {fields.map((field) => (
                <CustomFieldInput key={field.id} field={field} form={form} />
              ))}
            </SimpleGrid>
          </fieldset>
          {utm.length > 0 && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t("form.utm")}
              </Text>
              <Table.ScrollContainer minWidth={280}>
                <Table fz="xs" withRowBorders={false} verticalSpacing={2}>
                  <Table.Tbody>
                    {utm.map((key) => (
                      <Table.Tr key={key}>
                        <Table.Td c="dimmed" w={140}>
                          {t(`fields.${key}`)}
                        </Table.Td>
                        <Table.Td style={{ overflowWrap: "anywhere" }}>{deal[key]}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          )}
          {!readOnly && (
            <Group justify="flex-end" gap="xs">
              {form.isDirty() && (
                <Button variant="default" onClick={() => form.setValues(initial)} disabled={form.submitting}>
                  {t("actions.cancel", { ns: "common" })}
                </Button>
              )}
              <Button
                type="submit"
                loading={form.submitting}
                disabled={!form.isDirty()}
                data-testid="deal-save"
              >
                {t("actions.save", { ns: "common" })}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      <LossReasonDialog
        opened={losing !== null}
        title={deal.title}
        onClose={() => setLosing(null)}
        onConfirm={async (lossReasonId) => {
          if (losing) await save(losing, lossReasonId);
          setLosing(null);
        }}
      />
    </Card>
  );
}
