// Lead sources, loss reasons and tags: add, rename, (re)classify or recolour, delete.
import { Button, ColorInput, Group, Paper, Select, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { useSession } from "../../../lib/session.ts";
import {
  DICTIONARIES,
  type Dictionary,
  type EntryValues,
  entryBody,
  entrySchema,
  SOURCE_KINDS,
  useEntryMutations,
} from "../api/dictionaries.ts";
import { resolver, submitAndReset } from "../logic/forms.ts";
import type { Access } from "../logic/sections.ts";
import { SWATCHES } from "./ColorField.tsx";
import { EntryTable } from "./EntryTable.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function DictionarySection({ section, access }: { section: Dictionary["section"]; access: Access }) {
  const { t } = useTranslation("settings");
  const { can } = useSession();
  const d = DICTIONARIES[section];
  const list = d.useList();
  // Tags are made and renamed while working; deleting any entry, and the other lists, are settings.
  const canWrite =
    access === "edit" && (section === "tags" ? can("records.update") : can("workspace.settings"));
  const canDelete = can("workspace.settings");

  return (
    <SectionFrame section={section} access={access}>
      {canWrite && <AddEntryForm d={d} />}
      <QueryState
        query={list}
        isEmpty={(items) => items.length === 0}
        empty={t(`dictionary.${section}.empty`)}
      >
        {(items) => <EntryTable d={d} items={items} canWrite={canWrite} canDelete={canDelete} />}
      </QueryState>
    </SectionFrame>
  );
}

function AddEntryForm({ d }: { d: Dictionary }) {
  const { t } = useTranslation("settings");
  const { create } = useEntryMutations(d);
  const form = useForm<EntryValues>({
    initialValues: { name: "", kind: "manual", color: "" },
    validate: resolver(entrySchema, t),
  });
  const submit = submitAndReset(form, t, async (values) => {
    await create.mutateAsync(entryBody(d, values));
    notifyDone(t("dictionary.added", { name: values.name.trim() }));
  });
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm">
        <TextInput
          label={t(`dictionary.${d.section}.newName`)}
          style={{ flex: "1 1 220px" }}
          data-testid={`${d.section}-add-name`}
          {...form.getInputProps("name")}
        />
        {d.withKind && (
          <Select
            label={t("dictionary.kind")}
            w={200}
            allowDeselect={false}
            data={SOURCE_KINDS.map((k) => ({ value: k, label: t(`sourceKinds.${k}`) }))}
            data-testid={`${d.section}-add-kind`}
            {...form.getInputProps("kind")}
          />
        )}
        {d.withColor && (
          <ColorInput
            label={t("dictionary.color")}
            w={150}
            format="hex"
            swatches={SWATCHES}
            swatchesPerRow={7}
            closeOnColorSwatchClick
            withEyeDropper={false}
            data-testid={`${d.section}-add-color`}
            {...form.getInputProps("color")}
          />
        )}
        <Button
          type="submit"
          mt={25}
          leftSection={<IconPlus size={16} />}
          loading={form.submitting}
          data-testid={`${d.section}-add`}
        >
          {t("actions.add", { ns: "common" })}
        </Button>
      </Group>
    </Paper>
  );
}
