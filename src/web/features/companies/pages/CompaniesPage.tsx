// /companies: search, filters, sortable columns of the person's choice, keyset infinite scroll, selection
// with bulk actions, export, and "new company".
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
import {
  bulkCompanies,
  COMPANY_LIST,
  type Company,
  companyKeys,
  type SavedCompany,
} from "../api/companies.ts";
import { CompaniesToolbar } from "../components/CompaniesToolbar.tsx";
import { CompanyCreateDrawer } from "../components/CompanyCreateDrawer.tsx";
import { CompanyName } from "../components/CompanyName.tsx";
import { COMPANY_ALWAYS, COMPANY_DEFAULT_COLUMNS, companyColumns } from "../components/companyColumns.tsx";

export default function CompaniesPage() {
  const { t, i18n } = useTranslation("companies");
  const { t: tc } = useTranslation();
  const { workspace, can } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readListState(params, COMPANY_LIST), [params]);
  const [selected, setSelected] = useState<Selection>(noSelection);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<SavedCompany | null>(null);

  const setState = (next: ListState) => {
    setSelected(noSelection);
    setParams(writeListState(next, COMPANY_LIST), { replace: true });
  };
  const list = useInfiniteList<Company>(companyKeys.list, "/api/companies", apiQuery(state));
  useLiveEvents(["company."], () => void client.invalidateQueries({ queryKey: companyKeys.all }));

  const customFields = useCustomFields();
  const fields = useMemo(
    () =>
      (customFields.data ?? []).filter((f) => f.entity === "company").sort((a, b) => a.position - b.position),
    [customFields.data],
  );
  const columns = companyColumns(t, i18n.language, fields, workspace.currency);
  const choice = useColumnChoice(
    "companies",
    workspace.id,
    columns.map((c) => c.key),
    COMPANY_DEFAULT_COLUMNS,
    COMPANY_ALWAYS,
  );
  const shown = columns.filter((c) => choice.visible.includes(c.key));

  const ids = list.items.map((c) => c.id);
  const selection = keepLoaded(selected, ids);
  const count = selection.allMatching ? 0 : selection.ids.size;

  const runBulk = async (action: BulkAction) => {
    try {
      const { affected } = await bulkCompanies(bulkTarget(selection, apiFilters(state)), action);
      notifyDone(t(action.type === "delete" ? "bulk.deleted" : "bulk.done", { count: affected }));
      setSelected(noSelection);
      await client.invalidateQueries({ queryKey: companyKeys.all });
    } catch (err) {
      notifyError(err, tc);
    }
  };

  const filtered = filterCount(state) > 0 || state.q.trim() !== "";
  return (
    <>
      <PageHeader title={tc("nav.companies")}>
        {can("records.export") && <ExportButtons path="/api/export/companies" state={state} />}
        <ColumnsMenu
          columns={columns.map((c) => ({ key: c.key, label: c.label }))}
          visible={choice.visible}
          always={COMPANY_ALWAYS}
          onToggle={choice.toggle}
        />
        {can("records.create") && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="company-create-open"
          >
            {t("create.open")}
          </Button>
        )}
      </PageHeader>
      {created && (
        <DuplicatesNotice
          duplicates={created.possibleDuplicates}
          hrefOf={(id) => `/companies/${id}`}
          nameOf={(id) => <CompanyName id={id} />}
          title={t("duplicates.title")}
          onClose={() => setCreated(null)}
        >
          <Text size="sm" mb={4}>
            {t("duplicates.created")}{" "}
            <Anchor component={Link} to={`/companies/${created.id}`}>
              {created.name}
            </Anchor>
          </Text>
        </DuplicatesNotice>
      )}
      <CompaniesToolbar state={state} onChange={setState} fields={fields} />
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
          testId="companies-table"
          rowTestId={(c) => `company-row-${c.id}`}
          rowLabel={(c) => c.name}
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
      <CompanyCreateDrawer
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(company) => setCreated(company.possibleDuplicates.length > 0 ? company : null)}
      />
    </>
  );
}
