// A name that turns into an input on "rename": Enter or the tick saves, Escape cancels.
import { ActionIcon, Group, Text, TextInput } from "@mantine/core";
import { IconCheck, IconPencil, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../../components/notify.ts";
import { fieldErrors } from "../../../lib/errors.ts";

export function InlineName({
  value,
  onSave,
  editable,
  label,
  testId,
  fw,
}: {
  value: string;
  onSave: (name: string) => Promise<unknown>;
  editable: boolean;
  /** What is being renamed, for the input's and the button's accessible names. */
  label: string;
  testId?: string;
  fw?: number;
}) {
  const { t } = useTranslation("settings");
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (draft === null) return;
    const name = draft.trim();
    if (!name) return setError(t("validation.required"));
    if (name.length > 200) return setError(t("validation.tooLong"));
    if (name === value) return setDraft(null);
    setBusy(true);
    try {
      await onSave(name);
      setDraft(null);
      setError(null);
    } catch (err) {
      const fields = fieldErrors(err);
      if (fields.name) setError(fields.name);
      else notifyError(err, t);
    } finally {
      setBusy(false);
    }
  };

  if (draft === null) {
    return (
      <Group gap={4} wrap="nowrap" miw={0}>
        <Text fw={fw} truncate data-testid={testId}>
          {value}
        </Text>
        {editable && (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("rename", { name: label })}
            onClick={() => setDraft(value)}
          >
            <IconPencil size={16} />
          </ActionIcon>
        )}
      </Group>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" style={{ flex: 1 }} miw={0}>
      <TextInput
        size="xs"
        autoFocus
        value={draft}
        error={error}
        aria-label={t("newName", { name: label })}
        onChange={(e) => {
          setDraft(e.currentTarget.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void save();
          }
          if (e.key === "Escape") setDraft(null);
        }}
        style={{ flex: 1 }}
        miw={120}
        data-testid={testId ? `${testId}-input` : undefined}
      />
      <ActionIcon
        variant="light"
        loading={busy}
        aria-label={t("actions.save", { ns: "common" })}
        onClick={() => void save()}
      >
        <IconCheck size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={t("actions.cancel", { ns: "common" })}
        onClick={() => {
          setDraft(null);
          setError(null);
        }}
      >
        <IconX size={16} />
      </ActionIcon>
    </Group>
  );
}
