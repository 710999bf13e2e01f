// Pipelines and their stages. Every change refreshes `keys.pipelines`, which the kanban and deal pages use.
import { useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api, patch, post, put } from "../../../lib/api.ts";
import { keys, type Pipeline } from "../../../lib/session.ts";
import { required, tooLong } from "../logic/forms.ts";
import { useRefreshingMutation } from "./mutations.ts";

export const nameSchema = z.object({
  name: z.string().trim().min(1, { error: required }).max(200, { error: tooLong }),
});
export const stageSchema = nameSchema.extend({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: "validation.color" })
    .or(z.literal("")),
});

const refresh = [keys.pipelines];

export const useCreatePipeline = () =>
  useRefreshingMutation((body: { name: string }) => post<Pipeline>("/api/pipelines", body), refresh);

export const useUpdatePipeline = () =>
  useRefreshingMutation(
    ({ id, ...body }: { id: string; name?: string; isDefault?: true }) =>
      patch<Pipeline>(`/api/pipelines/${id}`, body),
    refresh,
  );

/** Deletes a pipeline; its deals (if any) move to `targetStageId` in another pipeline. */
export const useDeletePipeline = () =>
  useRefreshingMutation(
    ({ id, targetStageId }: { id: string; targetStageId?: string }) =>
      api<void>("DELETE", `/api/pipelines/${id}`, undefined, { targetStageId }),
    refresh,
  );

export const useAddStage = () =>
  useRefreshingMutation(
    ({ pipelineId, ...body }: { pipelineId: string; name: string; color?: string | null }) =>
      post<Pipeline>(`/api/pipelines/${pipelineId}/stages`, body),
    refresh,
  );

export const useUpdateStage = () =>
  useRefreshingMutation(
    ({
      pipelineId,
      stageId,
      ...body
    }: {
      pipelineId: string;
      stageId: string;
      name?: string;
      color?: string | null;
    }) => patch<Pipeline>(`/api/pipelines/${pipelineId}/stages/${stageId}`, body),
    refresh,
  );

export const useDeleteStage = () =>
  useRefreshingMutation(
    ({
      pipelineId,
      stageId,
      targetStageId,
    }: {
      pipelineId: string;
      stageId: string;
      targetStageId?: string;
    }) =>
      api<Pipeline>("DELETE", `/api/pipelines/${pipelineId}/stages/${stageId}`, undefined, { targetStageId }),
    refresh,
  );

/** Saves a new stage order; the cached pipeline shows it at once and rolls back if the API refuses. */
export function useReorderStages() {
  const client = useQueryClient();
  return useRefreshingMutation(
    async ({ pipelineId, stageIds }: { pipelineId: string; stageIds: string[] }) => {
      await client.cancelQueries({ queryKey: keys.pipelines });
      const previous = client.getQueryData<Pipeline[]>(keys.pipelines);
      client.setQueryData<Pipeline[]>(keys.pipelines, (list) =>
        list?.map((p) =>
          p.id === pipelineId
            ? {
                ...p,
                stages: stageIds.flatMap((id, position) => {
                  const stage = p.stages.find((s) => s.id === id);
                  return stage ? [{ ...stage, position }] : [];
                }),
              }
            : p,
        ),
      );
      try {
        return await put<Pipeline>(`/api/pipelines/${pipelineId}/stages/order`, { stageIds });
      } catch (err) {
        client.setQueryData(keys.pipelines, previous);
        throw err;
      }
    },
    refresh,
  );
}
