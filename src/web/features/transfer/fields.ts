// Mapping helpers over the importable fields (src/common/imports.ts, shared with the server).
import { IMPORT_FIELDS, type ImportEntity, MULTI_FIELDS, REQUIRED_FIELDS } from "../../../common/imports.ts";

export {
  IMPORT_ENTITIES,
  IMPORT_FIELDS,
  type ImportEntity,
  MULTI_FIELDS,
  REQUIRED_FIELDS,
} from "../../../common/imports.ts";

export type Mapping = Record<string, string>;

export type MappingProblem =
  | { kind: "empty" }
  | { kind: "required"; field: string }
  | { kind: "twice"; field: string };

/** Drops columns mapped to nothing and anything that is not a field of the entity or not a header. */
export function cleanMapping(entity: ImportEntity, headers: string[], mapping: Mapping): Mapping {
  const fields = new Set<string>(IMPORT_FIELDS[entity]);
  return Object.fromEntries(
    Object.entries(mapping).filter(([header, field]) => headers.includes(header) && fields.has(field)),
  );
}

/** What keeps the mapping from being used: nothing mapped, a required field missing, a field twice. */
export function mappingProblems(entity: ImportEntity, mapping: Mapping): MappingProblem[] {
  const used = new Map<string, number>();
  for (const field of Object.values(mapping)) used.set(field, (used.get(field) ?? 0) + 1);
  const problems: MappingProblem[] = [];
  if (used.size === 0) problems.push({ kind: "empty" });
  for (const field of REQUIRED_FIELDS[entity])
    if (!used.has(field)) problems.push({ kind: "required", field });
  for (const [field, n] of used)
    if (n > 1 && !MULTI_FIELDS.has(field)) problems.push({ kind: "twice", field });
  return problems;
}

/** Fields already taken by another column (so a select can show them as taken). */
export function takenFields(mapping: Mapping, exceptHeader: string): Set<string> {
  return new Set(
    Object.entries(mapping)
      .filter(([header, field]) => header !== exceptHeader && !MULTI_FIELDS.has(field))
      .map(([, field]) => field),
  );
}

/**
 * A saved mapping applied to this file: its columns that the file has (matched exactly, then ignoring
 * case and spaces) take their saved fields; the other columns keep theirs unless a saved one took it.
 */
export function applySaved(
  entity: ImportEntity,
  headers: string[],
  current: Mapping,
  saved: Mapping,
): Mapping {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  const byNorm = new Map(headers.map((h) => [norm(h), h]));
  const applied: Mapping = {};
  for (const [header, field] of Object.entries(saved)) {
    const target = headers.includes(header) ? header : byNorm.get(norm(header));
    if (target) applied[target] = field;
  }
  const taken = new Set(Object.values(applied).filter((f) => !MULTI_FIELDS.has(f)));
  const kept = Object.entries(current).filter(([header, field]) => !(header in applied) && !taken.has(field));
  return cleanMapping(entity, headers, { ...Object.fromEntries(kept), ...applied });
}

/** The status of an import in the list and the wizard. */
export type ImportStatus = "uploaded" | "running" | "done" | "failed" | "cancelled";
export const isFinished = (status: ImportStatus) =>
  status === "done" || status === "failed" || status === "cancelled";
