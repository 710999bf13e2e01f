// Members: who is in the workspace with which role; change a role, remove, hand over ownership.
import { ActionIcon, Badge, Group, Select, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconCrown, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDate } from "../../../lib/format.ts";
import { type Member, useMembers, useSession } from "../../../lib/session.ts";
import { useChangeRole, useRemoveMember, useTransferOwnership } from "../api/members.ts";
import { type Access, type GrantableRole, grantableBy, mayManage } from "../logic/sections.ts";
import { ConfirmModal } from "./ConfirmModal.tsx";
import { InvitationsPanel } from "./InvitationsPanel.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

type Pending = { kind: "remove" | "transfer"; member: Member } | null;

export function MembersSection({ access }: { access: Access }) {
  const { t, i18n } = useTranslation("settings");
  const { me, user, workspace } = useSession();
  const members = useMembers();
  const changeRole = useChangeRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const transfer = useTransferOwnership(workspace.id);
  const [pending, setPending] = useState<Pending>(null);
  const editable = access === "edit";
  const isOwner = me.role === "owner";
  const grantable = grantableBy(me.role);

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
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" data-testid="members-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("members.person")}</Table.Th>
                  <Table.Th>{t("members.role")}</Table.Th>
                  <Table.Th>{t("members.joined")}</Table.Th>
                  <Table.Th aria-label={t("columns.actions")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
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
                          <Select
                            size="xs"
                            w={170}
                            allowDeselect={false}
                            aria-label={t("members.roleOf", { name: member.name })}
                            data={grantable.map((r) => ({
                              value: r,
                              label: t(`roles.${r}`, { ns: "common" }),
                            }))}
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
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {isOwner && !self && (
                            <Tooltip label={t("members.transfer")}>
                              <ActionIcon
                                variant="subtle"
                                color="orange"
                                aria-label={t("members.transferTo", { name: member.name })}
                                onClick={() => setPending({ kind: "transfer", member })}
                                data-testid={`member-transfer-${member.userId}`}
                              >
                                <IconCrown size={18} />
                              </ActionIcon>
                            </Tooltip>
                          )}
                          {manageable && (
                            <Tooltip label={t("members.remove")}>
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={t("members.removeName", { name: member.name })}
                                onClick={() => setPending({ kind: "remove", member })}
                                data-testid={`member-remove-${member.userId}`}
                              >
                                <IconTrash size={18} />
                              </ActionIcon>
                            </Tooltip>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>

      <ConfirmModal
        opened={pending?.kind === "remove"}
        onClose={() => setPending(null)}
        title={t("members.removeTitle")}
        message={t("members.removeText", { name: pending?.member.name })}
        confirmLabel={t("members.remove")}
        onConfirm={async () => {
          if (!pending) return;
          await remove.mutateAsync(pending.member.userId);
          notifyDone(t("members.removed", { name: pending.member.name }));
        }}
      />
      <ConfirmModal
        opened={pending?.kind === "transfer"}
        onClose={() => setPending(null)}
        title={t("members.transferTitle")}
        message={t("members.transferText", { name: pending?.member.name })}
        confirmLabel={t("members.transfer")}
        color="orange"
        onConfirm={async () => {
          if (!pending) return;
          await transfer.mutateAsync(pending.member.userId);
          notifyDone(t("members.transferred", { name: pending.member.name }));
        }}
      />

      {editable && <InvitationsPanel />}
    </SectionFrame>
  );
}
