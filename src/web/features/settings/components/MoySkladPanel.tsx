// MoySklad: the connect form, or once connected its status, the sync in progress, "sync now", the
// settings with the state ↔ stage map, disconnect, and the log of runs.
import { Button, Divider, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconPlugConnectedX, IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { useDisconnect, useMoySklad, useSyncNow } from "../api/accounting.ts";
import type { MoySklad } from "../logic/accounting.ts";
import { AccountingLog } from "./AccountingLog.tsx";
import { AccountingRunProgress } from "./AccountingRunProgress.tsx";
import { AccountingStatusLine } from "./AccountingStatusLine.tsx";
import { useConfirm } from "./ConfirmModal.tsx";
import { MoySkladConnectForm } from "./MoySkladConnectForm.tsx";
import { MoySkladSettingsForm } from "./MoySkladSettingsForm.tsx";

export function MoySkladPanel({ editable }: { editable: boolean }) {
  const { t } = useTranslation("settings");
  const status = useMoySklad();
  return (
    <Paper withBorder p="md" data-testid="accounting-moysklad">
      <Stack gap="sm">
        <div>
          <Title order={4} size="h5">
            {t("accounting.moysklad.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("accounting.moysklad.about")}
          </Text>
        </div>
        <QueryState query={status}>
          {(data) =>
            data.connected ? (
              <Connected integration={data} editable={editable} />
            ) : editable ? (
              <MoySkladConnectForm />
            ) : (
              <Text size="sm" c="dimmed" data-testid="moysklad-not-connected">
                {t("accounting.notConnected")}
              </Text>
            )
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}

function Connected({ integration, editable }: { integration: MoySklad; editable: boolean }) {
  const { t } = useTranslation("settings");
  const sync = useSyncNow("moysklad");
  const disconnect = useDisconnect("moysklad");
  const confirm = useConfirm();
  const running = integration.running;

  const askDisconnect = () =>
    confirm.ask({
      title: t("accounting.moysklad.disconnectTitle"),
      message: t("accounting.moysklad.disconnectText"),
      confirmLabel: t("accounting.disconnect"),
      onConfirm: async () => {
        await disconnect.mutateAsync();
        notifyDone(t("accounting.moysklad.disconnected"));
      },
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="sm">
        <AccountingStatusLine integration={integration} testId="moysklad-status">
          {integration.account.login && (
            <Text size="sm" c="dimmed">
              {t("accounting.account", { login: integration.account.login })}
            </Text>
          )}
          <Text size="sm" c="dimmed" data-testid="moysklad-webhooks" data-on={integration.webhooks}>
            {integration.webhooks
              ? t("accounting.moysklad.webhooksOn")
              : t("accounting.moysklad.webhooksOff")}
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
              data-testid="moysklad-sync"
            >
              {t("accounting.moysklad.syncNow")}
            </Button>
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconPlugConnectedX size={14} />}
              onClick={askDisconnect}
              data-testid="moysklad-disconnect"
            >
              {t("accounting.disconnect")}
            </Button>
          </Group>
        )}
      </Group>
      {running && <AccountingRunProgress run={running} testId="moysklad-progress" />}
      <Divider />
      <MoySkladSettingsForm key={integration.id} integration={integration} editable={editable} />
      <Divider />
      <AccountingLog platform="moysklad" running={running !== null} />
      {confirm.modal}
    </Stack>
  );
}
