// Notes on the deal: add one; edit or delete your own (or any, for a role that may delete records).
import { ActionIcon, Button, Card, Group, Popover, Stack, Text, Textarea, Title } from "@mantine/core";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDateTime } from "../../../lib/format.ts";
import { useMembers, useSession } from "../../../lib/session.ts";
import { addNote, deleteNote, editNote, useNotes } from "../api/activity.ts";
import { dealKeys } from "../api/keys.ts";
import type { Note } from "../api/types.ts";

function NoteItem({ note, onChanged }: { note: Note; onChanged: () => void }) {
  const { t, i18n } = useTranslation("deals");
  const { user, can } = useSession();
  const members = useMembers();
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = note.createdBy === user.id || can("records.delete");
  const author = members.data?.find((m) => m.userId === note.createdBy)?.name ?? t("timeline.someone");

  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      notifyDone(done);
      setEditing(null);
      onChanged();
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap={4} data-testid="note-item">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed">
          {author} · {formatDateTime(note.createdAt, i18n.language)}
          {note.updatedAt !== note.createdAt ? ` · ${t("notes.edited")}` : ""}
        </Text>
        {mine && editing === null && (
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t("notes.edit")}
              onClick={() => setEditing(note.body)}
            >
              <IconPencil size={14} />
            </ActionIcon>
            <Popover position="bottom-end" withArrow>
              <Popover.Target>
                <ActionIcon variant="subtle" color="red" size="sm" aria-label={t("notes.delete")}>
                  <IconTrash size={14} />
                </ActionIcon>
              </Popover.Target>
              <Popover.Dropdown>
                <Stack gap="xs">
                  <Text size="sm">{t("notes.confirmDelete")}</Text>
                  <Button
                    size="xs"
                    color="red"
                    loading={busy}
                    onClick={() => void act(() => deleteNote(note.id), t("state.deleted", { ns: "common" }))}
                  >
                    {t("actions.delete", { ns: "common" })}
                  </Button>
                </Stack>
              </Popover.Dropdown>
            </Popover>
          </Group>
        )}
      </Group>
      {editing === null ? (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {note.body}
        </Text>
      ) : (
        <Stack gap={6}>
          <Textarea
            autosize
            minRows={2}
            value={editing}
            onChange={(e) => setEditing(e.currentTarget.value)}
            aria-label={t("notes.edit")}
          />
          <Group gap={6} justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setEditing(null)} disabled={busy}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button
              size="xs"
              loading={busy}
              disabled={!editing.trim()}
              onClick={() => void act(() => editNote(note.id, editing), t("state.saved", { ns: "common" }))}
            >
              {t("actions.save", { ns: "common" })}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

export function DealNotes({ dealId, onChanged }: { dealId: string; onChanged: () => void }) {
  const { t } = useTranslation("deals");
  const { can } = useSession();
  const client = useQueryClient();
  const notes = useNotes(dealId);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);

  const refresh = () => {
    void client.invalidateQueries({ queryKey: dealKeys.notes(dealId) });
    void client.invalidateQueries({ queryKey: dealKeys.timeline(dealId) });
    onChanged();
  };

  const submit = async () => {
    if (!text.trim() || sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      await addNote(dealId, text);
      setText("");
      notifyDone(t("notes.added"));
      refresh();
    } catch (err) {
      notifyError(err, t);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("notes.title")}
        </Title>
        {can("records.create") && (
          <Stack gap={6}>
            <Textarea
              autosize
              minRows={2}
              maxRows={8}
              placeholder={t("notes.placeholder")}
              aria-label={t("notes.placeholder")}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit();
              }}
              data-testid="note-input"
            />
            <Group justify="flex-end">
              <Button
                size="xs"
                onClick={() => void submit()}
                loading={busy}
                disabled={!text.trim()}
                data-testid="note-submit"
              >
                {t("notes.add")}
              </Button>
            </Group>
          </Stack>
        )}
        <QueryState query={notes} isEmpty={(page) => page.items.length === 0} empty={t("notes.empty")}>
          {(page) => (
            <Stack gap="md">
              {page.items.map((note) => (
                <NoteItem key={note.id} note={note} onChanged={refresh} />
              ))}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}
