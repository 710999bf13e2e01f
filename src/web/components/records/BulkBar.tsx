// Actions on the selected rows (or on everything the filter matches): owner, tags, delete.
import { Button, Group, Paper, Popover, Select, Stack, Text } from "@mantine/core";
import { IconTag, IconTagOff, IconTrash, IconUserCheck, IconX } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMembers, useTags } from "../../lib/session.ts";
import { ConfirmDelete } from "./ConfirmDelete.tsx";

export type BulkAction =
  | { type: "assignOwner"; ownerId: string | null }
  | { type: "addTag"; tagId: string }
  | { type: "removeTag"; tagId: string }
  | { type: "delete" };

/** The owner choice meaning "nobody". */
const NO_OWNER = "__none__";

function PickAndApply({
  label,
  icon,
  testId,
  data,
  placeholder,
  onApply,
}: {
  label: string;
  icon: ReactNode;
  testId: string;
  data: { value: string; label: string }[];
  placeholder: string;
  onApply: (value: string) => Promise<unknown>;
}) {
  const { t } = useTranslation("records");
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const apply = async () => {
    if (!value) return;
    setBusy(true);
    try {
      await onApply(value);
      setOpened(false);
      setValue(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" trapFocus>
      <Popover.Target>
        <Button
          variant="light"
          size="xs"
          leftSection={icon}
          onClick={() => setOpened((o) => !o)}
          data-testid={testId}
        >
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={260}>
          <Select
            aria-label={label}
            placeholder={placeholder}
            data={data}
            value={value}
            onChange={setValue}
            searchable
            nothingFoundMessage={t("nothingFound")}
            comboboxProps={{ withinPortal: false }}
            data-testid={`${testId}-select`}
          />
          <Button
            size="xs"
            disabled={!value}
            loading={busy}
            onClick={() => void apply()}
            data-testid={`${testId}-apply`}
          >
            {t("bulk.apply")}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export function BulkBar({
  count,
  allMatching,
  canSelectAllMatching,
  onSelectAllMatching,
  onClear,
  canUpdate,
  canDelete,
  deleteTitle,
  deleteMessage,
  onAction,
}: {
  count: number;
  allMatching: boolean;
  /** Every loaded row is selected and more match the filter. */
  canSelectAllMatching: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  canUpdate: boolean;
  canDelete: boolean;
  deleteTitle: string;
  deleteMessage: string;
  onAction: (action: BulkAction) => Promise<unknown>;
}) {
  const { t } = useTranslation("records");
  const members = useMembers();
  const tags = useTags();
  const [confirming, setConfirming] = useState(false);
  const memberOptions = [
    { value: NO_OWNER, label: t("bulk.noOwner") },
    ...(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email })),
  ];
  const tagOptions = (tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }));
  return (
    <Paper withBorder p="xs" mb="sm" data-testid="bulk-bar" bg="var(--mantine-color-orange-light)">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} data-testid="bulk-count">
          {allMatching ? t("bulk.allMatching") : t("bulk.selected", { count })}
        </Text>
        {canSelectAllMatching && !allMatching && (
          <Button
            variant="subtle"
            size="xs"
            onClick={onSelectAllMatching}
            data-testid="bulk-select-all-matching"
          >
            {t("bulk.selectAllMatching")}
          </Button>
        )}
        {canUpdate && (
          <>
            <PickAndApply
              label={t("bulk.assignOwner")}
              icon={<IconUserCheck size={14} />}
              testId="bulk-assign-owner"
              placeholder={t("bulk.pickOwner")}
              data={memberOptions}
              onApply={(v) => onAction({ type: "assignOwner", ownerId: v === NO_OWNER ? null : v })}
            />
            <PickAndApply
              label={t("bulk.addTag")}
              icon={<IconTag size={14} />}
              testId="bulk-add-tag"
              placeholder={t("bulk.pickTag")}
              data={tagOptions}
              onApply={(tagId) => onAction({ type: "addTag", tagId })}
            />
            <PickAndApply
              label={t("bulk.removeTag")}
              icon={<IconTagOff size={14} />}
              testId="bulk-remove-tag"
              placeholder={t("bulk.pickTag")}
              data={tagOptions}
              onApply={(tagId) => onAction({ type: "removeTag", tagId })}
            />
          </>
        )}
        {canDelete && (
          <Button
            variant="light"
            color="red"
            size="xs"
            leftSection={<IconTrash size={14} />}
            onClick={() => setConfirming(true)}
            data-testid="bulk-delete"
          >
            {t("bulk.delete")}
          </Button>
        )}
        <Button
          variant="subtle"
          color="gray"
          size="xs"
          leftSection={<IconX size={14} />}
          onClick={onClear}
          data-testid="bulk-clear"
        >
          {t("bulk.clear")}
        </Button>
      </Group>
      <ConfirmDelete
        opened={confirming}
        title={deleteTitle}
        message={deleteMessage}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await onAction({ type: "delete" });
          setConfirming(false);
        }}
      />
    </Paper>
  );
}
