// Pipelines: pick one to edit its stages, create a new one. The chosen pipeline is kept in the URL.
import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { FormModal } from "../../../components/FormModal.tsx";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { usePipelines } from "../../../lib/session.ts";
import { nameSchema, useCreatePipeline } from "../api/pipelines.ts";
import { resolver, showFormError } from "../logic/forms.ts";
import type { Access } from "../logic/sections.ts";
import { PipelineEditor } from "./PipelineEditor.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function PipelinesSection({ access }: { access: Access }) {
  const { t } = useTranslation("settings");
  const pipelines = usePipelines();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const editable = access === "edit";
  const choose = (id: string) =>
    setParams(
      (p) => {
        p.set("pipeline", id);
        return p;
      },
      { replace: true },
    );

  return (
    <SectionFrame section="pipelines" access={access}>
      <QueryState query={pipelines} isEmpty={(list) => list.length === 0} empty={t("pipelines.empty")}>
        {(list) => {
          const selected =
            list.find((p) => p.id === params.get("pipeline")) ?? list.find((p) => p.isDefault) ?? list[0];
          return (
            <Stack>
              <Group align="flex-end" gap="sm">
                <Select
                  label={t("pipelines.pipeline")}
                  data={list.map((p) => ({
                    value: p.id,
                    label: p.isDefault ? `${p.name} (${t("pipelines.default")})` : p.name,
                  }))}
                  value={selected?.id ?? null}
                  allowDeselect={false}
                  onChange={(id) => id && choose(id)}
                  style={{ flex: "1 1 240px" }}
                  maw={420}
                  data-testid="pipeline-select"
                />
                {editable && (
                  <Button
                    variant="light"
                    leftSection={<IconPlus size={16} />}
                    onClick={() => setCreating(true)}
                    data-testid="pipeline-create"
                  >
                    {t("pipelines.create")}
                  </Button>
                )}
              </Group>
              {selected && (
                <PipelineEditor key={selected.id} pipeline={selected} pipelines={list} editable={editable} />
              )}
            </Stack>
          );
        }}
      </QueryState>
      <CreatePipelineModal opened={creating} onClose={() => setCreating(false)} onCreated={choose} />
    </SectionFrame>
  );
}

function CreatePipelineModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation("settings");
  const create = useCreatePipeline();
  const form = useForm({ initialValues: { name: "" }, validate: resolver(nameSchema, t) });
  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit(async ({ name }) => {
    try {
      const pipeline = await create.mutateAsync({ name: name.trim() });
      notifyDone(t("pipelines.created", { name: pipeline.name }));
      onCreated(pipeline.id);
      close();
    } catch (err) {
      showFormError(form, err, t);
    }
  });
  return (
    <FormModal
      opened={opened}
      onClose={close}
      title={t("pipelines.createTitle")}
      submitLabel={t("actions.create", { ns: "common" })}
      submitTestId="pipeline-create-submit"
      busy={form.submitting}
      onSubmit={submit}
    >
      <TextInput
        label={t("pipelines.name")}
        description={t("pipelines.createHint")}
        data-autofocus
        data-testid="pipeline-name"
        {...form.getInputProps("name")}
      />
    </FormModal>
  );
}
