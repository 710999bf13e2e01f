// Who sees whose records: per role, only their own, their team's, or everything in the workspace.
import { Button, Group, Paper, Radio, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { useSession } from "../../../lib/session.ts";
import { useUpdateWorkspace, VISIBILITIES, VISIBILITY_ROLES, type Visibility } from "../api/workspace.ts";

type Values = Record<(typeof VISIBILITY_ROLES)[number], Visibility>;

export function VisibilityForm({ editable }: { editable: boolean }) {
  const { t } = useTranslation("settings");
  const { workspace } = useSession();
  const update = useUpdateWorkspace(workspace.id);
  const saved: Values = {
    manager: workspace.visibility.manager ?? "team",
    member: workspace.visibility.member ?? "own",
  };
  const [values, setValues] = useState<Values>(saved);
  const dirty = VISIBILITY_ROLES.some((role) => values[role] !== saved[role]);

  const save = async () => {
    try {
      await update.mutateAsync({ visibility: values });
      notifyDone(t("state.saved", { ns: "common" }));
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <Paper withBorder p="md">
      <Title order={4} size="h5">
        {t("visibility.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("visibility.hint")}
      </Text>
      <Stack gap="lg">
        {VISIBILITY_ROLES.map((role) => (
          <Radio.Group
            key={role}
            label={t(`roles.${role}`, { ns: "common" })}
            value={values[role]}
            onChange={(v) => setValues((current) => ({ ...current, [role]: v as Visibility }))}
            data-testid={`visibility-${role}`}
          >
            <Group mt={6} gap="lg">
              {VISIBILITIES.map((v) => (
                <Radio
                  key={v}
                  value={v}
                  disabled={!editable}
                  label={t(`visibility.${v}`)}
                  description={t(`visibility.${v}Hint`)}
                  data-testid={`visibility-${role}-${v}`}
                />
              ))}
            </Group>
          </Radio.Group>
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt="md">
        {t("visibility.adminsSeeAll")}
      </Text>
      {editable && (
        <Group justify="flex-end" mt="md">
          <Button
            onClick={() => void save()}
            loading={update.isPending}
            disabled={!dirty}
            data-testid="visibility-save"
          >
            {t("actions.save", { ns: "common" })}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
