// Mutations of the settings page: each refreshes the queries it changes, whatever the outcome (a 409
// means someone else changed the data, so a refetch shows the truth).
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";

export function useRefreshingMutation<V, R>(mutationFn: (variables: V) => Promise<R>, refresh: QueryKey[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => Promise.all(refresh.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}
