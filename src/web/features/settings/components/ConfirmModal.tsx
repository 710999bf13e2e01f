// Asks before anything destructive; stays open (with the error shown) when the action fails.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../../../lib/errors.ts";

interface ConfirmProps {
  title: ReactNode;
  message?: ReactNode;
  confirmLabel: string;
  /** Resolves when done (the modal closes), rejects to show the error. */
  onConfirm: () => Promise<unknown>;
  children?: ReactNode;
  /** The text of a failure; by default the API error's readable text. */
  errorOf?: (err: unknown) => string;
  color?: string;
}

export function ConfirmModal({
  opened,
  onClose,
  title,
  message,
  confirmLabel,
  onConfirm,
  children,
  errorOf,
  color = "red",
}: ConfirmProps & { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("settings");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Keep showing what was asked while the modal fades out (the caller clears its state on close).
  const shown = useRef({ title, message, children });
  if (opened) shown.current = { title, message, children };
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (err) {
      setError(errorOf ? errorOf(err) : errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={shown.current.title} centered>
      <Stack>
        {shown.current.message && <Text size="sm">{shown.current.message}</Text>}
        {shown.current.children}
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("actions.cancel", { ns: "common" })}
          </Button>
          <Button color={color} loading={busy} onClick={() => void confirm()} data-testid="confirm-submit">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * One confirm modal for a whole list: `ask({ title, onConfirm, … })` opens it for the row clicked.
 * Render `modal` once; what was asked stays on it while it fades out.
 */
export function useConfirm() {
  const [state, setState] = useState<{ opened: boolean; ask: ConfirmProps }>({
    opened: false,
    ask: { title: null, confirmLabel: "", onConfirm: async () => {} },
  });
  const modal = (
    <ConfirmModal
      {...state.ask}
      opened={state.opened}
      onClose={() => setState((s) => ({ ...s, opened: false }))}
    />
  );
  return { ask: (ask: ConfirmProps) => setState({ opened: true, ask }), modal };
}
