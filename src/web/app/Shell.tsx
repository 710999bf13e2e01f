// The frame of every signed-in page: navigation, global search, workspace, language and account.
import {
  Anchor,
  AppShell,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Select,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAddressBook,
  IconBuilding,
  IconChartBar,
  IconChecklist,
  IconFileImport,
  IconFlame,
  IconInbox,
  IconLayoutKanban,
  IconMessages,
  IconSettings,
  IconShieldLock,
  IconUserCircle,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { notifyDone, notifyError } from "../components/notify.ts";
import { Loading } from "../components/QueryState.tsx";
import { GlobalSearch } from "../features/search/GlobalSearch.tsx";
import { get, post } from "../lib/api.ts";
import { reconnectLiveEvents, useLiveEvents } from "../lib/live.ts";
import { useSession } from "../lib/session.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

const NAV = [
  { to: "/deals", key: "deals", icon: IconLayoutKanban },
  { to: "/contacts", key: "contacts", icon: IconAddressBook },
  { to: "/companies", key: "companies", icon: IconBuilding },
  { to: "/tasks", key: "tasks", icon: IconChecklist },
  { to: "/unsorted", key: "unsorted", icon: IconInbox },
  { to: "/inbox", key: "inbox", icon: IconMessages },
  { to: "/dashboard", key: "dashboard", icon: IconChartBar },
  { to: "/import", key: "import", icon: IconFileImport },
  { to: "/settings", key: "settings", icon: IconSettings },
] as const;

function UnsortedBadge() {
  const client = useQueryClient();
  const counts = useQuery({
    queryKey: ["unsorted", "counts"],
    queryFn: () => get<{ total: number }>("/api/unsorted/counts"),
    staleTime: 30_000,
  });
  useLiveEvents(["lead."], () => void client.invalidateQueries({ queryKey: ["unsorted"] }));
  const total = counts.data?.total ?? 0;
  return total > 0 ? (
    <Badge size="sm" color="orange" circle={total < 10}>
      {total}
    </Badge>
  ) : null;
}

function WorkspaceSwitch() {
  const { t } = useTranslation();
  const { me, workspace } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  if (me.workspaces.length < 2) {
    return (
      <Text size="sm" fw={500} visibleFrom="sm" truncate maw={200}>
        {workspace.name}
      </Text>
    );
  }
  return (
    <Select
      size="xs"
      aria-label={t("workspace.label")}
      value={workspace.id}
      allowDeselect={false}
      data={me.workspaces.map((w) => ({ value: w.id, label: w.name }))}
      onChange={async (id) => {
        if (!id || id === workspace.id) return;
        try {
          await post(`/api/workspaces/${id}/activate`);
          client.clear();
          reconnectLiveEvents();
          navigate("/deals");
          notifyDone(t("workspace.switched", { name: me.workspaces.find((w) => w.id === id)?.name }));
        } catch (err) {
          notifyError(err, t);
        }
      }}
      w={200}
    />
  );
}

function AccountMenu() {
  const { t } = useTranslation();
  const { user } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton aria-label={user.name}>
          <Group gap={6}>
            <IconUserCircle size={22} />
            <Text size="sm" visibleFrom="md">
              {user.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item
          onClick={async () => {
            await post("/api/auth/sign-out").catch(() => undefined);
            client.clear();
            navigate("/login");
          }}
        >
          {t("actions.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const nav = user.isPlatformAdmin
    ? [...NAV, { to: "/admin", key: "admin", icon: IconShieldLock } as const]
    : NAV;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} />
            <Anchor component={Link} to="/deals" c="inherit" underline="never" visibleFrom="xs">
              <Group gap={4} wrap="nowrap">
                <IconFlame size={22} color="var(--mantine-color-orange-6)" aria-hidden />
                <Text fw={700}>Flame</Text>
              </Group>
            </Anchor>
            <GlobalSearch />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <WorkspaceSwitch />
            <LanguageSwitch />
            <AccountMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("nav.menu")}>
        <ScrollArea>
          {nav.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(`nav.${item.key}`)}
              leftSection={<item.icon size={18} stroke={1.6} />}
              rightSection={item.key === "unsorted" ? <UnsortedBadge /> : null}
              active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
