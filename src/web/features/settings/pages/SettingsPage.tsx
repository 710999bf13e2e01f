// Settings, one section at a time (/settings/:section): a menu on the left, a select on a phone.
import { Box, Group, NavLink, Select, Stack } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import {
  IconBuilding,
  IconCalculator,
  IconChartBar,
  IconClipboardText,
  IconForms,
  IconKey,
  IconLayoutKanban,
  IconMessages,
  IconMoodSad,
  IconTag,
  IconTargetArrow,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { NotFound } from "../../../components/QueryState.tsx";
import { useSession } from "../../../lib/session.ts";
import { AccountingSection } from "../components/AccountingSection.tsx";
import { AdvertisingSection } from "../components/AdvertisingSection.tsx";
import { ApiKeysSection } from "../components/ApiKeysSection.tsx";
import { ChannelsSection } from "../components/ChannelsSection.tsx";
import { CustomFieldsSection } from "../components/CustomFieldsSection.tsx";
import { DictionarySection } from "../components/DictionarySection.tsx";
import { FormsSection } from "../components/FormsSection.tsx";
import { MembersSection } from "../components/MembersSection.tsx";
import { PipelinesSection } from "../components/PipelinesSection.tsx";
import { SectionFrame } from "../components/SectionFrame.tsx";
import { TeamsSection } from "../components/TeamsSection.tsx";
import { WebhooksSection } from "../components/WebhooksSection.tsx";
import { WorkspaceSection } from "../components/WorkspaceSection.tsx";
import {
  type Access,
  accessTo,
  DEFAULT_SECTION,
  isSection,
  type Section,
  visibleSections,
} from "../logic/sections.ts";

const ICONS: Record<Section, typeof IconBuilding> = {
  workspace: IconBuilding,
  members: IconUsers,
  teams: IconUsersGroup,
  pipelines: IconLayoutKanban,
  sources: IconTargetArrow,
  "loss-reasons": IconMoodSad,
  tags: IconTag,
  "custom-fields": IconForms,
  "api-keys": IconKey,
  channels: IconMessages,
  webhooks: IconWebhook,
  accounting: IconCalculator,
  advertising: IconChartBar,
  forms: IconClipboardText,
};

function SectionView({ section, access }: { section: Section; access: Access }) {
  if (access === "none") return <SectionFrame section={section} access="none" />;
  switch (section) {
    case "workspace":
      return <WorkspaceSection access={access} />;
    case "members":
      return <MembersSection access={access} />;
    case "teams":
      return <TeamsSection access={access} />;
    case "pipelines":
      return <PipelinesSection access={access} />;
    case "sources":
    case "loss-reasons":
    case "tags":
      return <DictionarySection key={section} section={section} access={access} />;
    case "custom-fields":
      return <CustomFieldsSection access={access} />;
    case "api-keys":
      return <ApiKeysSection access={access} />;
    case "channels":
      return <ChannelsSection access={access} />;
    case "webhooks":
      return <WebhooksSection access={access} />;
    case "accounting":
      return <AccountingSection access={access} />;
    case "advertising":
      return <AdvertisingSection access={access} />;
    case "forms":
      return <FormsSection access={access} />;
  }
}

export default function SettingsPage() {
  const { t } = useTranslation("settings");
  const { section: param } = useParams();
  const navigate = useNavigate();
  const { can } = useSession();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const section: Section | null = param === undefined ? DEFAULT_SECTION : isSection(param) ? param : null;
  if (!section) return <NotFound />;
  const menu = visibleSections(can);
  const label = (s: Section) => t(`sections.${s}`);

  return (
    <>
      <PageHeader title={t("title")} />
      {phone && (
        <Select
          mb="md"
          aria-label={t("menu")}
          data={menu.map((s) => ({ value: s, label: label(s) }))}
          value={menu.includes(section) ? section : null}
          placeholder={label(section)}
          allowDeselect={false}
          onChange={(s) => s && navigate(`/settings/${s}`)}
          data-testid="settings-nav"
        />
      )}
      <Group align="flex-start" gap="lg" wrap="nowrap">
        {!phone && (
          <Stack
            component="nav"
            gap={2}
            w={220}
            style={{ flexShrink: 0 }}
            aria-label={t("menu")}
            data-testid="settings-nav"
          >
            {menu.map((s) => {
              const Icon = ICONS[s];
              return (
                <NavLink
                  key={s}
                  component={Link}
                  to={`/settings/${s}`}
                  label={label(s)}
                  leftSection={<Icon size={18} stroke={1.6} />}
                  active={s === section}
                  aria-current={s === section ? "page" : undefined}
                  data-testid={`settings-nav-${s}`}
                />
              );
            })}
          </Stack>
        )}
        <Box style={{ flex: 1 }} miw={0}>
          <SectionView section={section} access={accessTo(section, can)} />
        </Box>
      </Group>
    </>
  );
}
