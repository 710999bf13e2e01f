// 1C: it calls our exchange URL with a login and password made here. Connecting shows the password once
// (with the URL and login to paste into 1C); then the URL and login stay shown, a new password can be
// made, every deal in the export stages sent again, the settings changed, and the runs read.
import {
  ActionIcon,
  Button,
  Code,
  CopyButton,
  Divider,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconCheck,
  IconCopy,
  IconKey,
  IconPlugConnected,
  IconPlugConnectedX,
  IconSend,
} from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { useConnectOneC, useDisconnect, useNewOneCPassword, useOneC, useSyncNow } from "../api/accounting.ts";
import type { OneC, OneCCreated } from "../logic/accounting.ts";
import { AccountingLog } from "./AccountingLog.tsx";
import { AccountingRunProgress } from "./AccountingRunProgress.tsx";
import { AccountingStatusLine } from "./AccountingStatusLine.tsx";
import { useConfirm } from "./ConfirmModal.tsx";
import { OneCSettingsForm } from "./OneCSettingsForm.tsx";
import { SecretOnceModal } from "./SecretOnceModal.tsx";

export function OneCPanel({ editable }: { editable: boolean }) {
  const { t } = useTranslation("settings");
  const status = useOneC();
  const connect = useConnectOneC();
  const [created, setCreated] = useState<OneCCreated | null>(null);
  // Keep the URL and login while the modal fades out.
  const shown = useRef(created);
  if (created) shown.current = created;

  const doConnect = () =>
    connect.mutate(undefined, {
      onSuccess: (result) => {
        notifyDone(t("accounting.oneC.connected"));
        setCreated(result);
      },
      onError: (err) => notifyError(err, t),
    });

  return (
    <Paper withBorder p="md" data-testid="accounting-one-c">
      <Stack gap="sm">
        <div>
          <Title order={4} size="h5">
            {t("accounting.oneC.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("accounting.oneC.about")}
          </Text>
        </div>
        <QueryState query={status}>
          {(data) =>
            data.connected ? (
              <Connected integration={data} editable={editable} onPassword={setCreated} />
            ) : editable ? (
              <Group>
                <Button
                  leftSection={<IconPlugConnected size={16} />}
                  loading={connect.isPending}
                  onClick={doConnect}
                  data-testid="one-c-connect"
                >
                  {t("accounting.connect")}
                </Button>
              </Group>
            ) : (
              <Text size="sm" c="dimmed" data-testid="one-c-not-connected">
                {t("accounting.notConnected")}
              </Text>
            )
          }
        </QueryState>
      </Stack>
      <SecretOnceModal
        secret={created?.password ?? null}
        onClose={() => setCreated(null)}
        texts={{
          title: "accounting.oneC.secret.title",
          warning: "accounting.oneC.secret.warning",
          copy: "accounting.oneC.secret.copy",
          copied: "accounting.oneC.secret.copied",
          usage: "accounting.oneC.secret.usage",
          saved: "accounting.oneC.secret.saved",
        }}
        testIds={{ secret: "one-c-password", copy: "one-c-password-copy", close: "one-c-password-close" }}
      >
        {shown.current && (
          <Stack gap="xs">
            <Copyable
              label={t("accounting.oneC.exchangeUrl")}
              value={shown.current.exchangeUrl}
              testId="one-c-secret-url"
            />
            <Copyable
              label={t("accounting.oneC.login")}
              value={shown.current.account.login}
              testId="one-c-secret-login"
            />
            <Text size="sm" fw={500}>
              {t("accounting.oneC.password")}
            </Text>
          </Stack>
        )}
      </SecretOnceModal>
    </Paper>
  );
}

function Connected({
  integration,
  editable,
  onPassword,
}: {
  integration: OneC;
  editable: boolean;
  onPassword: (created: OneCCreated) => void;
}) {
  const { t } = useTranslation("settings");
  const sync = useSyncNow("one-c");
  const password = useNewOneCPassword();
  const disconnect = useDisconnect("one-c");
  const confirm = useConfirm();
  const running = integration.running;

  const askPassword = () =>
    confirm.ask({
      title: t("accounting.oneC.newPasswordTitle"),
      message: t("accounting.oneC.newPasswordText"),
      confirmLabel: t("accounting.oneC.newPassword"),
      color: "orange",
      onConfirm: async () => onPassword(await password.mutateAsync()),
    });
  const askDisconnect = () =>
    confirm.ask({
      title: t("accounting.oneC.disconnectTitle"),
      message: t("accounting.oneC.disconnectText"),
      confirmLabel: t("accounting.disconnect"),
      onConfirm: async () => {
        await disconnect.mutateAsync();
        notifyDone(t("accounting.oneC.disconnected"));
      },
    });
  const resend = () =>
    sync.mutate(undefined, {
      onSuccess: () => notifyDone(t("accounting.oneC.resent")),
      onError: (err) => notifyError(err, t),
    });

  return (
    <Stack gap="md">
      <AccountingStatusLine integration={integration} testId="one-c-status" />
      <Stack gap="xs" maw={640}>
        <Copyable
          label={t("accounting.oneC.exchangeUrl")}
          value={integration.exchangeUrl}
          testId="one-c-url"
        />
        <Copyable label={t("accounting.oneC.login")} value={integration.account.login} testId="one-c-login" />
      </Stack>
      {editable && (
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconSend size={14} />}
            loading={sync.isPending}
            onClick={resend}
            data-testid="one-c-sync"
          >
            {t("accounting.oneC.resend")}
          </Button>
          <Button
            size="xs"
            variant="light"
            color="orange"
            leftSection={<IconKey size={14} />}
            onClick={askPassword}
            data-testid="one-c-new-password"
          >
            {t("accounting.oneC.newPassword")}
          </Button>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconPlugConnectedX size={14} />}
            onClick={askDisconnect}
            data-testid="one-c-disconnect"
          >
            {t("accounting.disconnect")}
          </Button>
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {t("accounting.oneC.resendHint")}
      </Text>
      {running && <AccountingRunProgress run={running} testId="one-c-progress" />}
      <Divider />
      <OneCSettingsForm key={integration.id} integration={integration} editable={editable} />
      <Divider />
      <AccountingLog platform="one-c" running={running !== null} />
      {confirm.modal}
    </Stack>
  );
}

/** A value to paste into 1C, with a copy button. */
function Copyable({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation("settings");
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code style={{ flex: 1, wordBreak: "break-all" }} data-testid={testId}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("accounting.copied") : t("accounting.copy")}>
              <ActionIcon
                variant="subtle"
                color={copied ? "teal" : "gray"}
                onClick={copy}
                aria-label={t("accounting.copyName", { name: label })}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
