// Members: who is in the workspace with which role; change a role, remove, hand over ownership.
import { Badge, Stack, Table, Text } from "@mantine/core";
import { IconCrown } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDate } from "../../../lib/format.ts";
import { type Member, useMembers, useSession } from "../../../lib/session.ts";
import { useChangeRole, useRemoveMember, useTransferOwnership } from "../api/members.ts";
import { type Access, type GrantableRole, mayManage } from "../logic/sections.ts";
import { useConfirm } from "./ConfirmModal.tsx";
import { InvitationsPanel } from "./InvitationsPanel.tsx";
import { ActionsCell, ListTable } from "./ListTable.tsx";
import { RoleSelect } from "./RoleSelect.tsx";
import { RowAction } from "./RowAction.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function MembersSection({ access }: { access: Access }) {
  const { t, i18n } = useTranslation("settings");
  const { me, user, workspace } = useSession();
  const members = useMembers();
  const changeRole = useChangeRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const transfer = useTransferOwnership(workspace.id);
  const confirm = useConfirm();
  const editable = access === "edit";
  const isOwner = me.role === "owner";

  const setRole = async (member: Member, role: GrantableRole) => {
    try {
      await changeRole.mutateAsync({ userId: member.userId, role });
      notifyDone(t("members.roleChanged", { name: member.name, role: t(`roles.${role}`, { ns: "common" }) }));
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <SectionFrame section="members" access={access}>
      <QueryState query={members} isEmpty={(list) => list.length === 0}>
        {(list) => (
          <ListTable
            minWidth={560}
            verticalSpacing="sm"
            testId="members-table"
            columns={[t("members.person"), t("members.role"), t("members.joined")]}
          >
            {list.map((member) => {
              const self = member.userId === user.id;
              const manageable = editable && !self && mayManage(me.role, member.role);
              return (
                <Table.Tr key={member.userId} data-testid={`member-row-${member.userId}`}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm" fw={500}>
                        {member.name}
                        {self && (
                          <Text span c="dimmed" size="sm">
                            {" "}
                            ({t("members.you")})
                          </Text>
                        )}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {member.email}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {manageable ? (
                      <RoleSelect
                        size="xs"
                        w={170}
                        aria-label={t("members.roleOf", { name: member.name })}
                        value={member.role}
                        onChange={(role) =>
                          role && role !== member.role && void setRole(member, role as GrantableRole)
                        }
                        data-testid={`member-role-${member.userId}`}
                      />
                    ) : (
                      <Badge variant="light" color={member.role === "owner" ? "orange" : "gray"}>
                        {t(`roles.${member.role}`, { ns: "common" })}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(member.joinedAt, i18n.language)}</Text>
                  </Table.Td>
                  <ActionsCell>
                    {isOwner && !self && (
                      <RowAction
                        label={t("members.transfer")}
                        ariaLabel={t("members.transferTo", { name: member.name })}
                        icon={IconCrown}
                        color="orange"
                        testId={`member-transfer-${member.userId}`}
                        onClick={() =>
                          confirm.ask({
                            title: t("members.transferTitle"),
                            message: t("members.transferText", { name: member.name }),
                            confirmLabel: t("members.transfer"),
                            color: "orange",
                            onConfirm: async () => {
                              await transfer.mutateAsync(member.userId);
                              notifyDone(t("members.transferred", { name: member.name }));
                            },
                          })
                        }
                      />
                    )}
                    {manageable && (
                      <RowAction
                        label={t("members.remove")}
                        ariaLabel={t("members.removeName", { name: member.name })}
                        testId={`member-remove-${member.userId}`}
                        onClick={() =>
                          confirm.ask({
                            title: t("members.removeTitle"),
                            message: t("members.removeText", { name: member.name }),
                            confirmLabel: t("members.remove"),
                            onConfirm: async () => {
                              await remove.mutateAsync(member.userId);
                              notifyDone(t("members.removed", { name: member.name }));
                            },
                          })
                        }
                      />
                    )}
                  </ActionsCell>
                </Table.Tr>
              );
            })}
          </ListTable>
        )}
      </QueryState>
      {confirm.modal}

      {editable && <InvitationsPanel />}
    </SectionFrame>
  );
}
