// How an integration is doing: its status badge, when it last synced, and its last error in red.
import { Badge, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { type IntegrationStatus, statusBadge } from "../logic/accounting.ts";

export function AccountingStatusLine({
  integration,
  testId,
  children,
}: {
  integration: {
    status: IntegrationStatus;
    lastSyncAt: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
  };
  testId: string;
  /** More facts on the same line (the login, whether webhooks are on). */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const badge = statusBadge(integration.status);
  return (
    <Stack gap={4}>
      <Group gap="sm">
        <Badge color={badge.color} variant="light" data-testid={testId} data-status={integration.status}>
          {t(badge.label)}
        </Badge>
        <Text size="sm" c="dimmed" data-testid={`${testId}-last-sync`}>
          {integration.lastSyncAt ? (
            <span title={formatDateTime(integration.lastSyncAt, lang)}>
              {t("accounting.lastSync", { when: formatRelative(integration.lastSyncAt, lang) })}
            </span>
          ) : (
            t("accounting.neverSynced")
          )}
        </Text>
        {children}
      </Group>
      {integration.lastError && (
        <Group gap={6} wrap="nowrap" align="flex-start" data-testid={`${testId}-error`}>
          <IconAlertTriangle
            size={16}
            color="var(--mantine-color-red-6)"
            style={{ flex: "none", marginTop: 2 }}
          />
          <Text size="sm" c="red">
            {integration.lastErrorAt
              ? t("accounting.lastError", {
                  when: formatDateTime(integration.lastErrorAt, lang),
                  error: integration.lastError,
                })
              : integration.lastError}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
