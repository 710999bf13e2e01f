// Row selection of a list: some loaded rows by id, or every record the filter matches.

export interface Selection {
  ids: ReadonlySet<string>;
  /** Every record matching the list's filter, loaded or not (bulk actions then send the filter). */
  allMatching: boolean;
}

export const noSelection: Selection = { ids: new Set(), allMatching: false };

export function toggleRow(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, allMatching: false };
}

/** The header checkbox: selects every loaded row, or clears when all of them are selected. */
export function toggleAllLoaded(selection: Selection, loaded: readonly string[]): Selection {
  const all = loaded.length > 0 && loaded.every((id) => selection.ids.has(id));
  return all ? noSelection : { ids: new Set(loaded), allMatching: false };
}

export type HeaderCheck = "none" | "some" | "all";

export function headerCheck(selection: Selection, loaded: readonly string[]): HeaderCheck {
  if (selection.allMatching) return "all";
  const picked = loaded.filter((id) => selection.ids.has(id)).length;
  if (picked === 0) return "none";
  return picked === loaded.length ? "all" : "some";
}

/** Drops ids that are no longer in the list (deleted, or filtered out after a change). */
export function keepLoaded(selection: Selection, loaded: readonly string[]): Selection {
  if (selection.allMatching) return selection;
  const present = new Set(loaded);
  const ids = [...selection.ids].filter((id) => present.has(id));
  return ids.length === selection.ids.size ? selection : { ids: new Set(ids), allMatching: false };
}

/** The bulk endpoint's selection: ids, or the list filter. */
export function bulkTarget(
  selection: Selection,
  filter: Record<string, string>,
): { ids: string[] } | { filter: Record<string, string> } {
  return selection.allMatching ? { filter } : { ids: [...selection.ids] };
}
