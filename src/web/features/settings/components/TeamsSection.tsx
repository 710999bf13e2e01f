// Teams: create, rename, choose the lead, add and remove people, delete.
import { Button, Group, Paper, SimpleGrid, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { useMembers, useSession } from "../../../lib/session.ts";
import { teamNameSchema, useCreateTeam, useTeams } from "../api/teams.ts";
import { resolver, submitAndReset } from "../logic/forms.ts";
import type { Access } from "../logic/sections.ts";
import { SectionFrame } from "./SectionFrame.tsx";
import { TeamCard } from "./TeamCard.tsx";

export function TeamsSection({ access }: { access: Access }) {
  const { t } = useTranslation("settings");
  const { workspace } = useSession();
  const teams = useTeams(workspace.id);
  const members = useMembers();
  const create = useCreateTeam(workspace.id);
  const editable = access === "edit";
  const form = useForm({ initialValues: { name: "" }, validate: resolver(teamNameSchema, t) });
  const submit = submitAndReset(form, t, async ({ name }) => {
    await create.mutateAsync({ name: name.trim() });
    notifyDone(t("teams.created", { name: name.trim() }));
  });

  return (
    <SectionFrame section="teams" access={access}>
      {editable && (
        <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
          <Group align="flex-start" gap="sm">
            <TextInput
              label={t("teams.newName")}
              placeholder={t("teams.namePlaceholder")}
              style={{ flex: "1 1 220px" }}
              data-testid="team-create-name"
              {...form.getInputProps("name")}
            />
            <Button type="submit" mt={25} loading={form.submitting} data-testid="team-create">
              {t("teams.create")}
            </Button>
          </Group>
        </Paper>
      )}
      <QueryState query={teams} isEmpty={(list) => list.length === 0} empty={t("teams.empty")}>
        {(list) => (
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {list.map((team) => (
              <TeamCard key={team.id} team={team} members={members.data ?? []} editable={editable} />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
    </SectionFrame>
  );
}
