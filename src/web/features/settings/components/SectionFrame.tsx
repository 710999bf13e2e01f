// The root of every settings section: its title, a line on what it is for, and a note when read-only.
import { Alert, Stack, Text, Title } from "@mantine/core";
import { IconEye, IconLock } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Access, Section } from "../logic/sections.ts";

export function SectionFrame({
  section,
  access,
  children,
}: {
  section: Section;
  access: Access;
  children?: ReactNode;
}) {
  const { t } = useTranslation("settings");
  return (
    <Stack data-testid={`settings-section-${section}`} gap="md">
      <div>
        <Title order={3} size="h4">
          {t(`sections.${section}`)}
        </Title>
        <Text c="dimmed" size="sm">
          {t(`descriptions.${section}`)}
        </Text>
      </div>
      {access === "view" && (
        <Alert variant="light" color="gray" icon={<IconEye size={18} />} data-testid="settings-read-only">
          {t("readOnly")}
        </Alert>
      )}
      {access === "none" ? (
        <Alert variant="light" color="orange" icon={<IconLock size={18} />} data-testid="settings-no-access">
          {t("noAccess")}
        </Alert>
      ) : (
        children
      )}
    </Stack>
  );
}
