// A record's card (/contacts/:id, /companies/:id): the name with edit and delete, the fields (read, or the
// edit form), deals, notes and history. A deleted or invisible record shows "not found"; changes by others
// arrive live.
import { Anchor, Button, Grid, Group, Paper, Stack, Tabs, Title } from "@mantine/core";
import { IconArrowLeft, IconEdit, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useLiveEvents } from "../../lib/live.ts";
import { type CustomField, useSession } from "../../lib/session.ts";
import { notifyDone, notifyError } from "../notify.ts";
import { QueryState } from "../QueryState.tsx";
import { ConfirmDelete } from "./ConfirmDelete.tsx";
import { DuplicatesNotice } from "./DuplicatesNotice.tsx";
import { NotesPanel } from "./NotesPanel.tsx";
import { RelatedDeals } from "./RelatedDeals.tsx";
import { type RecordKind, recordRef, type Saved } from "./recordKind.ts";
import { TimelinePanel } from "./TimelinePanel.tsx";
import { useRecordFields } from "./useRecordFields.ts";

interface CardProps<R extends { id: string }, V, B> {
  kind: RecordKind<R, V, B>;
  /** The record's fields for reading, in the panel the edit form replaces. */
  details: (record: R, fields: CustomField[]) => ReactNode;
  /** Panels below that one (requisites, the company's people). */
  below?: (record: R, editing: boolean) => ReactNode;
}

function RecordCard<R extends { id: string }, V, B>({
  kind,
  record,
  details,
  below,
}: CardProps<R, V, B> & { record: R }) {
  const { entity, plural, keys, api } = kind;
  const { t } = useTranslation(plural);
  const { t: tc } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [saved, setSaved] = useState<Saved<R> | null>(null);
  const { fields } = useRecordFields(entity);
  const title = kind.title(record, t("noName"));
  const { Form, toForm } = kind.form;
  const ref = recordRef(entity, record.id);

  const remove = async () => {
    try {
      await api.remove(record.id);
      notifyDone(t("card.deleted"));
      setDeleting(false);
      client.removeQueries({ queryKey: keys.detail(record.id) });
      void client.invalidateQueries({ queryKey: keys.list });
      navigate(`/${plural}`);
    } catch (err) {
      notifyError(err, tc);
    }
  };

  return (
    <>
      <Anchor component={Link} to={`/${plural}`} size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {tc(`nav.${plural}`)}
        </Group>
      </Anchor>
      <Group justify="space-between" my="md" wrap="wrap" gap="sm">
        <Title order={2} size="h3" data-testid={`${entity}-name`} style={{ overflowWrap: "anywhere" }}>
          {title}
        </Title>
        <Group gap="xs">
          {can("records.update") && !editing && (
            <Button
              variant="default"
              leftSection={<IconEdit size={16} />}
              onClick={() => setEditing(true)}
              data-testid={`${entity}-edit`}
            >
              {tc("actions.edit")}
            </Button>
          )}
          {can("records.delete") && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
              data-testid={`${entity}-delete`}
            >
              {tc("actions.delete")}
            </Button>
          )}
        </Group>
      </Group>
      {saved && (
        <DuplicatesNotice
          duplicates={saved.possibleDuplicates}
          hrefOf={(id) => `/${plural}/${id}`}
          nameOf={(id) => <kind.Name id={id} />}
          title={t("duplicates.title")}
          onClose={() => setSaved(null)}
        />
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md">
              {editing ? (
                <Form
                  initialValues={toForm(record, fields)}
                  fields={fields}
                  submitLabel={tc("actions.save")}
                  onCancel={() => setEditing(false)}
                  onSubmit={async (body) => {
                    const updated = await api.update(record.id, body);
                    const { possibleDuplicates: _, ...stored } = updated;
                    client.setQueryData(keys.detail(record.id), stored);
                    void client.invalidateQueries({ queryKey: keys.list });
                    void client.invalidateQueries({ queryKey: ["timeline"] });
                    notifyDone(tc("state.saved"));
                    setSaved(updated.possibleDuplicates.length > 0 ? updated : null);
                    setEditing(false);
                  }}
                />
              ) : (
                details(record, fields)
              )}
            </Paper>
            {below?.(record, editing)}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <RelatedDeals of={ref} />
            <Paper withBorder p="md">
              <Tabs defaultValue="notes" keepMounted={false}>
                <Tabs.List mb="sm">
                  <Tabs.Tab value="notes" data-testid="tab-notes">
                    {t("card.notes")}
                  </Tabs.Tab>
                  <Tabs.Tab value="history" data-testid="tab-history">
                    {t("card.history")}
                  </Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="notes">
                  <NotesPanel target={ref} />
                </Tabs.Panel>
                <Tabs.Panel value="history">
                  <TimelinePanel recordType={entity} recordId={record.id} />
                </Tabs.Panel>
              </Tabs>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmDelete
        opened={deleting}
        title={t("card.deleteTitle")}
        message={t("card.deleteMessage", { name: title })}
        onClose={() => setDeleting(false)}
        onConfirm={remove}
      />
    </>
  );
}

export function RecordCardPage<R extends { id: string }, V, B>({
  watch = [],
  ...props
}: CardProps<R, V, B> & {
  /** Other records' live topics that change this card too (a contact joining the company). */
  watch?: string[];
}) {
  const { keys, api, entity } = props.kind;
  const { id = "" } = useParams();
  const client = useQueryClient();
  const record = useQuery({ queryKey: keys.detail(id), queryFn: () => api.fetch(id) });
  useLiveEvents([`${entity}.`, ...watch, "task."], (event) => {
    void client.invalidateQueries({ queryKey: ["timeline"] });
    if (!event.topic.startsWith("task.")) void client.invalidateQueries({ queryKey: keys.all });
  });
  return (
    <QueryState query={record}>{(data) => <RecordCard key={data.id} {...props} record={data} />}</QueryState>
  );
}
