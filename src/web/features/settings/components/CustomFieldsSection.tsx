// Custom fields of contacts, companies and deals: the list per entity and a form to add one.
import { ActionIcon, Badge, Code, Group, SegmentedControl, Table, Text, Tooltip } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { type CustomField, useCustomFields } from "../../../lib/session.ts";
import { ENTITIES, useDeleteCustomField } from "../api/customFields.ts";
import type { Access } from "../logic/sections.ts";
import { ConfirmModal } from "./ConfirmModal.tsx";
import { CustomFieldForm } from "./CustomFieldForm.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

type Entity = CustomField["entity"];

export function CustomFieldsSection({ access }: { access: Access }) {
  const { t } = useTranslation("settings");
  const fields = useCustomFields();
  const remove = useDeleteCustomField();
  const [entity, setEntity] = useState<Entity>("deal");
  const [deleting, setDeleting] = useState<CustomField | null>(null);
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
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" data-testid="custom-fields-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("fields.label")}</Table.Th>
                  <Table.Th>{t("fields.key")}</Table.Th>
                  <Table.Th>{t("fields.type")}</Table.Th>
                  <Table.Th>{t("fields.options")}</Table.Th>
                  <Table.Th aria-label={t("columns.actions")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
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
                    <Table.Td>
                      {editable && (
                        <Group justify="flex-end">
                          <Tooltip label={t("actions.delete", { ns: "common" })}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t("fields.deleteName", { name: field.label })}
                              onClick={() => setDeleting(field)}
                              data-testid={`custom-field-delete-${field.key}`}
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
        )}
      </QueryState>
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t("fields.deleteTitle", { name: deleting?.label })}
        message={t("fields.deleteText")}
        confirmLabel={t("actions.delete", { ns: "common" })}
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          notifyDone(t("fields.deleted", { name: deleting.label }));
        }}
      />
    </SectionFrame>
  );
}
