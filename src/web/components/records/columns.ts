// Which columns a list shows: the person's choice, remembered in the browser per list and workspace.

/** The part of `localStorage` this needs (so tests can pass a map). */
export interface ColumnStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const columnsKey = (list: string, workspaceId: string) => `flame.columns.${list}.${workspaceId}`;

/** The stored choice, or null when nothing (valid) is stored. */
export function loadColumns(store: ColumnStore | null, key: string): string[] | null {
  try {
    const raw = store?.getItem(key);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((c) => typeof c === "string") ? parsed : null;
  } catch {
    return null;
  }
}

export function saveColumns(store: ColumnStore | null, key: string, columns: string[]): void {
  try {
    store?.setItem(key, JSON.stringify(columns));
  } catch {
    // Private mode or a full storage: the choice just lasts until the page closes.
  }
}

/**
 * The columns to show, in the list's own order: the chosen ones that still exist (a custom field may have
 * been deleted), the always-shown ones, else the defaults.
 */
export function visibleColumns(
  chosen: string[] | null,
  available: readonly string[],
  defaults: readonly string[],
  always: readonly string[] = [],
): string[] {
  const wanted = new Set([...(chosen ?? defaults), ...always]);
  return available.filter((c) => wanted.has(c));
}

/** Shows or hides one column; the stored list keeps columns not available now (fields still loading). */
export function toggleColumn(
  chosen: string[] | null,
  defaults: readonly string[],
  column: string,
  always: readonly string[] = [],
): string[] {
  if (always.includes(column)) return chosen ?? [...defaults];
  const current = chosen ?? [...defaults];
  return current.includes(column) ? current.filter((c) => c !== column) : [...current, column];
}
