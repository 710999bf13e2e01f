// Deals as a kanban board: pick a pipeline (remembered), search and filter, create a deal quickly, and
// move deals between stages by drag and drop.
import { Button, NativeSelect, Stack } from "@mantine/core";
import { useDebouncedValue, useLocalStorage } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { Empty, ErrorState, QueryState } from "../../../components/QueryState.tsx";
import { usePipelines, useSession } from "../../../lib/session.ts";
import { useKanban, useLoadMore, useShowCreated } from "../api/kanban.ts";
import { dealKeys } from "../api/keys.ts";
import { pickPipeline, sortPipelines } from "../board.ts";
import { KanbanBoard } from "../components/KanbanBoard.tsx";
import { KanbanToolbar } from "../components/KanbanToolbar.tsx";
import { QuickCreate } from "../components/QuickCreate.tsx";
import { kanbanParams, NO_FILTERS } from "../filters.ts";

export default function KanbanPage() {
  const { t } = useTranslation("deals");
  const { can } = useSession();
  const pipelines = usePipelines();
  const [remembered, remember] = useLocalStorage<string | null>({
    key: "flame.deals.pipeline",
    defaultValue: null,
    getInitialValueInEffect: false,
  });
  const sorted = useMemo(() => sortPipelines(pipelines.data ?? []), [pipelines.data]);
  const pipelineId = pickPipeline(sorted, remembered);
  const pipeline = sorted.find((p) => p.id === pipelineId);
  const firstOpen = pipeline?.stages.find((s) => s.kind === "open");

  const [filters, setFilters] = useState(NO_FILTERS);
  const [applied] = useDebouncedValue(filters, 300);
  const params = useMemo(() => kanbanParams(applied), [applied]);
  const key = useMemo(() => dealKeys.kanban(pipelineId ?? "", params), [pipelineId, params]);
  const board = useKanban(pipelineId, params);
  const loadMore = useLoadMore(key, pipelineId ?? "", params);
  const showCreated = useShowCreated(key);
  const [creating, setCreating] = useState(false);
  const mayCreate = can("records.create");

  return (
    <Stack gap="sm">
      <PageHeader title={t("title")}>
        {sorted.length > 0 && (
          <NativeSelect
            aria-label={t("pipeline")}
            data-testid="pipeline-select"
            value={pipelineId ?? ""}
            onChange={(e) => remember(e.currentTarget.value)}
            data={sorted.map((p) => ({ value: p.id, label: p.name }))}
            w={220}
          />
        )}
        {mayCreate && firstOpen && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="quick-create-open"
          >
            {t("quick.open")}
          </Button>
        )}
      </PageHeader>
      <KanbanToolbar filters={filters} onChange={setFilters} />
      <QueryState query={pipelines} isEmpty={(list) => list.length === 0} empty={t("noPipelines")}>
        {() =>
          !pipelineId ? (
            <Empty>{t("noPipelines")}</Empty>
          ) : board.data ? (
            <>
              {/* A failed refresh keeps the board on screen and says so. */}
              {board.isError && <ErrorState error={board.error} onRetry={() => void board.refetch()} />}
              <KanbanBoard
                board={board.data}
                queryKey={key}
                onLoadMore={loadMore}
                firstColumnTop={
                  creating && firstOpen ? (
                    <QuickCreate
                      pipelineId={pipelineId}
                      stageId={firstOpen.id}
                      onCreated={(deal) => {
                        showCreated(deal);
                        setCreating(false);
                      }}
                      onClose={() => setCreating(false)}
                    />
                  ) : undefined
                }
              />
            </>
          ) : (
            <QueryState query={board}>{() => null}</QueryState>
          )
        }
      </QueryState>
    </Stack>
  );
}
