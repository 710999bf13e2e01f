// Picks the workspace member responsible for a task (or nobody).
import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Member, useMembers } from "../../../lib/session.ts";

export const memberName = (m: Pick<Member, "name" | "email">) => m.name || m.email;

const NOBODY = "__nobody__";

interface AssigneeSelectProps {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
  label?: string;
  "data-testid"?: string;
}

export function AssigneeSelect({ value, onChange, error, label, ...rest }: AssigneeSelectProps) {
  const { t } = useTranslation("tasks");
  const members = useMembers();
  const data = [
    { value: NOBODY, label: t("fields.nobody") },
    ...(members.data ?? []).map((m) => ({ value: m.userId, label: memberName(m) })),
  ];
  return (
    <Select
      label={label ?? t("fields.assignee")}
      data={data}
      value={value ?? NOBODY}
      onChange={(v) => onChange(!v || v === NOBODY ? null : v)}
      allowDeselect={false}
      searchable
      nothingFoundMessage={t("fields.noMembers")}
      disabled={members.isPending}
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid={rest["data-testid"]}
    />
  );
}
