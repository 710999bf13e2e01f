// The entries of a source / loss reason / tag list, editable in place.
import { ActionIcon, Badge, Group, Select, Table, Tooltip } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import {
  type Dictionary,
  type Entry,
  type EntryValues,
  entryBody,
  SOURCE_KINDS,
  useEntryMutations,
} from "../api/dictionaries.ts";
import { deleteErrorText } from "../logic/forms.ts";
import { ColorField } from "./ColorField.tsx";
import { ConfirmModal } from "./ConfirmModal.tsx";
import { InlineName } from "./InlineName.tsx";

export function EntryTable({
  d,
  items,
  canWrite,
  canDelete,
}: {
  d: Dictionary;
  items: Entry[];
  canWrite: boolean;
  canDelete: boolean;
}) {
  const { t } = useTranslation("settings");
  const { update, remove } = useEntryMutations(d);
  const [deleting, setDeleting] = useState<Entry | null>(null);
  const save = async (entry: Entry, values: Partial<EntryValues>) => {
    await update.mutateAsync({ id: entry.id, body: entryBody(d, values) });
    notifyDone(t("state.saved", { ns: "common" }));
  };
  const saveQuietly = (entry: Entry, values: Partial<EntryValues>) =>
    void save(entry, values).catch((err) => notifyError(err, t));

  return (
    <>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing="xs" data-testid={`${d.section}-table`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("dictionary.name")}</Table.Th>
              {d.withKind && <Table.Th>{t("dictionary.kind")}</Table.Th>}
              {d.withColor && <Table.Th>{t("dictionary.color")}</Table.Th>}
              <Table.Th aria-label={t("columns.actions")} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((entry) => (
              <Table.Tr key={entry.id} data-testid={`${d.section}-row-${entry.id}`}>
                <Table.Td>
                  <InlineName
                    value={entry.name}
                    label={entry.name}
                    editable={canWrite}
                    testId={`${d.section}-name-${entry.id}`}
                    onSave={(name) => save(entry, { name })}
                  />
                </Table.Td>
                {d.withKind && (
                  <Table.Td>
                    {canWrite ? (
                      <Select
                        size="xs"
                        w={190}
                        allowDeselect={false}
                        aria-label={t("dictionary.kindOf", { name: entry.name })}
                        data={SOURCE_KINDS.map((k) => ({ value: k, label: t(`sourceKinds.${k}`) }))}
                        value={entry.kind ?? null}
                        onChange={(kind) =>
                          kind &&
                          kind !== entry.kind &&
                          saveQuietly(entry, { kind: kind as EntryValues["kind"] })
                        }
                      />
                    ) : (
                      <Badge variant="light" color="gray">
                        {t(`sourceKinds.${entry.kind ?? "other"}`)}
                      </Badge>
                    )}
                  </Table.Td>
                )}
                {d.withColor && (
                  <Table.Td>
                    <ColorField
                      value={entry.color ?? null}
                      label={t("dictionary.colorOf", { name: entry.name })}
                      editable={canWrite}
                      onSave={(color) => saveQuietly(entry, { color: color ?? "" })}
                    />
                  </Table.Td>
                )}
                <Table.Td>
                  {canDelete && (
                    <Group justify="flex-end">
                      <Tooltip label={t("actions.delete", { ns: "common" })}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t("dictionary.deleteName", { name: entry.name })}
                          onClick={() => setDeleting(entry)}
                          data-testid={`${d.section}-delete-${entry.id}`}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t("dictionary.deleteTitle", { name: deleting?.name })}
        message={t(`dictionary.${d.section}.deleteText`)}
        confirmLabel={t("actions.delete", { ns: "common" })}
        errorOf={(err) => deleteErrorText(err, t, deleting?.name ?? "")}
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          notifyDone(t("dictionary.deleted", { name: deleting.name }));
        }}
      />
    </>
  );
}
