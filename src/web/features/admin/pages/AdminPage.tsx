// Platform administration (/admin/users, /admin/workspaces): only for the installation's operators.
// Everyone else gets the same "not found" as any unknown page, so the page does not advertise itself.
import { Tabs } from "@mantine/core";
import { IconBuildingCommunity, IconUsers } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { NotFound } from "../../../components/QueryState.tsx";
import { useSession } from "../../../lib/session.ts";
import { UsersSection } from "../components/UsersSection.tsx";
import { WorkspacesSection } from "../components/WorkspacesSection.tsx";
import { sectionOf } from "../sections.ts";

export default function AdminPage() {
  const { t } = useTranslation("admin");
  const { user } = useSession();
  const params = useParams();
  const navigate = useNavigate();
  const section = sectionOf(params.section);
  if (!user.isPlatformAdmin || !section) return <NotFound />;

  return (
    <>
      <PageHeader title={t("title")} />
      <Tabs value={section} onChange={(value) => value && navigate(`/admin/${value}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users" leftSection={<IconUsers size={16} />}>
            {t("tabs.users")}
          </Tabs.Tab>
          <Tabs.Tab value="workspaces" leftSection={<IconBuildingCommunity size={16} />}>
            {t("tabs.workspaces")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersSection />
        </Tabs.Panel>
        <Tabs.Panel value="workspaces">
          <WorkspacesSection />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
