// Invitations: invite by e-mail with a role, see who has not answered yet, revoke.
import { Badge, Button, Group, Paper, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconMailOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDate } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import {
  type InviteValues,
  inviteSchema,
  useInvitations,
  useInvite,
  useRevokeInvitation,
} from "../api/members.ts";
import { resolver, submitAndReset } from "../logic/forms.ts";
import { useConfirm } from "./ConfirmModal.tsx";
import { ActionsCell, ListTable } from "./ListTable.tsx";
import { RoleSelect } from "./RoleSelect.tsx";
import { RowAction } from "./RowAction.tsx";

export function InvitationsPanel() {
  const { t, i18n } = useTranslation("settings");
  const { workspace } = useSession();
  const invitations = useInvitations(workspace.id, true);
  const invite = useInvite(workspace.id);
  const revoke = useRevokeInvitation(workspace.id);
  const confirm = useConfirm();
  const form = useForm<InviteValues>({
    initialValues: { email: "", role: "member" },
    validate: resolver(inviteSchema, t),
  });
  const submit = submitAndReset(form, t, async (values) => {
    const sent = await invite.mutateAsync({ ...values, email: values.email.trim() });
    notifyDone(t("invitations.sent", { email: sent.email }));
  });
  const now = Date.now();

  return (
    <Paper withBorder p="md">
      <Title order={4} size="h5" mb="sm">
        {t("invitations.title")}
      </Title>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            type="email"
            label={t("invitations.email")}
            placeholder="name@company.ru"
            autoComplete="off"
            style={{ flex: "1 1 220px" }}
            data-testid="invite-email"
            {...form.getInputProps("email")}
          />
          <RoleSelect
            label={t("invitations.role")}
            data-testid="invite-role"
            {...form.getInputProps("role")}
          />
          <Button type="submit" mt={25} loading={form.submitting} data-testid="invite-submit">
            {t("invitations.send")}
          </Button>
        </Group>
      </form>

      <Text fw={500} size="sm" mt="lg" mb="xs">
        {t("invitations.pending")}
      </Text>
      <QueryState
        query={invitations}
        isEmpty={(list) => !list.some((i) => i.status === "pending")}
        empty={t("invitations.empty")}
      >
        {(list) => (
          <ListTable
            minWidth={480}
            testId="invitations-table"
            columns={[t("invitations.email"), t("invitations.role"), t("invitations.expires")]}
          >
            {list
              .filter((i) => i.status === "pending")
              .map((invitation) => (
                <Table.Tr key={invitation.id} data-testid={`invitation-row-${invitation.id}`}>
                  <Table.Td>
                    <Text size="sm">{invitation.email}</Text>
                  </Table.Td>
                  <Table.Td>{t(`roles.${invitation.role}`, { ns: "common" })}</Table.Td>
                  <Table.Td>
                    {new Date(invitation.expiresAt).getTime() < now ? (
                      <Badge color="gray" variant="light">
                        {t("invitations.expired")}
                      </Badge>
                    ) : (
                      <Text size="sm">{formatDate(invitation.expiresAt, i18n.language)}</Text>
                    )}
                  </Table.Td>
                  <ActionsCell>
                    <RowAction
                      label={t("invitations.revoke")}
                      ariaLabel={t("invitations.revokeFor", { email: invitation.email })}
                      icon={IconMailOff}
                      testId={`invitation-revoke-${invitation.id}`}
                      onClick={() =>
                        confirm.ask({
                          title: t("invitations.revokeTitle"),
                          message: t("invitations.revokeText", { email: invitation.email }),
                          confirmLabel: t("invitations.revoke"),
                          onConfirm: async () => {
                            await revoke.mutateAsync(invitation.id);
                            notifyDone(t("invitations.revoked"));
                          },
                        })
                      }
                    />
                  </ActionsCell>
                </Table.Tr>
              ))}
          </ListTable>
        )}
      </QueryState>

      {confirm.modal}
    </Paper>
  );
}
