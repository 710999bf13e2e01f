// /contacts/:id: the contact's card. Fields (read, or the edit form), custom fields, companies, deals,
// notes and history. A deleted or invisible contact shows "not found"; changes by others arrive live.
import { Anchor, Button, Grid, Group, Paper, Stack, Tabs, Title } from "@mantine/core";
import { IconArrowLeft, IconEdit, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { ConfirmDelete } from "../../../components/records/ConfirmDelete.tsx";
import { DuplicatesNotice } from "../../../components/records/DuplicatesNotice.tsx";
import { NotesPanel } from "../../../components/records/NotesPanel.tsx";
import { RelatedDeals } from "../../../components/records/RelatedDeals.tsx";
import { TimelinePanel } from "../../../components/records/TimelinePanel.tsx";
import { useLiveEvents } from "../../../lib/live.ts";
import { useCustomFields, useSession } from "../../../lib/session.ts";
import {
  type Contact,
  contactKeys,
  deleteContact,
  type SavedContact,
  updateContact,
  useContact,
} from "../api/contacts.ts";
import { ContactDetails } from "../components/ContactDetails.tsx";
import { ContactForm } from "../components/ContactForm.tsx";
import { ContactName, contactTitle } from "../components/names.tsx";
import { contactToForm } from "../contactForm.ts";

function ContactCard({ contact }: { contact: Contact }) {
  const { t } = useTranslation("contacts");
  const { t: tc } = useTranslation();
  const { can, workspace } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [saved, setSaved] = useState<SavedContact | null>(null);
  const customFields = useCustomFields();
  const fields = (customFields.data ?? [])
    .filter((f) => f.entity === "contact")
    .sort((a, b) => a.position - b.position);
  const title = contactTitle(contact, t("noName"));

  const remove = async () => {
    try {
      await deleteContact(contact.id);
      notifyDone(t("card.deleted"));
      setDeleting(false);
      client.removeQueries({ queryKey: contactKeys.detail(contact.id) });
      void client.invalidateQueries({ queryKey: contactKeys.list });
      navigate("/contacts");
    } catch (err) {
      notifyError(err, tc);
    }
  };

  return (
    <>
      <Anchor component={Link} to="/contacts" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {tc("nav.contacts")}
        </Group>
      </Anchor>
      <Group justify="space-between" my="md" wrap="wrap" gap="sm">
        <Title order={2} size="h3" data-testid="contact-name" style={{ overflowWrap: "anywhere" }}>
          {title}
        </Title>
        <Group gap="xs">
          {can("records.update") && !editing && (
            <Button
              variant="default"
              leftSection={<IconEdit size={16} />}
              onClick={() => setEditing(true)}
              data-testid="contact-edit"
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
              data-testid="contact-delete"
            >
              {tc("actions.delete")}
            </Button>
          )}
        </Group>
      </Group>
      {saved && (
        <DuplicatesNotice
          duplicates={saved.possibleDuplicates}
          hrefOf={(id) => `/contacts/${id}`}
          nameOf={(id) => <ContactName id={id} />}
          title={t("duplicates.title")}
          onClose={() => setSaved(null)}
        />
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md">
            {editing ? (
              <ContactForm
                initialValues={contactToForm(contact, fields)}
                fields={fields}
                submitLabel={tc("actions.save")}
                onCancel={() => setEditing(false)}
                onSubmit={async (body) => {
                  const updated = await updateContact(contact.id, body);
                  const { possibleDuplicates: _, ...record } = updated;
                  client.setQueryData(contactKeys.detail(contact.id), record);
                  void client.invalidateQueries({ queryKey: contactKeys.list });
                  void client.invalidateQueries({ queryKey: ["timeline"] });
                  notifyDone(tc("state.saved"));
                  setSaved(updated.possibleDuplicates.length > 0 ? updated : null);
                  setEditing(false);
                }}
              />
            ) : (
              <ContactDetails contact={contact} fields={fields} currency={workspace.currency} />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <RelatedDeals of={{ contactId: contact.id }} />
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
                  <NotesPanel target={{ contactId: contact.id }} />
                </Tabs.Panel>
                <Tabs.Panel value="history">
                  <TimelinePanel recordType="contact" recordId={contact.id} />
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

export default function ContactPage() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const contact = useContact(id);
  useLiveEvents(["contact.", "task."], (event) => {
    void client.invalidateQueries({ queryKey: ["timeline"] });
    if (event.topic.startsWith("contact.")) void client.invalidateQueries({ queryKey: contactKeys.all });
  });
  return <QueryState query={contact}>{(data) => <ContactCard key={data.id} contact={data} />}</QueryState>;
}
