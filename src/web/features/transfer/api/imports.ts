// Imports over the API: upload, mapping, start, progress, cancel; saved mappings; recent imports.
import { type QueryClient, useQuery } from "@tanstack/react-query";
import { apiUpload, get, post, put } from "../../../lib/api.ts";
import { type ImportEntity, type ImportStatus, isFinished, type Mapping } from "../fields.ts";

export type DuplicatePolicy = "skip" | "update" | "create";

/** An import as GET /api/imports/:id answers it. */
export interface ImportView {
  id: string;
  entity: ImportEntity;
  status: ImportStatus;
  fileName: string;
  fileSize: number;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  mapping: Mapping;
  duplicatePolicy: DuplicatePolicy;
  totalRows: number | null;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCount: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  percent: number;
}

export interface PreviewRow {
  rowNumber: number;
  values: Record<string, string>;
  errors: string[];
}

export interface UploadAnswer extends ImportView {
  guessedMapping: Mapping;
  preview: PreviewRow[];
}

export interface ConfigureAnswer extends ImportView {
  preview: PreviewRow[];
}

export interface SavedMapping {
  id: string;
  name: string;
  entity: ImportEntity;
  mapping: Mapping;
  createdAt: string;
}

export const importKeys = {
  all: ["imports"] as const,
  list: ["imports", "list"] as const,
  one: (id: string) => ["imports", "one", id] as const,
  mappings: (entity: ImportEntity) => ["imports", "mappings", entity] as const,
};

export function uploadImport(entity: ImportEntity, file: File) {
  const form = new FormData();
  // The entity first: the server reads the parts in order and needs it before the file.
  form.append("entity", entity);
  form.append("file", file, file.name);
  return apiUpload<UploadAnswer>("/api/imports", form);
}

export const configureImport = (
  id: string,
  body: { mapping: Mapping; duplicatePolicy: DuplicatePolicy; saveMappingAs?: string },
) => put<ConfigureAnswer>(`/api/imports/${id}`, body);
export const startImport = (id: string) => post<ImportView>(`/api/imports/${id}/start`);
export const cancelImport = (id: string) => post<ImportView>(`/api/imports/${id}/cancel`);
export const errorReportUrl = (id: string) => `/api/imports/${id}/errors.csv`;

/** An import's progress: asked every second while it runs (live events make it sooner). */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: importKeys.one(id ?? ""),
    queryFn: () => get<ImportView>(`/api/imports/${id}`),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 1000),
  });
}

export const useRecentImports = () =>
  useQuery({ queryKey: importKeys.list, queryFn: () => get<{ items: ImportView[] }>("/api/imports") });

export const useSavedMappings = (entity: ImportEntity) =>
  useQuery({
    queryKey: importKeys.mappings(entity),
    queryFn: () => get<{ items: SavedMapping[] }>("/api/import-mappings", { entity }),
    staleTime: 60_000,
  });

export const refreshImports = (client: QueryClient) => client.invalidateQueries({ queryKey: importKeys.all });
