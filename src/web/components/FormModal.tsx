// A modal around a small form: its fields, then Cancel and the submit button.
import { Button, Group, Modal, Stack } from "@mantine/core";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

export function FormModal({
  opened,
  onClose,
  title,
  submitLabel,
  submitColor,
  submitTestId,
  busy = false,
  onSubmit,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  submitLabel: string;
  submitColor?: string;
  submitTestId?: string;
  /** Spins the button, for a form that tracks its own submitting. */
  busy?: boolean;
  /** Runs on submit; when it returns a promise, the button spins until that settles. */
  onSubmit: () => unknown;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [running, setRunning] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = onSubmit();
    if (!(result instanceof Promise)) return;
    setRunning(true);
    try {
      await result;
    } finally {
      setRunning(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel")}
            </Button>
            <Button type="submit" color={submitColor} loading={busy || running} data-testid={submitTestId}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
