// /contacts: search, filters, sortable columns of the person's choice, keyset infinite scroll, selection
// with bulk actions, export, and "new contact".
import { Anchor, Button, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { Empty, ErrorState, Loading } from "../../../components/QueryState.tsx";
import { type BulkAction, BulkBar } from "../../../components/records/BulkBar.tsx";
import { ColumnsMenu } from "../../../components/records/ColumnsMenu.tsx";
import { DuplicatesNotice } from "../../../components/records/DuplicatesNotice.tsx";
import { ExportButtons } from "../../../components/records/ExportButtons.tsx";
import {
  apiFilters,
  apiQuery,
  filterCount,
  type ListState,
  nextSort,
  readListState,
  writeListState,
} from "../../../components/records/listQuery.ts";
import { RecordTable } from "../../../components/records/RecordTable.tsx";
import {
  bulkTarget,
  keepLoaded,
  noSelection,
  type Selection,
  toggleAllLoaded,
  toggleRow,
} from "../../../components/records/selection.ts";
import { useColumnChoice } from "../../../components/records/useColumnChoice.ts";
import { useInfiniteList } from "../../../components/records/useInfiniteList.ts";
import { useLiveEvents } from "../../../lib/live.ts";
import { useCustomFields, useSession } from "../../../lib/session.ts";
import { bulkContacts, CONTACT_LIST, type Contact, contactKeys, type SavedContact } from "../api/contacts.ts";
import { ContactCreateDrawer } from "../components/ContactCreateDrawer.tsx";
import { ContactsToolbar } from "../components/ContactsToolbar.tsx";
import { CONTACT_ALWAYS, CONTACT_DEFAULT_COLUMNS, contactColumns } from "../components/contactColumns.tsx";
import { ContactName, contactTitle } from "../components/names.tsx";

export default function ContactsPage() {
  const { t, i18n } = useTranslation("contacts");
  const { t: tc } = useTranslation();
  const { workspace, can } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readListState(params, CONTACT_LIST), [params]);
  const [selected, setSelected] = useState<Selection>(noSelection);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<SavedContact | null>(null);

  const setState = (next: ListState) => {
    setSelected(noSelection);
    setParams(writeListState(next, CONTACT_LIST), { replace: true });
  };
  const list = useInfiniteList<Contact>(contactKeys.list, "/api/contacts", apiQuery(state));
  useLiveEvents(["contact."], () => void client.invalidateQueries({ queryKey: contactKeys.all }));

  const customFields = useCustomFields();
  const fields = useMemo(
    () =>
      (customFields.data ?? []).filter((f) => f.entity === "contact").sort((a, b) => a.position - b.position),
    [customFields.data],
  );
  const columns = contactColumns(t, i18n.language, fields, workspace.currency);
  const choice = useColumnChoice(
    "contacts",
    workspace.id,
    columns.map((c) => c.key),
    CONTACT_DEFAULT_COLUMNS,
    CONTACT_ALWAYS,
  );
  const shown = columns.filter((c) => choice.visible.includes(c.key));

  const ids = list.items.map((c) => c.id);
  const selection = keepLoaded(selected, ids);
  const count = selection.allMatching ? 0 : selection.ids.size;

  const runBulk = async (action: BulkAction) => {
    try {
      const { affected } = await bulkContacts(bulkTarget(selection, apiFilters(state)), action);
      notifyDone(t(action.type === "delete" ? "bulk.deleted" : "bulk.done", { count: affected }));
      setSelected(noSelection);
      await client.invalidateQueries({ queryKey: contactKeys.all });
    } catch (err) {
      notifyError(err, tc);
    }
  };

  const filtered = filterCount(state) > 0 || state.q.trim() !== "";
  return (
    <>
      <PageHeader title={tc("nav.contacts")}>
        {can("records.export") && <ExportButtons path="/api/export/contacts" state={state} />}
        <ColumnsMenu
          columns={columns.map((c) => ({ key: c.key, label: c.label }))}
          visible={choice.visible}
          always={CONTACT_ALWAYS}
          onToggle={choice.toggle}
        />
        {can("records.create") && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="contact-create-open"
          >
            {t("create.open")}
          </Button>
        )}
      </PageHeader>
      {created && (
        <DuplicatesNotice
          duplicates={created.possibleDuplicates}
          hrefOf={(id) => `/contacts/${id}`}
          nameOf={(id) => <ContactName id={id} />}
          title={t("duplicates.title")}
          onClose={() => setCreated(null)}
        >
          <Text size="sm" mb={4}>
            {t("duplicates.created")}{" "}
            <Anchor component={Link} to={`/contacts/${created.id}`}>
              {contactTitle(created, t("noName"))}
            </Anchor>
          </Text>
        </DuplicatesNotice>
      )}
      <ContactsToolbar state={state} onChange={setState} fields={fields} />
      {(count > 0 || selection.allMatching) && (
        <BulkBar
          count={count}
          allMatching={selection.allMatching}
          canSelectAllMatching={Boolean(list.hasNextPage) && count === ids.length}
          onSelectAllMatching={() => setSelected({ ids: new Set(ids), allMatching: true })}
          onClear={() => setSelected(noSelection)}
          canUpdate={can("records.update")}
          canDelete={can("records.delete")}
          deleteTitle={t("bulk.deleteTitle")}
          deleteMessage={
            selection.allMatching ? t("bulk.deleteAllMatching") : t("bulk.deleteMessage", { count })
          }
          onAction={runBulk}
        />
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError && list.items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <Empty>{filtered ? t("list.nothingFound") : t("list.empty")}</Empty>
      ) : (
        <RecordTable
          rows={list.items}
          columns={shown}
          testId="contacts-table"
          rowTestId={(c) => `contact-row-${c.id}`}
          rowLabel={(c) => contactTitle(c, t("noName"))}
          sort={state.sort}
          order={state.order}
          onSort={(sort) => setState(nextSort(state, sort))}
          selection={selection}
          onToggleRow={(id) => setSelected(toggleRow(selection, id))}
          onToggleAll={() => setSelected(toggleAllLoaded(selection, ids))}
          hasMore={Boolean(list.hasNextPage)}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      )}
      <ContactCreateDrawer
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(contact) => setCreated(contact.possibleDuplicates.length > 0 ? contact : null)}
      />
    </>
  );
}
