// One deal: read, create, change, move, delete.
import { useQuery } from "@tanstack/react-query";
import type { DealInput } from "../../../../common/deals.ts";
import { del, get, patch, post } from "../../../lib/api.ts";
import { dealKeys } from "./keys.ts";
import type { Deal } from "./types.ts";

export const useDeal = (id: string) =>
  useQuery({ queryKey: dealKeys.deal(id), queryFn: () => get<Deal>(`/api/deals/${id}`) });

export const createDeal = (body: DealInput & { title: string }) => post<Deal>("/api/deals", body);
export const updateDeal = (id: string, body: DealInput) => patch<Deal>(`/api/deals/${id}`, body);
export const deleteDeal = (id: string) => del(`/api/deals/${id}`);

/** Kanban-style move: to a stage, after a deal (or on top); a lost stage needs a loss reason. */
export const moveDeal = (
  id: string,
  body: { stageId: string; afterId?: string | null; lossReasonId?: string },
) => post<Deal>(`/api/deals/${id}/move`, body);
