// One channel in its platform's table: name, account, status (with the last error), masked credentials,
// how updates arrive, and the edit and disconnect actions.
import { Badge, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconPencil, IconPlugConnectedX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../../lib/format.ts";
import { accountText, type Channel, maskedCredentials, statusBadge } from "../logic/channels.ts";
import { ActionsCell } from "./ListTable.tsx";
import { RowAction } from "./RowAction.tsx";

export function ChannelRow({
  channel,
  editable,
  onEdit,
  onDisconnect,
}: {
  channel: Channel;
  editable: boolean;
  onEdit: () => void;
  onDisconnect: () => void;
}) {
  const { t, i18n } = useTranslation("settings");
  const badge = statusBadge(channel.status);
  const credentials = maskedCredentials(channel);
  const off = channel.status === "disconnected";
  return (
    <Table.Tr data-testid={`channel-row-${channel.id}`} c={off ? "dimmed" : undefined}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {channel.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{accountText(channel)}</Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Badge color={badge.color} variant="light" data-testid={`channel-status-${channel.id}`}>
            {t(badge.label)}
          </Badge>
          {channel.status === "error" && channel.lastError && (
            <Text size="xs" c="red" data-testid={`channel-error-${channel.id}`}>
              {channel.lastError}
              {channel.lastErrorAt && ` · ${formatDateTime(channel.lastErrorAt, i18n.language)}`}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        {credentials.length > 0 ? (
          <Stack gap={0}>
            {credentials.map(([field, value]) => (
              <Text key={field} size="xs" ff="monospace">
                {t(`channels.credentials.${field}`)}: {value}
              </Text>
            ))}
          </Stack>
        ) : (
          <Text size="xs" c="orange">
            {t("channels.unreadable")}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {channel.delivery === "polling" ? (
          <Tooltip label={t("channels.pollingHint")} multiline w={280}>
            <Badge color="yellow" variant="light" style={{ cursor: "help" }} tabIndex={0}>
              {t("channels.delivery.polling")}
            </Badge>
          </Tooltip>
        ) : (
          <Badge color="blue" variant="light">
            {t("channels.delivery.webhook")}
          </Badge>
        )}
      </Table.Td>
      <ActionsCell>
        {editable && (
          <RowAction
            label={t("channels.edit")}
            ariaLabel={t("channels.editName", { name: channel.name })}
            icon={IconPencil}
            color="gray"
            onClick={onEdit}
            testId={`channel-edit-${channel.id}`}
          />
        )}
        {editable && !off && (
          <RowAction
            label={t("channels.disconnect")}
            ariaLabel={t("channels.disconnectName", { name: channel.name })}
            icon={IconPlugConnectedX}
            onClick={onDisconnect}
            testId={`channel-disconnect-${channel.id}`}
          />
        )}
      </ActionsCell>
    </Table.Tr>
  );
}
