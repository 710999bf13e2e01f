// Workspace: name, time zone, currency, language and how long a client may wait for an answer; and who
// sees whose records (VisibilityForm).
import { Button, Group, NumberInput, Paper, Select, SimpleGrid, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { useSession } from "../../../lib/session.ts";
import {
  CURRENCIES,
  timeZones,
  UNANSWERED_MINUTES,
  useUpdateWorkspace,
  type Workspace,
  type WorkspaceValues,
  workspaceSchema,
} from "../api/workspace.ts";
import { resolver, showFormError } from "../logic/forms.ts";
import type { Access } from "../logic/sections.ts";
import { SectionFrame } from "./SectionFrame.tsx";
import { VisibilityForm } from "./VisibilityForm.tsx";

export function WorkspaceSection({ access }: { access: Access }) {
  const { t, i18n } = useTranslation("settings");
  const workspace: Workspace = useSession().workspace;
  const editable = access === "edit";
  const update = useUpdateWorkspace(workspace.id);
  const form = useForm<WorkspaceValues>({
    initialValues: {
      name: workspace.name,
      timezone: workspace.timezone,
      currency: workspace.currency,
      locale: workspace.locale === "en" ? "en" : "ru",
      unansweredMinutes: workspace.unansweredMinutes,
    },
    validate: resolver(workspaceSchema, t),
  });
  const zones = useMemo(() => timeZones(workspace.timezone), [workspace.timezone]);
  const currencies = CURRENCIES.includes(workspace.currency)
    ? CURRENCIES
    : [workspace.currency, ...CURRENCIES];

  const submit = form.onSubmit(async (values) => {
    try {
      await update.mutateAsync({ ...values, name: values.name.trim() });
      form.resetDirty(values);
      notifyDone(t("state.saved", { ns: "common" }));
    } catch (err) {
      showFormError(form, err, t);
    }
  });

  return (
    <SectionFrame section="workspace" access={access}>
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
        <Title order={4} size="h5" mb="sm">
          {t("workspace.general")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("workspace.name")}
            readOnly={!editable}
            data-testid="workspace-name"
            {...form.getInputProps("name")}
          />
          <Select
            label={t("workspace.timezone")}
            data={zones}
            searchable
            allowDeselect={false}
            readOnly={!editable}
            nothingFoundMessage={t("nothingFound")}
            data-testid="workspace-timezone"
            {...form.getInputProps("timezone")}
          />
          <Select
            label={t("workspace.currency")}
            data={currencies.map((code) => ({
              value: code,
              label: `${code} — ${currencyName(code, i18n.language)}`,
            }))}
            searchable
            allowDeselect={false}
            readOnly={!editable}
            data-testid="workspace-currency"
            {...form.getInputProps("currency")}
          />
          <Select
            label={t("workspace.locale")}
            description={t("workspace.localeHint")}
            data={[
              { value: "ru", label: t("lang.ru", { ns: "common" }) },
              { value: "en", label: t("lang.en", { ns: "common" }) },
            ]}
            allowDeselect={false}
            readOnly={!editable}
            data-testid="workspace-locale"
            {...form.getInputProps("locale")}
          />
          <NumberInput
            label={t("workspace.unansweredMinutes")}
            description={t("workspace.unansweredMinutesHint")}
            min={UNANSWERED_MINUTES.min}
            max={UNANSWERED_MINUTES.max}
            step={5}
            allowDecimal={false}
            allowNegative={false}
            readOnly={!editable}
            data-testid="workspace-unanswered-minutes"
            {...form.getInputProps("unansweredMinutes")}
          />
        </SimpleGrid>
        {editable && (
          <Group justify="flex-end" mt="md">
            <Button
              type="submit"
              loading={form.submitting}
              disabled={!form.isDirty()}
              data-testid="workspace-save"
            >
              {t("actions.save", { ns: "common" })}
            </Button>
          </Group>
        )}
      </Paper>
      <VisibilityForm editable={editable} />
    </SectionFrame>
  );
}

/** "российский рубль" / "Russian Ruble", or the code when the browser does not know it. */
function currencyName(code: string, lang: string) {
  try {
    return new Intl.DisplayNames([lang === "en" ? "en" : "ru"], { type: "currency" }).of(code) ?? code;
  } catch {
    return code;
  }
}
