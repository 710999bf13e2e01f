// Lead sources, loss reasons and tags: small named lists with the same add / rename / delete calls.
import type { QueryKey, UseQueryResult } from "@tanstack/react-query";
import { z } from "zod";
import { del, patch, post } from "../../../lib/api.ts";
import {
  keys,
  type Named,
  type Source,
  type Tag,
  useLossReasons,
  useSources,
  useTags,
} from "../../../lib/session.ts";
import { required, tooLong } from "../logic/forms.ts";
import { useRefreshingMutation } from "./mutations.ts";

export const SOURCE_KINDS = [
  "manual",
  "phone",
  "form",
  "telegram",
  "whatsapp",
  "avito",
  "yandex_direct",
  "api",
  "other",
] as const;

/** An entry of any of the three lists; `kind` only for sources, `color` only for tags. */
export type Entry = Named & Partial<Pick<Source, "kind"> & Pick<Tag, "color">>;

export interface Dictionary {
  section: "sources" | "loss-reasons" | "tags";
  path: string;
  queryKey: QueryKey;
  useList: () => UseQueryResult<Entry[]>;
  withKind?: boolean;
  withColor?: boolean;
}

export const DICTIONARIES: Record<Dictionary["section"], Dictionary> = {
  sources: {
    section: "sources",
    path: "/api/sources",
    queryKey: keys.sources,
    useList: useSources,
    withKind: true,
  },
  "loss-reasons": {
    section: "loss-reasons",
    path: "/api/loss-reasons",
    queryKey: keys.lossReasons,
    useList: useLossReasons,
  },
  tags: { section: "tags", path: "/api/tags", queryKey: keys.tags, useList: useTags, withColor: true },
};

export const entrySchema = z.object({
  name: z.string().trim().min(1, { error: required }).max(200, { error: tooLong }),
  kind: z.enum(SOURCE_KINDS),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: "validation.color" })
    .or(z.literal("")),
});
export type EntryValues = z.infer<typeof entrySchema>;

/** The body the API expects for this list (sources need a kind; tags may have a colour). */
export function entryBody(d: Dictionary, values: Partial<EntryValues>) {
  const body: Record<string, unknown> = {};
  if (values.name !== undefined) body.name = values.name.trim();
  if (d.withKind && values.kind !== undefined) body.kind = values.kind;
  if (d.withColor && values.color !== undefined) body.color = values.color || null;
  return body;
}

export function useEntryMutations(d: Dictionary) {
  const refresh = [d.queryKey];
  return {
    create: useRefreshingMutation((body: Record<string, unknown>) => post<Entry>(d.path, body), refresh),
    update: useRefreshingMutation(
      ({ id, body }: { id: string; body: Record<string, unknown> }) => patch<Entry>(`${d.path}/${id}`, body),
      refresh,
    ),
    remove: useRefreshingMutation((id: string) => del(`${d.path}/${id}`), refresh),
  };
}
