import { Button, Center, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useRouteError } from "react-router";

/** A page that threw while rendering or loading: a readable message instead of a blank screen. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Center h="60vh">
      <Stack align="center" gap="sm" role="alert">
        <Text fw={600}>{t("state.error")}</Text>
        <Text c="dimmed">{t("errors.unknown")}</Text>
        <Button variant="light" onClick={() => window.location.reload()}>
          {t("actions.retry")}
        </Button>
      </Stack>
    </Center>
  );
}
