// Custom fields of contacts, companies and deals: the list per entity and a form to add one.
import { Badge, Code, Group, SegmentedControl, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { type CustomField, useCustomFields } from "../../../lib/session.ts";
import { ENTITIES, useDeleteCustomField } from "../api/customFields.ts";
import type { Access } from "../logic/sections.ts";
import { useConfirm } from "./ConfirmModal.tsx";
import { CustomFieldForm } from "./CustomFieldForm.tsx";
import { ActionsCell, ListTable } from "./ListTable.tsx";
import { RowAction } from "./RowAction.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

type Entity = CustomField["entity"];

export function CustomFieldsSection({ access }: { access: Access }) {
  const { t } = useTranslation("settings");
  const fields = useCustomFields();
  const remove = useDeleteCustomField();
  const confirm = useConfirm();
  const [entity, setEntity] = useState<Entity>("deal");
  const editable = access === "edit";
  const ofEntity = (list: CustomField[]) => list.filter((f) => f.entity === entity);

  return (
    <SectionFrame section="custom-fields" access={access}>
      <SegmentedControl
        value={entity}
        onChange={(v) => setEntity(v as Entity)}
        data={ENTITIES.map((e) => ({ value: e, label: t(`fields.entities.${e}`) }))}
        aria-label={t("fields.entity")}
        data-testid="custom-fields-entity"
        style={{ alignSelf: "flex-start" }}
      />
      {editable && (
        <CustomFieldForm key={entity} entity={entity} taken={ofEntity(fields.data ?? []).map((f) => f.key)} />
      )}
      <QueryState query={fields} isEmpty={(list) => ofEntity(list).length === 0} empty={t("fields.empty")}>
        {(list) => (
          <ListTable
            minWidth={560}
            verticalSpacing="xs"
            testId="custom-fields-table"
            columns={[t("fields.label"), t("fields.key"), t("fields.type"), t("fields.options")]}
          >
            {ofEntity(list).map((field) => (
              <Table.Tr key={field.id} data-testid={`custom-field-row-${field.key}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {field.label}
                    {field.required && (
                      <Text span c="red" aria-label={t("fields.required")}>
                        {" *"}
                      </Text>
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Code>{field.key}</Code>
                </Table.Td>
                <Table.Td>{t(`fields.types.${field.type}`)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {field.options.map((o) => (
                      <Badge key={o} variant="light" color="gray" tt="none">
                        {o}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <ActionsCell>
                  {editable && (
                    <RowAction
                      label={t("actions.delete", { ns: "common" })}
                      ariaLabel={t("fields.deleteName", { name: field.label })}
                      testId={`custom-field-delete-${field.key}`}
                      onClick={() =>
                        confirm.ask({
                          title: t("fields.deleteTitle", { name: field.label }),
                          message: t("fields.deleteText"),
                          confirmLabel: t("actions.delete", { ns: "common" }),
                          onConfirm: async () => {
                            await remove.mutateAsync(field.id);
                            notifyDone(t("fields.deleted", { name: field.label }));
                          },
                        })
                      }
                    />
                  )}
                </ActionsCell>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </QueryState>
      {confirm.modal}
    </SectionFrame>
  );
}
