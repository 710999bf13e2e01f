// The notes of one record: newest first, a box to add one, delete for the author or a role that may.
import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea, Tooltip } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { del, get, post } from "../../lib/api.ts";
import { formatDateTime, formatRelative } from "../../lib/format.ts";
import { useLiveEvents } from "../../lib/live.ts";
import { useSession } from "../../lib/session.ts";
import { notifyDone, notifyError } from "../notify.ts";
import { QueryState } from "../QueryState.tsx";
import { MemberName } from "./display.tsx";
import type { Page } from "./useInfiniteList.ts";

export interface Note {
  id: string;
  body: string;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NoteTarget = { contactId: string } | { companyId: string };

export const notesKey = (target: NoteTarget) => ["notes", target] as const;

export function NotesPanel({ target }: { target: NoteTarget }) {
  const { t } = useTranslation("records");
  const { t: tc } = useTranslation();
  const { user, can } = useSession();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const notes = useQuery({
    queryKey: notesKey(target),
    queryFn: () => get<Page<Note>>("/api/notes", { ...target, limit: 100 }),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ["notes"] });
  useLiveEvents(["note."], () => void refresh());
  const add = useMutation({
    mutationFn: () => post<Note>("/api/notes", { body: text, ...target }),
    onSuccess: () => {
      setText("");
      notifyDone(t("notes.added"));
      void refresh();
      void client.invalidateQueries({ queryKey: ["timeline"] });
    },
    onError: (err) => notifyError(err, tc),
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/api/notes/${id}`),
    onSuccess: () => {
      notifyDone(t("notes.deleted"));
      void refresh();
    },
    onError: (err) => notifyError(err, tc),
  });
  const { i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="notes">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) add.mutate();
        }}
      >
        <Stack gap="xs">
          <Textarea
            aria-label={t("notes.new")}
            placeholder={t("notes.placeholder")}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={20000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-testid="note-input"
          />
          <Group justify="flex-end">
            <Button
              type="submit"
              size="xs"
              loading={add.isPending}
              disabled={!text.trim()}
              data-testid="note-add"
            >
              {t("notes.add")}
            </Button>
          </Group>
        </Stack>
      </form>
      <QueryState query={notes} isEmpty={(data) => data.items.length === 0} empty={t("notes.empty")}>
        {(data) =>
          data.items.map((note) => (
            <Paper key={note.id} withBorder p="sm" data-testid="note">
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                  {note.body}
                </Text>
                {(note.createdBy === user.id || can("records.delete")) && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t("notes.delete")}
                    onClick={() => remove.mutate(note.id)}
                    loading={remove.isPending && remove.variables === note.id}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
              <Text size="xs" c="dimmed" mt={4}>
                <MemberName id={note.createdBy} fallback={t("system")} /> ·{" "}
                <Tooltip label={formatDateTime(note.createdAt, i18n.language)}>
                  <span>{formatRelative(note.createdAt, i18n.language)}</span>
                </Tooltip>
              </Text>
            </Paper>
          ))
        }
      </QueryState>
    </Stack>
  );
}
