// The sync in progress: what it reads now (products, counterparties, orders; a 1C file) and how far it is,
// as a bar that moves with each poll; a bar without a total runs striped until the total is known.
import { Group, Progress, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../../lib/format.ts";
import { kindKey, phaseKey, progressPercent, type Run } from "../logic/accounting.ts";

export function AccountingRunProgress({ run, testId }: { run: Run; testId: string }) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const percent = progressPercent(run.progress);
  const phase = run.progress?.phase ?? "";
  const phaseText = phase ? (phaseKey(phase) ? t(phaseKey(phase) ?? "") : phase) : t("accounting.starting");
  const kind = kindKey(run.kind);
  return (
    <Stack gap={4} data-testid={testId} data-phase={phase} aria-live="polite">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500}>
          {kind ? t(kind) : run.kind}
          {": "}
          {phaseText}
        </Text>
        {run.progress && (
          <Text size="sm" c="dimmed" data-testid={`${testId}-count`}>
            {run.progress.total === null
              ? formatNumber(run.progress.done, lang)
              : t("accounting.doneOf", {
                  done: formatNumber(run.progress.done, lang),
                  total: formatNumber(run.progress.total, lang),
                })}
          </Text>
        )}
      </Group>
      <Progress
        value={percent ?? 100}
        striped={percent === null}
        animated={percent === null}
        aria-label={t("accounting.progress")}
        transitionDuration={300}
      />
    </Stack>
  );
}
