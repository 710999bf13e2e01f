// /companies/:id: the company's card. General fields and requisites (read, or the edit form), custom
// fields, people, deals, notes and history. A deleted or invisible company shows "not found".
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
  type Company,
  companyKeys,
  deleteCompany,
  type SavedCompany,
  updateCompany,
  useCompany,
} from "../api/companies.ts";
import { companyToForm } from "../companyForm.ts";
import { CompanyContacts } from "../components/CompanyContacts.tsx";
import { CompanyDetails } from "../components/CompanyDetails.tsx";
import { CompanyForm } from "../components/CompanyForm.tsx";
import { CompanyName } from "../components/CompanyName.tsx";
import { Requisites } from "../components/Requisites.tsx";

function CompanyCard({ company }: { company: Company }) {
  const { t } = useTranslation("companies");
  const { t: tc } = useTranslation();
  const { can, workspace } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [saved, setSaved] = useState<SavedCompany | null>(null);
  const customFields = useCustomFields();
  const fields = (customFields.data ?? [])
    .filter((f) => f.entity === "company")
    .sort((a, b) => a.position - b.position);

  const remove = async () => {
    try {
      await deleteCompany(company.id);
      notifyDone(t("card.deleted"));
      setDeleting(false);
      client.removeQueries({ queryKey: companyKeys.detail(company.id) });
      void client.invalidateQueries({ queryKey: companyKeys.list });
      navigate("/companies");
    } catch (err) {
      notifyError(err, tc);
    }
  };

  return (
    <>
      <Anchor component={Link} to="/companies" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {tc("nav.companies")}
        </Group>
      </Anchor>
      <Group justify="space-between" my="md" wrap="wrap" gap="sm">
        <Title order={2} size="h3" data-testid="company-name" style={{ overflowWrap: "anywhere" }}>
          {company.name}
        </Title>
        <Group gap="xs">
          {can("records.update") && !editing && (
            <Button
              variant="default"
              leftSection={<IconEdit size={16} />}
              onClick={() => setEditing(true)}
              data-testid="company-edit"
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
              data-testid="company-delete"
            >
              {tc("actions.delete")}
            </Button>
          )}
        </Group>
      </Group>
      {saved && (
        <DuplicatesNotice
          duplicates={saved.possibleDuplicates}
          hrefOf={(id) => `/companies/${id}`}
          nameOf={(id) => <CompanyName id={id} />}
          title={t("duplicates.title")}
          onClose={() => setSaved(null)}
        />
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {editing ? (
              <Paper withBorder p="md">
                <CompanyForm
                  initialValues={companyToForm(company, fields)}
                  fields={fields}
                  submitLabel={tc("actions.save")}
                  onCancel={() => setEditing(false)}
                  onSubmit={async (body) => {
                    const updated = await updateCompany(company.id, body);
                    const { possibleDuplicates: _, ...record } = updated;
                    client.setQueryData(companyKeys.detail(company.id), record);
                    void client.invalidateQueries({ queryKey: companyKeys.list });
                    void client.invalidateQueries({ queryKey: ["timeline"] });
                    notifyDone(tc("state.saved"));
                    setSaved(updated.possibleDuplicates.length > 0 ? updated : null);
                    setEditing(false);
                  }}
                />
              </Paper>
            ) : (
              <>
                <Paper withBorder p="md">
                  <CompanyDetails company={company} fields={fields} currency={workspace.currency} />
                </Paper>
                <Requisites company={company} />
              </>
            )}
            <CompanyContacts companyId={company.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <RelatedDeals of={{ companyId: company.id }} />
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
                  <NotesPanel target={{ companyId: company.id }} />
                </Tabs.Panel>
                <Tabs.Panel value="history">
                  <TimelinePanel recordType="company" recordId={company.id} />
                </Tabs.Panel>
              </Tabs>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmDelete
        opened={deleting}
        title={t("card.deleteTitle")}
        message={t("card.deleteMessage", { name: company.name })}
        onClose={() => setDeleting(false)}
        onConfirm={remove}
      />
    </>
  );
}

export default function CompanyPage() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const company = useCompany(id);
  useLiveEvents(["company.", "contact.", "task."], (event) => {
    void client.invalidateQueries({ queryKey: ["timeline"] });
    if (event.topic.startsWith("task.")) return;
    void client.invalidateQueries({ queryKey: companyKeys.all });
    // A contact joining or leaving the company changes its list of people.
    if (event.topic.startsWith("contact.")) void client.invalidateQueries({ queryKey: ["contacts"] });
  });
  return <QueryState query={company}>{(data) => <CompanyCard key={data.id} company={data} />}</QueryState>;
}
