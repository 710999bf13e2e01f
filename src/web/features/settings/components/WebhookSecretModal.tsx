// A subscription's signing secret, shown once (after creation or rotation), with a copy button and how
// a receiver uses it.
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

export function WebhookSecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation("settings");
  // Keep the text while the modal fades out.
  const shown = useRef(secret);
  if (secret) shown.current = secret;
  const value = shown.current ?? "";
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={t("webhooks.secret.title")}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack>
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          {t("webhooks.secret.warning")}
        </Alert>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            block
            style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }}
            data-testid="webhook-secret"
          >
            {value}
          </Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t("webhooks.secret.copied") : t("webhooks.secret.copy")}>
                <ActionIcon
                  variant="light"
                  color={copied ? "teal" : "gray"}
                  size="lg"
                  onClick={copy}
                  aria-label={t("webhooks.secret.copy")}
                  data-testid="webhook-secret-copy"
                >
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {t("webhooks.secret.usage")}
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="webhook-secret-close">
            {t("webhooks.secret.saved")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
