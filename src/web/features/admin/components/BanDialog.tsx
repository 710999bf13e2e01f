// Confirming a ban: who, why (optional, kept with the account), and what happens (sessions end at once).
import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { type AdminUser, useSetBanned } from "../api/admin.ts";

const REASON_MAX = 500;

export function BanDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const [reason, setReason] = useState("");
  const setBanned = useSetBanned();
  const close = () => {
    setReason("");
    onClose();
  };
  const confirm = () => {
    if (!user) return;
    setBanned.mutate(
      { userId: user.id, banned: true, reason },
      {
        onSuccess: () => {
          notifyDone(t("users.banned", { name: user.name || user.email }));
          close();
        },
        onError: (err) => notifyError(err, t),
      },
    );
  };
  return (
    <Modal
      opened={user !== null}
      onClose={close}
      title={t("users.banTitle", { name: user?.name || user?.email })}
    >
      <Stack gap="sm">
        <Text size="sm">{t("users.banText", { email: user?.email })}</Text>
        <Textarea
          label={t("users.reason")}
          description={t("users.reasonHint")}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={REASON_MAX}
          autosize
          minRows={2}
          maxRows={6}
          data-autofocus
          data-testid="admin-ban-reason"
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            {t("actions.cancel", { ns: "common" })}
          </Button>
          <Button color="red" onClick={confirm} loading={setBanned.isPending} data-testid="admin-ban-confirm">
            {t("users.ban")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
