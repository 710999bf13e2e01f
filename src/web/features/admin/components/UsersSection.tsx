// Every account of the installation: search by name or e-mail, page through, ban and unban.
import { Badge, Button, Stack, Table, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { formatDate } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import { type AdminUser, useAdminUsers, useSetBanned } from "../api/admin.ts";
import { BanDialog } from "./BanDialog.tsx";
import { ListFrame, useListQuery } from "./ListFrame.tsx";

function StatusCell({ user }: { user: AdminUser }) {
  const { t } = useTranslation("admin");
  if (!user.banned)
    return (
      <Badge color="teal" variant="light">
        {t("users.active")}
      </Badge>
    );
  const badge = (
    <Badge color="red" variant="light">
      {t("users.bannedBadge")}
    </Badge>
  );
  return user.banReason ? (
    <Stack gap={2}>
      {badge}
      <Text size="xs" c="dimmed" lineClamp={2} maw={220}>
        {user.banReason}
      </Text>
    </Stack>
  ) : (
    badge
  );
}

export function UsersSection() {
  const { t, i18n } = useTranslation("admin");
  const { user: me } = useSession();
  const list = useListQuery();
  const [banning, setBanning] = useState<AdminUser | null>(null);
  const users = useAdminUsers(list.query);
  const setBanned = useSetBanned();

  const unban = (user: AdminUser) =>
    setBanned.mutate(
      { userId: user.id, banned: false },
      {
        onSuccess: () => notifyDone(t("users.unbanned", { name: user.name || user.email })),
        onError: (err) => notifyError(err, t),
      },
    );

  return (
    <>
      <ListFrame
        section="users"
        list={list}
        result={users}
        minWidth={760}
        head={
          <>
            <Table.Th>{t("users.name")}</Table.Th>
            <Table.Th>{t("users.email")}</Table.Th>
            <Table.Th ta="right">{t("users.workspaces")}</Table.Th>
            <Table.Th>{t("users.createdAt")}</Table.Th>
            <Table.Th>{t("users.status")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("users.actions")}</VisuallyHidden>
            </Table.Th>
          </>
        }
        row={(u) => {
          const busy = setBanned.isPending && setBanned.variables?.userId === u.id;
          const self = u.id === me.id;
          return (
            <Table.Tr key={u.id} data-testid="admin-user-row" data-email={u.email}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {u.name || "—"}
                </Text>
                {u.role === "admin" && (
                  <Badge size="xs" variant="outline" mt={2}>
                    {t("users.platformAdmin")}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{u.email}</Text>
                {!u.emailVerified && (
                  <Text size="xs" c="dimmed">
                    {t("users.unverified")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{u.workspaces}</Table.Td>
              <Table.Td>{formatDate(u.createdAt, i18n.language)}</Table.Td>
              <Table.Td>
                <StatusCell user={u} />
              </Table.Td>
              <Table.Td ta="right">
                {u.banned ? (
                  <Button
                    size="xs"
                    variant="light"
                    loading={busy}
                    onClick={() => unban(u)}
                    data-testid="admin-unban"
                  >
                    {t("users.unban")}
                  </Button>
                ) : (
                  <Tooltip label={t("users.notSelf")} disabled={!self}>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      disabled={self}
                      onClick={() => setBanning(u)}
                      data-testid="admin-ban"
                    >
                      {t("users.ban")}
                    </Button>
                  </Tooltip>
                )}
              </Table.Td>
            </Table.Tr>
          );
        }}
      />
      <BanDialog user={banning} onClose={() => setBanning(null)} />
    </>
  );
}
