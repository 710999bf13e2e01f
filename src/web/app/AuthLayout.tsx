import { Anchor, Center, Container, Group, Paper, Text } from "@mantine/core";
import { IconFlame } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

/** Sign-in, sign-up and mail-link pages: a card in the middle, the language switch on top. */
export function AuthLayout() {
  const { t } = useTranslation();
  return (
    <Container size={420} py="xl">
      <Group justify="space-between" mb="lg">
        <Group gap={6}>
          <IconFlame size={28} color="var(--mantine-color-orange-6)" aria-hidden />
          <Text fw={700} size="xl">
            {t("app")}
          </Text>
        </Group>
        <LanguageSwitch />
      </Group>
      <Paper withBorder shadow="sm" p="lg" radius="md">
        <Outlet />
      </Paper>
      <Center mt="md">
        <Anchor href="/api/docs" size="xs" c="dimmed">
          API
        </Anchor>
      </Center>
    </Container>
  );
}
