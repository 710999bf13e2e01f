// The columns a list shows, as the person chose them (remembered in localStorage).
import { useState } from "react";
import { columnsKey, loadColumns, saveColumns, toggleColumn, visibleColumns } from "./columns.ts";

const storage = () => (typeof localStorage === "undefined" ? null : localStorage);

export function useColumnChoice(
  list: string,
  workspaceId: string,
  available: readonly string[],
  defaults: readonly string[],
  always: readonly string[] = [],
) {
  const key = columnsKey(list, workspaceId);
  const [chosen, setChosen] = useState(() => loadColumns(storage(), key));
  const visible = visibleColumns(chosen, available, defaults, always);
  const toggle = (column: string) => {
    const next = toggleColumn(chosen, defaults, column, always);
    setChosen(next);
    saveColumns(storage(), key, next);
  };
  return { visible, toggle };
}
