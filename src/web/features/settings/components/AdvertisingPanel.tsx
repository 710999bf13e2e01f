// One advertising platform: the connect form, or once connected its status, the import in progress,
// "sync now", disconnect, and the log of runs.
import { Button, Divider, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { IconPlugConnectedX, IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDate } from "../../../lib/format.ts";
import { useAdDisconnect, useAdIntegration, useAdSyncNow, useCampaignsAfterRun } from "../api/advertising.ts";
import type { AdIntegration, AdPlatform } from "../logic/advertising.ts";
import { AccountingStatusLine } from "./AccountingStatusLine.tsx";
import { AdvertisingConnectForm } from "./AdvertisingConnectForm.tsx";
import { AdvertisingLog } from "./AdvertisingLog.tsx";
import { useConfirm } from "./ConfirmModal.tsx";

export function AdvertisingPanel({ platform, editable }: { platform: AdPlatform; editable: boolean }) {
  const { t } = useTranslation("settings");
  const status = useAdIntegration(platform);
  return (
    <Paper withBorder p="md" data-testid={`advertising-${platform}`}>
      <Stack gap="sm">
        <div>
          <Title order={4} size="h5">
            {t(`advertising.${platform}.title`)}
          </Title>
          <Text size="sm" c="dimmed">
            {t(`advertising.${platform}.about`)}
          </Text>
        </div>
        <QueryState query={status}>
          {(data) =>
            data.connected ? (
              <Connected platform={platform} integration={data} editable={editable} />
            ) : editable ? (
              <AdvertisingConnectForm platform={platform} />
            ) : (
              <Text size="sm" c="dimmed" data-testid={`${platform}-not-connected`}>
                {t("accounting.notConnected")}
              </Text>
            )
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}

function Connected({
  platform,
  integration,
  editable,
}: {
  platform: AdPlatform;
  integration: AdIntegration;
  editable: boolean;
}) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const sync = useAdSyncNow(platform);
  const disconnect = useAdDisconnect(platform);
  const confirm = useConfirm();
  const running = integration.running;
  useCampaignsAfterRun(running !== null);
  const account =
    integration.platform === "yandex_direct"
      ? integration.account.clientLogin
      : (integration.account.name ?? integration.account.accountId);

  const askDisconnect = () =>
    confirm.ask({
      title: t(`advertising.${platform}.disconnectTitle`),
      message: t("advertising.disconnectText"),
      confirmLabel: t("accounting.disconnect"),
      onConfirm: async () => {
        await disconnect.mutateAsync();
        notifyDone(t(`advertising.${platform}.disconnected`));
      },
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <AccountingStatusLine integration={integration} testId={`${platform}-status`}>
          {account && (
            <Text size="sm" c="dimmed">
              {t("accounting.account", { login: account })}
            </Text>
          )}
          <Text size="sm" c="dimmed" data-testid={`${platform}-synced-through`}>
            {integration.syncedThrough
              ? t("advertising.syncedThrough", { day: formatDate(integration.syncedThrough, lang) })
              : t("advertising.nothingImported")}
          </Text>
        </AccountingStatusLine>
        {editable && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRefresh size={14} />}
              loading={sync.isPending}
              disabled={running !== null}
              onClick={() => sync.mutate(undefined, { onError: (err) => notifyError(err, t) })}
              data-testid={`${platform}-sync`}
            >
              {t("advertising.syncNow")}
            </Button>
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconPlugConnectedX size={14} />}
              onClick={askDisconnect}
              data-testid={`${platform}-disconnect`}
            >
              {t("accounting.disconnect")}
            </Button>
          </Group>
        )}
      </Group>
      {running && (
        <Group gap="xs" data-testid={`${platform}-running`} aria-live="polite">
          <Loader size="xs" />
          <Text size="sm">
            {running.dateFrom && running.dateTo
              ? t("advertising.importing", {
                  from: formatDate(running.dateFrom, lang),
                  to: formatDate(running.dateTo, lang),
                })
              : t("advertising.importStarting")}
          </Text>
        </Group>
      )}
      <Divider />
      <AdvertisingLog platform={platform} running={running !== null} />
      {confirm.modal}
    </Stack>
  );
}
