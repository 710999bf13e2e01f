// One team: its name, lead and people, editable in place.
import { Group, MultiSelect, Paper, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { type Member, useSession } from "../../../lib/session.ts";
import { type Team, useDeleteTeam, useSetTeamMembers, useUpdateTeam } from "../api/teams.ts";
import { useConfirm } from "./ConfirmModal.tsx";
import { InlineName } from "./InlineName.tsx";
import { RowAction } from "./RowAction.tsx";

export function TeamCard({ team, members, editable }: { team: Team; members: Member[]; editable: boolean }) {
  const { t } = useTranslation("settings");
  const { workspace } = useSession();
  const update = useUpdateTeam(workspace.id);
  const setMembers = useSetTeamMembers(workspace.id);
  const remove = useDeleteTeam(workspace.id);
  const confirm = useConfirm();
  const people = members.map((m) => ({ value: m.userId, label: m.name || m.email }));
  const nameOf = (userId: string | null) => members.find((m) => m.userId === userId)?.name ?? "—";

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      notifyDone(t("state.saved", { ns: "common" }));
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <Paper withBorder p="md" data-testid={`team-${team.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <InlineName
            value={team.name}
            label={team.name}
            editable={editable}
            fw={600}
            testId={`team-name-${team.id}`}
            onSave={(name) => update.mutateAsync({ id: team.id, name })}
          />
          {editable && (
            <RowAction
              label={t("teams.delete")}
              ariaLabel={t("teams.deleteName", { name: team.name })}
              testId={`team-delete-${team.id}`}
              onClick={() =>
                confirm.ask({
                  title: t("teams.deleteTitle"),
                  message: t("teams.deleteText", { name: team.name }),
                  confirmLabel: t("actions.delete", { ns: "common" }),
                  onConfirm: async () => {
                    await remove.mutateAsync(team.id);
                    notifyDone(t("teams.deleted", { name: team.name }));
                  },
                })
              }
            />
          )}
        </Group>
        {editable ? (
          <>
            <Select
              label={t("teams.lead")}
              placeholder={t("teams.noLead")}
              data={people}
              value={team.leadUserId}
              clearable
              searchable
              nothingFoundMessage={t("nothingFound")}
              onChange={(leadUserId) => void run(() => update.mutateAsync({ id: team.id, leadUserId }))}
              data-testid={`team-lead-${team.id}`}
            />
            <MultiSelect
              label={t("teams.members")}
              placeholder={team.memberIds.length === 0 ? t("teams.addMembers") : undefined}
              data={people}
              value={team.memberIds}
              searchable
              hidePickedOptions
              nothingFoundMessage={t("nothingFound")}
              disabled={setMembers.isPending}
              onChange={(memberIds) => void run(() => setMembers.mutateAsync({ team, memberIds }))}
              data-testid={`team-members-${team.id}`}
            />
          </>
        ) : (
          <>
            <Text size="sm">
              <Text span c="dimmed">
                {t("teams.lead")}:{" "}
              </Text>
              {nameOf(team.leadUserId)}
            </Text>
            <Text size="sm">
              <Text span c="dimmed">
                {t("teams.members")}:{" "}
              </Text>
              {team.memberIds.length ? team.memberIds.map(nameOf).join(", ") : t("teams.nobody")}
            </Text>
          </>
        )}
      </Stack>
      {confirm.modal}
    </Paper>
  );
}
