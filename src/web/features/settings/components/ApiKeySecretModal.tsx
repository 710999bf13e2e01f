// The new key's secret, shown once, with a copy button and a warning that it will not be shown again.
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

export function ApiKeySecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation("settings");
  // Keep the text while the modal fades out.
  const shown = useRef(secret);
  if (secret) shown.current = secret;
  const value = shown.current ?? "";
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={t("apiKeys.secretTitle")}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack>
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          {t("apiKeys.secretWarning")}
        </Alert>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            block
            style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }}
            data-testid="api-key-secret"
          >
            {value}
          </Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t("apiKeys.copied") : t("apiKeys.copy")}>
                <ActionIcon
                  variant="light"
                  color={copied ? "teal" : "gray"}
                  size="lg"
                  onClick={copy}
                  aria-label={t("apiKeys.copy")}
                  data-testid="api-key-copy"
                >
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {t("apiKeys.usage")}
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="api-key-secret-close">
            {t("apiKeys.saved")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
