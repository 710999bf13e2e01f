// What happens around a deal: its timeline, notes, tasks and the stages it went through.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ApiError, del, get, patch, post } from "../../../lib/api.ts";
import { type RawStay, stayOf } from "../stages.ts";
import { dealKeys } from "./keys.ts";
import type { Note, Page, StageStay, Task, TimelineEvent } from "./types.ts";

/** `pollUntil`: a time (ms) until which the timeline is refetched every 1.5 s, to catch up with a change. */
export function useTimeline(dealId: string, pollUntil = 0) {
  return useInfiniteQuery({
    queryKey: dealKeys.timeline(dealId),
    queryFn: ({ pageParam }) =>
      get<Page<TimelineEvent>>("/api/timeline", {
        recordType: "deal",
        recordId: dealId,
        limit: 50,
        cursor: pageParam ?? undefined,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: () => (Date.now() < pollUntil ? 1500 : false),
  });
}

export const useNotes = (dealId: string) =>
  useQuery({
    queryKey: dealKeys.notes(dealId),
    queryFn: () => get<Page<Note>>("/api/notes", { dealId, limit: 100 }),
  });

export const addNote = (dealId: string, body: string) => post<Note>("/api/notes", { dealId, body });
export const editNote = (id: string, body: string) => patch<Note>(`/api/notes/${id}`, { body });
export const deleteNote = (id: string) => del(`/api/notes/${id}`);

export const useDealTasks = (dealId: string) =>
  useQuery({
    queryKey: dealKeys.tasks(dealId),
    queryFn: () => get<Page<Task>>("/api/tasks", { dealId, limit: 100 }),
  });

export const addTask = (body: {
  title: string;
  dueAt?: string | null;
  assigneeId?: string | null;
  dealId: string;
}) => post<Task>("/api/tasks", body);
export const completeTask = (id: string) => post<Task>(`/api/tasks/${id}/complete`);
export const reopenTask = (id: string) => post<Task>(`/api/tasks/${id}/reopen`);

/**
 * The deal's stay in each stage (oldest first) from `GET /api/deals/:id/stage-history`. Null when the
 * server does not offer that endpoint (the page then reads the stage changes from the timeline).
 */
export function useStageHistory(dealId: string) {
  return useQuery({
    queryKey: dealKeys.stageHistory(dealId),
    queryFn: async (): Promise<StageStay[] | null> => {
      try {
        const body = await get<RawStay[] | { items: RawStay[] }>(`/api/deals/${dealId}/stage-history`);
        return (Array.isArray(body) ? body : (body?.items ?? [])).map(stayOf);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    retry: false,
  });
}
