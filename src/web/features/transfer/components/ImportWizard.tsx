// The import wizard: file → columns → preview → progress → result.
import { Button, Card, Group, Stack, Stepper } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowLeft, IconArrowRight, IconPlayerPlay, IconPlus, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Loading } from "../../../components/QueryState.tsx";
import { ImportProgress, ImportResult } from "./ImportProgress.tsx";
import { MappingStep } from "./MappingStep.tsx";
import { PreviewStep } from "./PreviewStep.tsx";
import { UploadStep } from "./UploadStep.tsx";
import { STEPS, useImportWizard } from "./useImportWizard.ts";

export function ImportWizard() {
  const { t } = useTranslation("transfer");
  const wide = useMediaQuery("(min-width: 48em)", true);
  const w = useImportWizard();

  const body = (() => {
    switch (w.step) {
      case 0:
        return (
          <UploadStep
            entity={w.entity}
            onEntity={w.setEntity}
            file={w.file}
            onFile={w.setFile}
            error={w.error}
            busy={w.busy}
          />
        );
      case 1:
        return !w.upload ? (
          <Loading />
        ) : (
          <MappingStep
            upload={w.upload}
            mapping={w.mapping}
            onMapping={w.setMapping}
            policy={w.policy}
            onPolicy={w.setPolicy}
            saveAs={w.saveAs}
            onSaveAs={w.setSaveAs}
            problems={w.problems}
            error={w.error}
          />
        );
      case 2:
        return w.configured ? <PreviewStep configured={w.configured} /> : <Loading />;
      case 3:
      case 4:
        return w.progress ? (
          <Stack>
            <ImportProgress imp={w.progress} />
            <ImportResult imp={w.progress} />
          </Stack>
        ) : (
          <Loading />
        );
    }
  })();

  return (
    <Card withBorder radius="md" padding="md" data-testid="import-wizard">
      <Stack gap="lg">
        <Stepper
          active={w.step === 4 ? STEPS.length : w.step}
          size="sm"
          iconSize={wide ? 32 : 26}
          allowNextStepsSelect={false}
        >
          {STEPS.map((key) => (
            <Stepper.Step
              key={key}
              label={wide ? t(`steps.${key}`) : undefined}
              aria-label={t(`steps.${key}`)}
            />
          ))}
        </Stepper>
        {body}
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            {(w.step === 1 || w.step === 2) && (
              <Button
                variant="default"
                leftSection={<IconArrowLeft size={16} />}
                onClick={w.back}
                disabled={w.busy}
              >
                {t("actions.back", { ns: "common" })}
              </Button>
            )}
          </Group>
          <Group gap="xs">
            {w.step === 0 && (
              <Button
                rightSection={<IconArrowRight size={16} />}
                onClick={() => void w.sendFile()}
                loading={w.busy}
                disabled={!w.file}
                data-testid="import-next"
              >
                {t("wizard.upload")}
              </Button>
            )}
            {w.step === 1 && (
              <Button
                rightSection={<IconArrowRight size={16} />}
                onClick={() => void w.sendMapping()}
                loading={w.busy}
                disabled={!w.upload}
                data-testid="import-next"
              >
                {t("wizard.next")}
              </Button>
            )}
            {w.step === 2 && (
              <Button
                leftSection={<IconPlayerPlay size={16} />}
                onClick={() => void w.start()}
                loading={w.busy}
                disabled={!w.configured}
                data-testid="import-start"
              >
                {t("wizard.start")}
              </Button>
            )}
            {w.step === 3 && w.runningId && w.progress?.status === "running" && (
              <Button
                color="red"
                variant="light"
                leftSection={<IconX size={16} />}
                onClick={() => void w.cancel()}
                loading={w.busy}
                data-testid="import-cancel"
              >
                {t("wizard.cancel")}
              </Button>
            )}
            {w.step === 4 && (
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                onClick={w.reset}
                data-testid="import-again"
              >
                {t("wizard.again")}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
