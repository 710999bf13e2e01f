// Adds an open stage to a pipeline (before won and lost).
import { Button, ColorInput, Group, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { stageSchema, useAddStage } from "../api/pipelines.ts";
import { resolver, submitAndReset } from "../logic/forms.ts";
import { SWATCHES } from "./ColorField.tsx";

export function AddStageForm({ pipelineId }: { pipelineId: string }) {
  const { t } = useTranslation("settings");
  const add = useAddStage();
  const form = useForm({ initialValues: { name: "", color: "" }, validate: resolver(stageSchema, t) });
  const submit = submitAndReset(form, t, async ({ name, color }) => {
    await add.mutateAsync({ pipelineId, name: name.trim(), color: color || null });
    notifyDone(t("stages.added", { name: name.trim() }));
  });
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm">
        <TextInput
          placeholder={t("stages.newName")}
          aria-label={t("stages.newName")}
          style={{ flex: "1 1 200px" }}
          data-testid="stage-add-name"
          {...form.getInputProps("name")}
        />
        <ColorInput
          w={140}
          format="hex"
          swatches={SWATCHES}
          swatchesPerRow={7}
          closeOnColorSwatchClick
          withEyeDropper={false}
          placeholder={t("stages.color")}
          aria-label={t("stages.color")}
          data-testid="stage-add-color"
          {...form.getInputProps("color")}
        />
        <Button
          type="submit"
          variant="light"
          leftSection={<IconPlus size={16} />}
          loading={form.submitting}
          data-testid="stage-add"
        >
          {t("stages.add")}
        </Button>
      </Group>
    </form>
  );
}
