// A kind of record's custom fields, in the order the workspace set.
import { useMemo } from "react";
import { useCustomFields } from "../../lib/session.ts";

export function useRecordFields(entity: "contact" | "company") {
  const customFields = useCustomFields();
  const fields = useMemo(
    () =>
      (customFields.data ?? []).filter((f) => f.entity === entity).sort((a, b) => a.position - b.position),
    [customFields.data, entity],
  );
  return { fields, pending: customFields.isPending };
}
