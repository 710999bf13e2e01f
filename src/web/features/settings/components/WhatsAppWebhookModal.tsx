// After a WhatsApp connect: the callback URL and the verify token for Meta's App Dashboard. The token is
// in this answer only, so the modal says so.
import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import type { WhatsAppConnected } from "../logic/channels.ts";

function CopyRow({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation("settings");
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code block style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }} data-testid={testId}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("channels.copied") : t("channels.copy")}>
              <ActionIcon
                variant="light"
                color={copied ? "teal" : "gray"}
                size="lg"
                onClick={copy}
                aria-label={t("channels.copyName", { name: label })}
                data-testid={`${testId}-copy`}
              >
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

export function WhatsAppWebhookModal({
  connected,
  onClose,
}: {
  connected: WhatsAppConnected | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("settings");
  // Keep the text while the modal fades out.
  const shown = useRef(connected);
  if (connected) shown.current = connected;
  const value = shown.current;
  return (
    <Modal
      opened={connected !== null}
      onClose={onClose}
      title={t("channels.whatsapp.title")}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      <Stack>
        <Text size="sm">{t("channels.whatsapp.instruction")}</Text>
        <CopyRow
          label={t("channels.whatsapp.callbackUrl")}
          value={value?.callbackUrl ?? ""}
          testId="whatsapp-callback-url"
        />
        <CopyRow
          label={t("channels.whatsapp.verifyToken")}
          value={value?.verifyToken ?? ""}
          testId="whatsapp-verify-token"
        />
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          {t("channels.whatsapp.once")}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="whatsapp-webhook-close">
            {t("channels.whatsapp.done")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
