// Lead capture forms (/api/forms): the list, create, edit and delete. The token and the snippet's
// address come with each form.
import { useQuery } from "@tanstack/react-query";
import { del, get, patch, post } from "../../../lib/api.ts";
import { type LeadForm, type LeadFormValues, leadFormBody } from "../logic/leadForms.ts";
import { useRefreshingMutation } from "./mutations.ts";

const BASE = "/api/forms";
export const formKeys = { list: ["lead-forms"] as const };

export const useLeadForms = () =>
  useQuery({
    queryKey: formKeys.list,
    queryFn: ({ signal }) => get<{ items: LeadForm[] }>(BASE, undefined, signal),
  });

export const useCreateLeadForm = () =>
  useRefreshingMutation(
    (values: LeadFormValues) => post<LeadForm>(BASE, leadFormBody(values)),
    [formKeys.list],
  );

export const useUpdateLeadForm = () =>
  useRefreshingMutation(
    ({ id, values }: { id: string; values: LeadFormValues }) =>
      patch<LeadForm>(`${BASE}/${id}`, leadFormBody(values)),
    [formKeys.list],
  );

export const useDeleteLeadForm = () =>
  useRefreshingMutation((id: string) => del(`${BASE}/${id}`), [formKeys.list]);
