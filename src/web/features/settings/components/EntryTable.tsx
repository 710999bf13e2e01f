// The entries of a source / loss reason / tag list, editable in place.
import { Badge, Select, Table } from "@mantine/core";
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
import { useConfirm } from "./ConfirmModal.tsx";
import { InlineName } from "./InlineName.tsx";
import { ActionsCell, ListTable } from "./ListTable.tsx";
import { RowAction } from "./RowAction.tsx";

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
  const confirm = useConfirm();
  const save = async (entry: Entry, values: Partial<EntryValues>) => {
    await update.mutateAsync({ id: entry.id, body: entryBody(d, values) });
    notifyDone(t("state.saved", { ns: "common" }));
  };
  const saveQuietly = (entry: Entry, values: Partial<EntryValues>) =>
    void save(entry, values).catch((err) => notifyError(err, t));
  const askDelete = (entry: Entry) =>
    confirm.ask({
      title: t("dictionary.deleteTitle", { name: entry.name }),
      message: t(`dictionary.${d.section}.deleteText`),
      confirmLabel: t("actions.delete", { ns: "common" }),
      errorOf: (err) => deleteErrorText(err, t, entry.name),
      onConfirm: async () => {
        await remove.mutateAsync(entry.id);
        notifyDone(t("dictionary.deleted", { name: entry.name }));
      },
    });

  return (
    <>
      <ListTable
        minWidth={420}
        verticalSpacing="xs"
        testId={`${d.section}-table`}
        columns={[
          t("dictionary.name"),
          d.withKind && t("dictionary.kind"),
          d.withColor && t("dictionary.color"),
        ]}
      >
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
                      kind && kind !== entry.kind && saveQuietly(entry, { kind: kind as EntryValues["kind"] })
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
            <ActionsCell>
              {canDelete && (
                <RowAction
                  label={t("actions.delete", { ns: "common" })}
                  ariaLabel={t("dictionary.deleteName", { name: entry.name })}
                  testId={`${d.section}-delete-${entry.id}`}
                  onClick={() => askDelete(entry)}
                />
              )}
            </ActionsCell>
          </Table.Tr>
        ))}
      </ListTable>
      {confirm.modal}
    </>
  );
}
