// How a channel's new chats are handled: contacts, deals or Unsorted, and the defaults they get.
import { Select, SimpleGrid, Stack, Switch } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { useMembers, usePipelines, useSources } from "../../../lib/session.ts";
import type { ChannelFormValues } from "../logic/channels.ts";

export function ChannelRoutingFields({ form }: { form: UseFormReturnType<ChannelFormValues> }) {
  const { t } = useTranslation("settings");
  const sources = useSources();
  const pipelines = usePipelines();
  const members = useMembers();
  return (
    <Stack gap="sm">
      <Switch
        label={t("channels.routing.autoCreateContact")}
        data-testid="channel-auto-contact"
        {...form.getInputProps("autoCreateContact", { type: "checkbox" })}
      />
      <Switch
        label={t("channels.routing.autoCreateDeal")}
        data-testid="channel-auto-deal"
        {...form.getInputProps("autoCreateDeal", { type: "checkbox" })}
      />
      <Switch
        label={t("channels.routing.unsorted")}
        description={t("channels.routing.unsortedHint")}
        data-testid="channel-unsorted"
        {...form.getInputProps("unsortedForNewChats", { type: "checkbox" })}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select
          label={t("channels.routing.source")}
          placeholder={t("channels.routing.noSource")}
          data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          clearable
          searchable
          data-testid="channel-source"
          {...form.getInputProps("defaultSourceId")}
        />
        <Select
          label={t("channels.routing.pipeline")}
          placeholder={t("channels.routing.defaultPipeline")}
          data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          clearable
          data-testid="channel-pipeline"
          {...form.getInputProps("defaultPipelineId")}
        />
        <Select
          label={t("channels.routing.assignee")}
          placeholder={t("channels.routing.anyAssignee")}
          data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
          clearable
          searchable
          data-testid="channel-assignee"
          {...form.getInputProps("defaultAssigneeId")}
        />
      </SimpleGrid>
    </Stack>
  );
}
