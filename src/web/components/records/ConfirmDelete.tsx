// "Are you sure?" before anything is deleted.
import { Button, Group, Modal, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function ConfirmDelete({
  opened,
  title,
  message,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  title: string;
  message: string;
  onClose: () => void;
  /** Resolves when done; the dialog stays open (with a spinner) until then. */
  onConfirm: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Text size="sm">{message}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} disabled={busy}>
          {t("actions.cancel")}
        </Button>
        <Button color="red" onClick={() => void confirm()} loading={busy} data-testid="confirm-delete">
          {t("actions.delete")}
        </Button>
      </Group>
    </Modal>
  );
}
