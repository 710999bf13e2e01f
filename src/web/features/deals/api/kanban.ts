// The board: its query, paging inside a column, and the drag-and-drop move with an optimistic update.
import { keepPreviousData, type QueryKey, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../../components/notify.ts";
import { get, post } from "../../../lib/api.ts";
import type { Stage } from "../../../lib/session.ts";
import { appendPage, applyMove, insertCreated, loadedLimit } from "../board.ts";
import { dealKeys } from "./keys.ts";
import type { BoardDeal, Deal, KanbanBoard } from "./types.ts";

/** Deals per column on the first load; a refetch asks for as many as are loaded (up to the API's 100). */
const FIRST_PAGE = 30;
const NEXT_PAGE = 50;
const MAX_PAGE = 100;

type Params = Record<string, string | number | undefined>;

export function useKanban(pipelineId: string | null, params: Params) {
  const client = useQueryClient();
  const key = dealKeys.kanban(pipelineId ?? "", params);
  return useQuery({
    queryKey: key,
    enabled: Boolean(pipelineId),
    queryFn: () =>
      get<KanbanBoard>(`/api/pipelines/${pipelineId}/kanban`, {
        ...params,
        limit: loadedLimit(client.getQueryData<KanbanBoard>(key), FIRST_PAGE, MAX_PAGE),
      }),
    // While filters change, the same pipeline's board stays on screen instead of a spinner.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === pipelineId ? keepPreviousData(previous) : undefined,
  });
}

const loading = new Set<string>();

/** Loads the next deals of one column into the board (once at a time per column). */
export function useLoadMore(key: QueryKey, pipelineId: string, params: Params) {
  const client = useQueryClient();
  const { t } = useTranslation("deals");
  return useCallback(
    async (stageId: string) => {
      const board = client.getQueryData<KanbanBoard>(key);
      const cursor = board?.columns.find((c) => c.stage.id === stageId)?.nextCursor;
      const flag = `${JSON.stringify(key)}:${stageId}`;
      if (!cursor || loading.has(flag)) return;
      loading.add(flag);
      try {
        const page = await get<{ deals: BoardDeal[]; nextCursor: string | null }>(
          `/api/pipelines/${pipelineId}/kanban/${stageId}`,
          { ...params, cursor, limit: NEXT_PAGE },
        );
        client.setQueryData<KanbanBoard>(key, (current) =>
          current ? appendPage(current, stageId, page.deals, page.nextCursor) : current,
        );
      } catch (err) {
        notifyError(err, t);
      } finally {
        loading.delete(flag);
      }
    },
    [client, key, pipelineId, params, t],
  );
}

export interface MoveRequest {
  dealId: string;
  stage: Pick<Stage, "id" | "kind">;
  afterId: string | null;
  lossReasonId?: string | null;
}

/** Moves a deal on the board at once, then on the server; puts it back and says why when that fails. */
export function useMoveDeal(key: QueryKey) {
  const client = useQueryClient();
  const { t } = useTranslation("deals");
  return useCallback(
    async ({ dealId, stage, afterId, lossReasonId }: MoveRequest): Promise<boolean> => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<KanbanBoard>(key);
      if (before) client.setQueryData(key, applyMove(before, dealId, stage, afterId, lossReasonId));
      try {
        await post<Deal>(`/api/deals/${dealId}/move`, {
          stageId: stage.id,
          afterId,
          ...(lossReasonId ? { lossReasonId } : {}),
        });
        return true;
      } catch (err) {
        if (before) client.setQueryData(key, before);
        notifyError(err, t);
        return false;
      } finally {
        void client.invalidateQueries({ queryKey: dealKeys.kanbanAll });
        void client.invalidateQueries({ queryKey: dealKeys.deal(dealId) });
        void client.invalidateQueries({ queryKey: dealKeys.about(dealId) });
      }
    },
    [client, key, t],
  );
}

/** Puts a deal the person just created on its column at once (the refetch confirms it). */
export function useShowCreated(key: QueryKey) {
  const client = useQueryClient();
  return useCallback(
    (deal: Deal) => {
      client.setQueryData<KanbanBoard>(key, (board) => (board ? insertCreated(board, deal) : board));
      void client.invalidateQueries({ queryKey: dealKeys.kanbanAll });
    },
    [client, key],
  );
}
