// One platform's channels (Telegram, WhatsApp or Avito): the list and, for those who may, connect.
import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { useChannels, useDisconnectChannel } from "../api/channels.ts";
import type { Channel, Platform, WhatsAppConnected } from "../logic/channels.ts";
import { ChannelConnectModal } from "./ChannelConnectModal.tsx";
import { ChannelEditModal } from "./ChannelEditModal.tsx";
import { ChannelRow } from "./ChannelRow.tsx";
import { useConfirm } from "./ConfirmModal.tsx";
import { ListTable } from "./ListTable.tsx";

export function ChannelPlatformPanel({
  platform,
  editable,
  onWhatsAppConnected,
}: {
  platform: Platform;
  editable: boolean;
  onWhatsAppConnected: (connected: WhatsAppConnected) => void;
}) {
  const { t } = useTranslation("settings");
  const channels = useChannels(platform);
  const disconnect = useDisconnectChannel(platform);
  const confirm = useConfirm();
  const [connecting, setConnecting] = useState(false);
  const [editing, setEditing] = useState<Channel | null>(null);
  const provider = t(`channels.platforms.${platform}`);

  const connected = (channel: Channel) => {
    if (channel.platform === "whatsapp" && "verifyToken" in channel) {
      onWhatsAppConnected(channel as WhatsAppConnected);
    }
  };
  const askDisconnect = (channel: Channel) =>
    confirm.ask({
      title: t("channels.disconnectTitle", { name: channel.name }),
      message: t("channels.disconnectText"),
      confirmLabel: t("channels.disconnect"),
      onConfirm: async () => {
        await disconnect.mutateAsync(channel.id);
        notifyDone(t("channels.disconnected", { name: channel.name }));
      },
    });

  return (
    <Paper withBorder p="md" data-testid={`channel-platform-${platform}`}>
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <div>
            <Title order={4} size="h5">
              {provider}
            </Title>
            <Text size="sm" c="dimmed">
              {t(`channels.about.${platform}`)}
            </Text>
          </div>
          {editable && (
            <Button
              leftSection={<IconPlus size={16} />}
              variant="light"
              onClick={() => setConnecting(true)}
              data-testid={`channel-connect-${platform}`}
            >
              {t("channels.connect")}
            </Button>
          )}
        </Group>
        <QueryState
          query={channels}
          isEmpty={(list) => list.length === 0}
          empty={t("channels.empty", { provider })}
        >
          {(list) => (
            <ListTable
              minWidth={820}
              verticalSpacing="xs"
              testId={`channel-table-${platform}`}
              columns={[
                t("channels.name"),
                t("channels.account"),
                t("channels.statusHead"),
                t("channels.credentialsHead"),
                t("channels.deliveryHead"),
              ]}
            >
              {list.map((channel) => (
                <ChannelRow
                  key={channel.id}
                  channel={channel}
                  editable={editable}
                  onEdit={() => setEditing(channel)}
                  onDisconnect={() => askDisconnect(channel)}
                />
              ))}
            </ListTable>
          )}
        </QueryState>
      </Stack>
      {editable && (
        <ChannelConnectModal
          platform={platform}
          opened={connecting}
          onClose={() => setConnecting(false)}
          onConnected={connected}
        />
      )}
      <ChannelEditModal channel={editing} onClose={() => setEditing(null)} />
      {confirm.modal}
    </Paper>
  );
}
