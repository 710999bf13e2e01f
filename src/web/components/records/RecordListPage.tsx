// A records list page (/contacts, /companies): search and filters, sortable columns of the person's
// choice, keyset infinite scroll, selection with bulk actions, export, and "new record".
import { Anchor, Button, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { type ComponentType, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useLiveEvents } from "../../lib/live.ts";
import { type CustomField, useSession } from "../../lib/session.ts";
import { notifyDone, notifyError } from "../notify.ts";
import { PageHeader } from "../PageHeader.tsx";
import { Empty, ErrorState, Loading } from "../QueryState.tsx";
import { type BulkAction, BulkBar } from "./BulkBar.tsx";
import { ColumnsMenu } from "./ColumnsMenu.tsx";
import { CreateDrawer } from "./CreateDrawer.tsx";
import { DuplicatesNotice } from "./DuplicatesNotice.tsx";
import { ExportButtons } from "./ExportButtons.tsx";
import {
  apiFilters,
  apiQuery,
  filterCount,
  type ListState,
  nextSort,
  readListState,
  writeListState,
} from "./listQuery.ts";
import { type Column, RecordTable } from "./RecordTable.tsx";
import { customFieldColumns } from "./recordColumns.tsx";
import type { RecordKind, Saved } from "./recordKind.ts";
import {
  bulkTarget,
  keepLoaded,
  noSelection,
  type Selection,
  toggleAllLoaded,
  toggleRow,
} from "./selection.ts";
import { useColumnChoice } from "./useColumnChoice.ts";
import { useInfiniteList } from "./useInfiniteList.ts";
import { useRecordFields } from "./useRecordFields.ts";

/** The name column is always shown. */
const ALWAYS = ["name"];

export interface ToolbarProps {
  state: ListState;
  onChange: (state: ListState) => void;
  fields: CustomField[];
}

export function RecordListPage<R extends { id: string; customFields: Record<string, unknown> }, V, B>({
  kind,
  columns: ownColumns,
  defaultColumns,
  Toolbar,
}: {
  kind: RecordKind<R, V, B>;
  /** The kind's own columns, between the name and the custom fields; `t` reads the kind's namespace. */
  columns: (t: TFunction, lang: string) => Column<R>[];
  defaultColumns: string[];
  /** The filters above the table. */
  Toolbar: ComponentType<ToolbarProps>;
}) {
  const { entity, plural, keys, api } = kind;
  const { t, i18n } = useTranslation(plural);
  const { t: tc } = useTranslation();
  const { workspace, can } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readListState(params, api.spec), [params, api.spec]);
  const [selected, setSelected] = useState<Selection>(noSelection);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Saved<R> | null>(null);

  const setState = (next: ListState) => {
    setSelected(noSelection);
    setParams(writeListState(next, api.spec), { replace: true });
  };
  const list = useInfiniteList<R>(keys.list, api.list, apiQuery(state));
  useLiveEvents([`${entity}.`], () => void client.invalidateQueries({ queryKey: keys.all }));

  const { fields } = useRecordFields(entity);
  const title = (record: R) => kind.title(record, t("noName"));
  const columns: Column<R>[] = [
    {
      key: "name",
      label: t("fields.name"),
      sort: "name",
      render: (r) => (
        <Anchor component={Link} to={`/${plural}/${r.id}`} fw={500} size="sm" data-testid={`${entity}-link`}>
          {title(r)}
        </Anchor>
      ),
    },
    ...ownColumns(t, i18n.language),
    ...customFieldColumns<R>(fields, workspace.currency),
  ];
  const choice = useColumnChoice(
    plural,
    workspace.id,
    columns.map((c) => c.key),
    defaultColumns,
    ALWAYS,
  );
  const shown = columns.filter((c) => choice.visible.includes(c.key));

  const ids = list.items.map((r) => r.id);
  const selection = keepLoaded(selected, ids);
  const count = selection.allMatching ? 0 : selection.ids.size;

  const runBulk = async (action: BulkAction) => {
    try {
      const { affected } = await api.bulk(bulkTarget(selection, apiFilters(state)), action);
      notifyDone(t(action.type === "delete" ? "bulk.deleted" : "bulk.done", { count: affected }));
      setSelected(noSelection);
      await client.invalidateQueries({ queryKey: keys.all });
    } catch (err) {
      notifyError(err, tc);
    }
  };

  const filtered = filterCount(state) > 0 || state.q.trim() !== "";
  return (
    <>
      <PageHeader title={tc(`nav.${plural}`)}>
        {can("records.export") && <ExportButtons path={api.export} state={state} />}
        <ColumnsMenu
          columns={columns.map((c) => ({ key: c.key, label: c.label }))}
          visible={choice.visible}
          always={ALWAYS}
          onToggle={choice.toggle}
        />
        {can("records.create") && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid={`${entity}-create-open`}
          >
            {t("create.open")}
          </Button>
        )}
      </PageHeader>
      {created && (
        <DuplicatesNotice
          duplicates={created.possibleDuplicates}
          hrefOf={(id) => `/${plural}/${id}`}
          nameOf={(id) => <kind.Name id={id} />}
          title={t("duplicates.title")}
          onClose={() => setCreated(null)}
        >
          <Text size="sm" mb={4}>
            {t("duplicates.created")}{" "}
            <Anchor component={Link} to={`/${plural}/${created.id}`}>
              {title(created)}
            </Anchor>
          </Text>
        </DuplicatesNotice>
      )}
      <Toolbar state={state} onChange={setState} fields={fields} />
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
          testId={`${plural}-table`}
          rowTestId={(r) => `${entity}-row-${r.id}`}
          rowLabel={title}
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
      <CreateDrawer
        kind={kind}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(record) => setCreated(record.possibleDuplicates.length > 0 ? record : null)}
      />
    </>
  );
}
