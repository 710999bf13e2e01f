// Picks a role the signed-in person may hand out (for a member, an invitation or an API key).
import { Select, type SelectProps } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSession } from "../../../lib/session.ts";
import { grantableBy } from "../logic/sections.ts";

export function RoleSelect(props: SelectProps & { "data-testid"?: string }) {
  const { t } = useTranslation("settings");
  const { me } = useSession();
  return (
    <Select
      w={180}
      allowDeselect={false}
      data={grantableBy(me.role).map((r) => ({ value: r, label: t(`roles.${r}`, { ns: "common" }) }))}
      {...props}
    />
  );
}
