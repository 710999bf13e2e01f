// Invitations: invite by e-mail with a role, see who has not answered yet, revoke.
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconMailOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDate } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import {
  type Invitation,
  type InviteValues,
  inviteSchema,
  useInvitations,
  useInvite,
  useRevokeInvitation,
} from "../api/members.ts";
import { resolver, showFormError } from "../logic/forms.ts";
import { grantableBy } from "../logic/sections.ts";
import { ConfirmModal } from "./ConfirmModal.tsx";

export function InvitationsPanel() {
  const { t, i18n } = useTranslation("settings");
  const { me, workspace } = useSession();
  const invitations = useInvitations(workspace.id, true);
  const invite = useInvite(workspace.id);
  const revoke = useRevokeInvitation(workspace.id);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const form = useForm<InviteValues>({
    initialValues: { email: "", role: "member" },
    validate: resolver(inviteSchema, t),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const sent = await invite.mutateAsync({ ...values, email: values.email.trim() });
      form.reset();
      notifyDone(t("invitations.sent", { email: sent.email }));
    } catch (err) {
      showFormError(form, err, t);
    }
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
          <Select
            label={t("invitations.role")}
            w={180}
            allowDeselect={false}
            data={grantableBy(me.role).map((r) => ({ value: r, label: t(`roles.${r}`, { ns: "common" }) }))}
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
          <Table.ScrollContainer minWidth={480}>
            <Table data-testid="invitations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("invitations.email")}</Table.Th>
                  <Table.Th>{t("invitations.role")}</Table.Th>
                  <Table.Th>{t("invitations.expires")}</Table.Th>
                  <Table.Th aria-label={t("columns.actions")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
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
                      <Table.Td>
                        <Group justify="flex-end">
                          <Tooltip label={t("invitations.revoke")}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t("invitations.revokeFor", { email: invitation.email })}
                              onClick={() => setRevoking(invitation)}
                              data-testid={`invitation-revoke-${invitation.id}`}
                            >
                              <IconMailOff size={18} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>

      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t("invitations.revokeTitle")}
        message={t("invitations.revokeText", { email: revoking?.email })}
        confirmLabel={t("invitations.revoke")}
        onConfirm={async () => {
          if (!revoking) return;
          await revoke.mutateAsync(revoking.id);
          notifyDone(t("invitations.revoked"));
        }}
      />
    </Paper>
  );
}
